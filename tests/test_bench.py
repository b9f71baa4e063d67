"""The benchmarks measure what they say: real texts for storage, a fair baseline for crawls."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_module(name: str) -> ModuleType:
    """A bench/ script as a module; bench/ on sys.path for the scripts' own imports."""
    if str(BENCH) not in sys.path:
        sys.path.append(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def storage_bench() -> ModuleType:
    return _bench_module("storage")


def test_storage_bench_articles_are_made_of_real_texts(storage_bench):
    articles = storage_bench.make_articles(200)
    words = {
        w.lower() for a in articles for w in re.findall(r"\w+", f"{a.title} {a.lead} {a.body}")
    }
    # The old bench drew every article from 45 words; the seed and golden pages hold well over
    # a thousand distinct words.
    assert len(words) > 1000
    titles = {a.title for a in articles}
    assert (
        "Переговоры Жапарова и Путина: товарооборот, инвестиции и подписание документов" in titles
    )
    bodies = "\n\n".join(a.body for a in articles)
    # A real paragraph of the 24.kg seed page, word for word.
    assert "В Бишкеке в «Ынтымак Ордо» завершились переговоры президента Кыргызстана" in bodies
    # Shuffled: articles differ from each other.
    assert len({a.body for a in articles}) == len(articles)


@pytest.fixture(scope="module")
def crawl_bench() -> ModuleType:
    return _bench_module("crawl")


def test_the_crawl_benchs_baseline_fetches_the_articles_and_nothing_else(crawl_bench, tmp_path):
    """The baseline only fetches: no link of the pages is followed, nothing is parsed."""
    from tests.site import LocalSite
    from tests.site.runner import CrawlJob, run_crawls

    with LocalSite("24kg", articles=12, per_page=5) as site:
        articles = [site.url(number) for number in site.numbers()]
        settings = {
            **crawl_bench.COMMON_SETTINGS,
            **crawl_bench.FETCH_ONLY_SETTINGS,
            "BENCH_URLS": articles,
            "CLOSESPIDER_PAGECOUNT": 12,
        }
        result = run_crawls([CrawlJob(crawl_bench.FETCH_ONLY_SPIDER, settings)], tmp_path)
        fetched = sorted(site.base + r.path for r in site.requests if r.path != "/robots.txt")
    assert fetched == sorted(articles)  # each article once; listings and links never
    (stats,) = result.stats
    assert stats.get("item_scraped_count", 0) == 0


def test_the_crawl_benchs_two_sides_fetch_the_same_addresses(crawl_bench, tmp_path):
    """The fetch-only side asks for exactly what the full crawl was served (feed and listings
    too, not only articles), each as often; the full crawl's WARC copies stay in the bench's
    folder."""
    from collections import Counter

    from tests.site import LocalSite

    with LocalSite("24kg", articles=12, per_page=5) as site:
        ((fetch_only, full),) = crawl_bench.bench(site, 100, rounds=1, work=tmp_path)
        asked = Counter((r.path, r.status) for r in site.requests)
        articles = {site.path(number) for number in site.numbers()}
    sources = {"/robots.txt", "/rss/", "/vlast/", "/obschestvo/", "/biznes_info/"}
    past_the_end = {"/vlast/page_2/", "/obschestvo/page_2/", "/biznes_info/page_2/"}
    assert asked == {
        **{(path, 200): 2 for path in sources | articles},
        **{(path, 404): 2 for path in past_the_end},
    }
    assert fetch_only.pages == full.pages == 20
    assert (fetch_only.items, full.items) == (0, 12)
    assert [p.parent.name for p in tmp_path.glob("warc-24kg-100-0/*/*.warc.gz")] == ["24kg"]


def test_the_crawl_benchs_ratio_line_gives_median_and_spread(crawl_bench):
    assert str(crawl_bench.Spread.of([0.91, 0.62, 0.8])) == "median 0.80 (min 0.62, max 0.91)"
    assert crawl_bench.TARGET_RATIO == 0.8
