"""The outlet spiders: declarations, source readers, incremental rules, and whole crawls of the
local test site (tests/site) — every discovery path, second runs, revisions, robots.txt, 403
walls and 429s. Crawls run in child processes (tests/site/runner.py); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Response
from scrapy.settings import Settings

from newsasia_spider import settings as project_settings
from newsasia_spider.downloadermiddlewares.backoff import parse_retry_after
from newsasia_spider.spidermiddlewares.incremental import IncrementalMiddleware
from newsasia_spider.spiders.base import OutletSpider
from newsasia_spider.spiders.outlets import Kg24Spider, NewsAsiaSpider, RealistSpider, TassSpider
from newsasia_spider.spiders.sources import UnreadableSource, feed_links, sitemap_links
from newsasia_spider.storage import UrlState, open_storage
from newsasia_spider.urls import url_key
from tests.site import LocalSite
from tests.site.runner import ROOT, CrawlJob, run_crawls

OUTLETS = ("news-asia", "tass", "24kg", "realist")
# Our own server needs no politeness delays; every test article is recent enough.
FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "NEWSASIA_MAX_AGE_DAYS": 0,
    "NEWSASIA_DB_COMMIT_SECONDS": 0.5,
    "NEWSASIA_BACKOFF_SECONDS": 0.2,
}


def job(site: LocalSite, db: Path, **settings: Any) -> CrawlJob:
    return CrawlJob(
        site.outlet,
        {**FAST, "NEWSASIA_BASE_URL": site.base, "NEWSASIA_DB": str(db), **settings},
    )


def crawl(site: LocalSite, db: Path, work: Path, **settings: Any) -> dict[str, Any]:
    """One crawl of one site; its Scrapy stats."""
    result = run_crawls([job(site, db, **settings)], work)
    stats = result.stats[0]
    assert stats.get("log_count/ERROR", 0) == 0, result.log[-3000:]
    return stats


def fetched_since(site: LocalSite, mark: int) -> list[int]:
    """Article numbers the site served in full since request number `mark`."""
    return [r.article for r in site.requests[mark:] if r.article and r.status == 200]


# -- declarations ---------------------------------------------------------------------------


def test_scrapy_list_shows_exactly_the_four_outlets() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.split() == sorted(OUTLETS)


def configured(spidercls: type[OutletSpider], **overrides: Any) -> tuple[OutletSpider, Settings]:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(overrides, priority="cmdline")
    spidercls.update_settings(settings)
    spider = spidercls()
    spider.configure(settings)
    return spider, settings


def test_outlets_crawl_their_own_domains_and_never_loopback() -> None:
    tass, settings = configured(TassSpider)
    assert tass.allowed_domains == ["tass.ru"]
    assert not settings.getbool("NEWSASIA_ALLOW_LOOPBACK")
    assert tass.on_site("/rss/v2.xml") == "https://tass.ru/rss/v2.xml"
    news_asia, _ = configured(NewsAsiaSpider)
    assert (
        news_asia.on_site(NewsAsiaSpider.record.sources.feeds[0])
        == "http://www.news-asia.ru/rss/all"
    )
    assert news_asia.is_article("https://www.news-asia.ru/view/5/10322")
    assert not news_asia.is_article("https://evil.example/view/5/10322")


def test_base_url_moves_every_source_there_and_only_then_allows_loopback() -> None:
    spider, settings = configured(NewsAsiaSpider, NEWSASIA_BASE_URL="http://127.0.0.1:8123/")
    assert settings.getbool("NEWSASIA_ALLOW_LOOPBACK")
    assert spider.allowed_domains == ["127.0.0.1"]
    assert spider.on_site(NewsAsiaSpider.record.sources.feeds[0]) == "http://127.0.0.1:8123/rss/all"
    assert spider.on_site("/") == "http://127.0.0.1:8123/"
    assert spider.is_article("http://127.0.0.1:8123/view/5/10322")
    assert not spider.is_article("https://www.news-asia.ru/view/5/10322")  # the real site: no


def test_base_url_may_name_one_site_per_outlet_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bases = '{"tass": "http://127.0.0.1:8001", "24kg": "http://127.0.0.1:8002/"}'
    monkeypatch.setenv("NEWSASIA_BASE_URL", bases)
    tass, _ = configured(TassSpider)
    kg24, _ = configured(Kg24Spider)
    news_asia, settings = configured(NewsAsiaSpider)
    assert tass.on_site("/rss/v2.xml") == "http://127.0.0.1:8001/rss/v2.xml"
    assert kg24.on_site("/rss/") == "http://127.0.0.1:8002/rss/"
    assert news_asia.allowed_domains == ["news-asia.ru"]  # not in the map: its real site
    assert not settings.getbool("NEWSASIA_ALLOW_LOOPBACK")


def test_realist_domains_come_from_a_setting() -> None:
    spider, _ = configured(RealistSpider, NEWSASIA_REALIST_DOMAINS="ia-realist.example,realist.kg")
    assert spider.allowed_domains == ["ia-realist.example", "realist.kg"]
    assert spider.on_site("/feed/") == "https://ia-realist.example/feed/"
    assert spider.is_article("https://ia-realist.example/2025/11/26/moskva-i-bishkek/")
    assert spider.is_article("https://realist.kg/moskva-i-bishkek/")
    for not_a_post in ("/category/politika/", "/page/2/", "/feed/", "/wp-sitemap.xml", "/"):
        assert not spider.is_article("https://realist.kg" + not_a_post), not_a_post


@pytest.mark.parametrize(
    ("spidercls", "article", "not_article"),
    [
        (TassSpider, "https://tass.ru/politika/25730417", "https://tass.ru/politika"),
        (
            TassSpider,
            "https://tass.ru/mezhdunarodnaya-panorama/25705751",
            "https://tass.ru/rss/v2.xml",
        ),
        (Kg24Spider, "https://24.kg/vlast/352364_peregovory/", "https://24.kg/vlast/page_2/"),
        (Kg24Spider, "https://24-kg.com/obschestvo/350798/", "https://24.kg/vlast/"),
        (NewsAsiaSpider, "https://www.news-asia.ru/view/1/3000", "https://www.news-asia.ru/tag/x"),
    ],
)
def test_article_patterns(spidercls: type[OutletSpider], article: str, not_article: str) -> None:
    spider, _ = configured(spidercls)
    assert spider.is_article(article)
    assert not spider.is_article(not_article)


def test_contact_setting_reaches_the_user_agent() -> None:
    _, settings = configured(TassSpider, NEWSASIA_CONTACT="mailto:archive@example.org")
    assert settings.get("USER_AGENT") == "newsasia/0.1 (+mailto:archive@example.org)"
    _, defaults = configured(TassSpider)
    assert defaults.get("NEWSASIA_CONTACT") in defaults.get("USER_AGENT")


# -- sources --------------------------------------------------------------------------------

RSS_CP1251 = (
    '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
    "<item><title>Новость</title><link>http://www.news-asia.ru/view/5/1</link>"
    "<pubDate>Wed, 26 Nov 2025 14:40:00 +0600</pubDate></item>"
    '<item><guid isPermaLink="true">http://www.news-asia.ru/view/5/2</guid></item>'
    "<item><title>без ссылки</title></item>"
    "</channel></rss>"
).encode("cp1251")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<link rel="alternate" href="https://realist.kg/2025/11/26/post/"/>
<updated>2025-11-26T09:40:17Z</updated></entry></feed>"""


