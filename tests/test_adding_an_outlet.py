"""docs/adding-an-outlet.md, proven: its example outlet module, taken from the page as written,
is one module that makes a spider and an extractor; crawled from the local test site (a
WordPress site like ИА Реалист's), it stores every article through its own site extractor."""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors import extract
from extractors.outlets import OUTLETS
from extractors.record import Outlet
from newsasia_spider.spiders.base import OutletSpider
from newsasia_spider.storage import open_storage
from tests.site import LocalSite
from tests.site.runner import ROOT, CrawlJob, run_crawls

pytestmark = pytest.mark.slow

HOWTO = ROOT / "docs" / "adding-an-outlet.md"
ARTICLES = 12


def howto_module() -> str:
    """The how-to's outlet module: its Python block that declares OUTLET."""
    blocks = re.findall(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.DOTALL)
    modules = [block for block in blocks if "\nOUTLET = Outlet(" in block]
    assert len(modules) == 1, "the how-to shows one outlet module"
    return modules[0]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the how-to's module as alatoo.py and a spider module made from it."""
    folder = tmp_path_factory.mktemp("toy_outlet")
    (folder / "alatoo.py").write_text(howto_module(), encoding="utf-8")
    (folder / "alatoo_spider.py").write_text(
        textwrap.dedent("""\
            from alatoo import OUTLET
            from newsasia_spider.spiders.base import OutletSpider

            AlatooSpider = OutletSpider.for_outlet(OUTLET, module=__name__)
        """),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def toy_outlet(toy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Outlet]:
    monkeypatch.syspath_prepend(str(toy))
    module = importlib.import_module("alatoo")
    yield module.OUTLET
    sys.modules.pop("alatoo", None)


def test_the_module_is_the_whole_outlet(toy_outlet: Outlet) -> None:
    assert toy_outlet.name == "alatoo"
    assert toy_outlet.main_domain == "alatoo-news.example"
    assert toy_outlet not in OUTLETS  # the example is not one of the product's outlets
    spider = OutletSpider.for_outlet(toy_outlet)
    assert spider.name == "alatoo" and spider.__name__ == "AlatooSpider"
    assert spider.record is toy_outlet


def test_its_extractor_reads_its_pages(toy_outlet: Outlet) -> None:
    page = (
        '<html lang="ru"><head><title>Новость</title>'
        '<meta property="article:published_time" content="2025-11-26T10:00:00+06:00"></head>'
        '<body class="single single-post postid-7"><article class="post-7 post">'
        '<h1 class="entry-title">Жогорку Кенеш принял закон</h1><div class="entry-content">'
        f"<p>{'Депутаты одобрили закон о выборах в третьем чтении. ' * 4}</p>"
        "</div></article></body></html>"
    )
    url = "https://alatoo-news.example/2025/11/26/zakon/"
    article = extract(page, url, outlet=toy_outlet, force="site")
    assert article.outlet == "alatoo"
    assert article.extractor.startswith("site:alatoo/")
    assert article.title == "Жогорку Кенеш принял закон"
    assert article.published.isoformat() == "2025-11-26T10:00:00+06:00"


def test_crawled_from_the_local_test_site_it_stores_every_article(
    toy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(toy))  # the crawl runs in a child process
    db = tmp_path / "alatoo.sqlite"
    with LocalSite("realist", articles=ARTICLES, feed_size=5) as site:
        settings = {
            "NEWSASIA_BASE_URL": site.base,
            "NEWSASIA_DB": str(db),
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "NEWSASIA_MAX_AGE_DAYS": 0,
        }
        result = run_crawls([CrawlJob("alatoo_spider:AlatooSpider", settings)], tmp_path)
        served = {r.article for r in site.requests if r.article and r.status == 200}
        numbers = set(site.numbers())
    stats = result.stats[0]
    assert stats["finish_reason"] == "finished", result.log[-3000:]
    assert stats.get("log_count/ERROR", 0) == 0, result.log[-3000:]
    assert served == numbers  # the feed, sitemaps and listing pages found them all
    storage = open_storage(str(db))
    try:
        articles = list(storage.iter_articles())
    finally:
        storage.close()
    assert len(articles) == ARTICLES
    assert {article.outlet for article in articles} == {"alatoo"}
    assert all(article.extractor.startswith("site:alatoo/") for article in articles)
    assert all(article.title and article.body and article.published for article in articles)
    assert stats["newsasia/new"] == ARTICLES