def test_feeds_give_links_with_their_dates() -> None:
    links = feed_links(RSS_CP1251)
    assert [link.url for link in links] == [
        "http://www.news-asia.ru/view/5/1",
        "http://www.news-asia.ru/view/5/2",
    ]
    assert links[0].lastmod == datetime(2025, 11, 26, 8, 40, tzinfo=UTC)
    assert links[1].lastmod is None
    (entry,) = feed_links(ATOM)
    assert entry.url == "https://realist.kg/2025/11/26/post/"
    assert entry.lastmod == datetime(2025, 11, 26, 9, 40, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<rss><channel><item>",
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss>&b;</rss>',
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
    ],
    ids=["empty", "truncated", "entity-expansion", "external-entity"],
)
def test_broken_or_hostile_feeds_are_refused(body: bytes) -> None:
    with pytest.raises(UnreadableSource):
        feed_links(body)


def test_sitemaps_and_indexes() -> None:
    index = sitemap_links(
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://tass.ru/sitemap/sitemap_news0.xml</loc>"
        b"<lastmod>2026-05-01T10:00:00+03:00</lastmod></sitemap></sitemapindex>"
    )
    assert index.is_index
    assert index.links[0].lastmod == datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
    urlset = sitemap_links(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://tass.ru/politika/1234567</loc><lastmod>2026-05-01</lastmod></url>"
        b"<url><loc>https://tass.ru/politika/1234568</loc></url></urlset>"
    )
    assert not urlset.is_index
    assert [(link.url, link.lastmod) for link in urlset.links] == [
        ("https://tass.ru/politika/1234567", datetime(2026, 5, 1, tzinfo=UTC)),
        ("https://tass.ru/politika/1234568", None),
    ]
    with pytest.raises(UnreadableSource):
        sitemap_links(b"<html><body>403 Forbidden</body></html>")


# -- incremental rules ----------------------------------------------------------------------


def url_state(fetched_days_ago: float, source_lastmod: datetime | None = None) -> UrlState:
    fetched_at = datetime.now(UTC) - timedelta(days=fetched_days_ago)
    return UrlState("https://tass.ru/x/1", '"e1"', None, source_lastmod, fetched_at, 200, None)


def revisit_reason(state: UrlState | None, lastmod: datetime | None, days: float) -> str | None:
    middleware = IncrementalMiddleware.__new__(IncrementalMiddleware)
    middleware.revisit_after = timedelta(days=days) if days > 0 else None
    return middleware.revisit_reason(state, lastmod)


def test_a_known_article_is_fetched_again_only_when_a_source_dates_it_later_or_it_is_due() -> None:
    seen_lastmod = datetime(2026, 1, 1, tzinfo=UTC)
    state = url_state(fetched_days_ago=3, source_lastmod=seen_lastmod)
    assert revisit_reason(state, None, days=0) is None
    assert revisit_reason(state, seen_lastmod, days=0) is None
    assert revisit_reason(state, seen_lastmod + timedelta(minutes=1), days=0) == "changed"
    assert revisit_reason(state, None, days=2) == "due"
    assert revisit_reason(state, None, days=7) is None
    # Without a stored source date, a source date after the last fetch means a change.
    undated = url_state(fetched_days_ago=3)
    assert revisit_reason(undated, datetime.now(UTC), days=0) == "changed"
    assert revisit_reason(undated, datetime.now(UTC) - timedelta(days=5), days=0) is None


def test_retry_after_in_seconds_or_as_a_date() -> None:
    def answer(value: str | None) -> Response:
        headers = {"Retry-After": value} if value is not None else {}
        return Response("https://tass.ru/", status=429, headers=headers)

    assert parse_retry_after(answer("120")) == 120
    assert parse_retry_after(answer(None)) is None
    assert parse_retry_after(answer("soon")) is None
    in_a_minute = datetime.now(UTC) + timedelta(seconds=60)
    http_date = in_a_minute.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 50 <= parse_retry_after(answer(http_date)) <= 60


# -- whole crawls of the local site ---------------------------------------------------------

# (outlet, discovery paths the site offers); per NOTES.md: no sitemap for News-Asia and 24.kg,
# no paginated listing for ТАСС.
DISCOVERY = [
    ("news-asia", "feed"),
    ("news-asia", "listing"),
    ("tass", "feed"),
    ("tass", "sitemap"),
    ("24kg", "feed"),
    ("24kg", "listing"),
    ("realist", "feed"),
    ("realist", "sitemap"),
    ("realist", "listing"),
    *((outlet, "all") for outlet in OUTLETS),
]
ARTICLES = 45


@pytest.fixture(scope="module")
def discovery_crawls(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[LocalSite, dict[str, Any]]]:
    """One crawl per (outlet, discovery path), all in one child process."""
    work = tmp_path_factory.mktemp("discovery")
    sites = {}
    for outlet, source in DISCOVERY:
        sources = {"feed", "sitemap", "listing"} if source == "all" else {source}
        # A feed alone must list everything; with other sources it shows the newest 20.
        feed_size = ARTICLES if source == "feed" else 20
        site = LocalSite(
            outlet, articles=ARTICLES, sources=sources, feed_size=feed_size, sitemap_size=20
        )  # three sitemap files
        sites[outlet, source] = site.__enter__()
    try:
        jobs = [job(site, work / f"{o}-{s}.sqlite") for (o, s), site in sites.items()]
        result = run_crawls(jobs, work)
    finally:
        for site in sites.values():
            site.__exit__(None, None, None)
    assert "ERROR" not in result.log, result.log[-3000:]
    return {
        key: (site, stats) for (key, site), stats in zip(sites.items(), result.stats, strict=True)
    }


@pytest.mark.parametrize(("outlet", "source"), DISCOVERY, ids=[f"{o}-{s}" for o, s in DISCOVERY])
def test_each_discovery_path_finds_every_article_once(
    discovery_crawls: dict[tuple[str, str], tuple[LocalSite, dict[str, Any]]],
    outlet: str,
    source: str,
) -> None:
    site, stats = discovery_crawls[outlet, source]
    fetches = site.article_fetches()
    assert sorted(fetches) == site.numbers()
    assert set(fetches.values()) == {1}, "an article was fetched twice (different URL forms?)"
    assert stats["finish_reason"] == "finished"
    assert stats["newsasia/new"] == ARTICLES
    assert stats["newsasia/via_site"] == ARTICLES, "the site extractor missed a test page"


def test_a_second_run_fetches_nothing_new_and_a_changed_article_becomes_a_revision(
    tmp_path: Path,
) -> None:
    db = tmp_path / "tass.sqlite"
    # Three news sitemaps: articles 60..36, 35..11 and 10..1.
    with LocalSite("tass", articles=60, sitemap_size=25) as site:
        first = crawl(site, db, tmp_path)
        assert first["newsasia/new"] == 60

        mark = len(site.requests)
        second = crawl(site, db, tmp_path)
        assert fetched_since(site, mark) == []
        assert second["newsasia/sitemap_unchanged"] == 3  # not even read again
        assert second["newsasia/known_skipped"] == 20  # the feed's newest 20
        assert "newsasia/new" not in second

        added = site.add_articles(2)
        site.revise(5)  # in the oldest sitemap, whose lastmod moves
        mark = len(site.requests)
        third = crawl(site, db, tmp_path)
        assert sorted(fetched_since(site, mark)) == sorted([*added, 5])
        (revisit,) = [r for r in site.requests[mark:] if r.article == 5]
        assert revisit.conditional  # If-None-Match from the first fetch; the new ETag differs
        assert third["newsasia/new"] == 2
        assert third["newsasia/updated"] == 1

    storage = open_storage(db)
    try:
        articles = {a.url: a for a in storage.iter_articles(outlet="tass")}
        assert len(articles) == 62
        changed = articles[site.url(5)]
        assert "редакция 1" in changed.body
        assert len(storage.revisions(changed.canonical_url)) == 2
        assert len(storage.revisions(articles[site.url(6)].canonical_url)) == 1
    finally:
        storage.close()


def test_revisits_are_conditional_and_304_means_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "24kg.sqlite"
    with LocalSite("24kg", articles=30, per_page=10) as site:
        crawl(site, db, tmp_path)
        mark = len(site.requests)
        second = crawl(site, db, tmp_path)
        assert fetched_since(site, mark) == []
        listing_pages = [r.path for r in site.requests[mark:] if "/page_" in r.path]
        assert listing_pages == []  # page 1 of each section had nothing new: stop there

        mark = len(site.requests)
        revisit = crawl(site, db, tmp_path, NEWSASIA_REVISIT_DAYS=1e-9)
        asked = [r for r in site.requests[mark:] if r.article]
        assert asked and all(r.conditional and r.status == 304 for r in asked)
        assert revisit["newsasia/not_modified"] == len(asked)
        assert "newsasia/updated" not in revisit
    assert second["newsasia/listing_caught_up"] == 3


def test_robots_txt_is_obeyed(tmp_path: Path) -> None:
    with LocalSite("tass", articles=30, disallow=("/politika/",)) as site:
        stats = crawl(site, tmp_path / "robots.sqlite", tmp_path)
    assert not [r.path for r in site.requests if r.path.startswith("/politika/")]
    allowed = [n for n in site.numbers() if not site.layout.url(n).count("/politika/")]
    assert sorted(site.article_fetches()) == allowed
    assert stats["robotstxt/forbidden"] == 30 - len(allowed)


def test_a_403_wall_ends_the_run_early_with_one_warning(tmp_path: Path) -> None:
    with LocalSite("tass", articles=30) as site:
        site.forbidden = True
        result = run_crawls([job(site, tmp_path / "wall.sqlite")], tmp_path)
    stats = result.stats[0]
    wall = project_settings.NEWSASIA_403_WALL
    assert stats["finish_reason"] == "newsasia_403_wall"
    assert stats["newsasia/http_403"] == wall
    assert site.requests[0].path == "/robots.txt"
    assert len(site.requests) == wall  # robots.txt, the feed, the sitemap: then nothing more
    assert stats["log_count/WARNING"] == 1
    assert "log_count/ERROR" not in stats
    warnings = [line for line in result.log.splitlines() if "] WARNING: " in line]
    assert len(warnings) == 1, warnings
    assert "403 Forbidden" in warnings[0]


def test_429_backs_off_for_retry_after_and_then_gets_everything(tmp_path: Path) -> None:
    with LocalSite("24kg", articles=6, sources={"feed"}) as site:
        site.throttle(2, retry_after=1)
        stats = crawl(site, tmp_path / "429.sqlite", tmp_path)
    assert sorted(site.article_fetches()) == site.numbers()
    assert set(site.article_fetches().values()) == {1}
    assert stats["newsasia/http_429"] == 2
    assert stats["newsasia/backoff_retries"] == 2
    for refused in site.served(429):
        retried = next(r for r in site.requests if r.article == refused.article and r.status == 200)
        assert retried.at - refused.at >= 1.0  # Retry-After: 1


def test_scrapy_crawl_command_against_the_local_site(tmp_path: Path) -> None:
    db = tmp_path / "news-asia.sqlite"
    with LocalSite("news-asia", articles=25) as site:
        settings = {**FAST, "NEWSASIA_BASE_URL": site.base, "NEWSASIA_DB": str(db)}
        command = [sys.executable, "-m", "scrapy", "crawl", "news-asia"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Spider closed (finished)" in done.stderr
    storage = open_storage(db)
    try:
        stored = list(storage.iter_articles(outlet="news-asia"))
    finally:
        storage.close()
    assert {url_key(a.url, "news-asia") for a in stored} == {
        url_key(site.url(n), "news-asia") for n in site.numbers()
    }
    assert Counter(a.extractor.split("/")[0] for a in stored) == {"site:news-asia": 25}


def test_newsasia_crawl_runs_every_outlet_against_its_local_site(tmp_path: Path) -> None:
    db = tmp_path / "all.sqlite"
    with ExitStack() as stack:
        sites = [stack.enter_context(LocalSite(outlet, articles=15)) for outlet in OUTLETS]
        env = {
            **{k: v for k, v in os.environ.items() if k != "NEWSASIA_DB"},
            "PYTHONPATH": str(ROOT),
            "SCRAPY_SETTINGS_MODULE": "tests.site.settings",  # no delays against our server
            "NEWSASIA_BASE_URL": json.dumps({site.outlet: site.base for site in sites}),
        }
        logs = tmp_path / "logs"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsasia_spider.runner.cli",
                "crawl",
                "--db",
                str(db),
                "--log-dir",
                logs,
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    summary = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    for outlet in OUTLETS:
        assert " new 15, " in summary[outlet] and " via site 15, " in summary[outlet]
    for site in sites:
        assert sorted(site.article_fetches()) == site.numbers()
