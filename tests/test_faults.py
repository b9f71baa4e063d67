"""A crawl of local sites full of broken answers (tests/site/faults.py) completes: every good
page is stored exactly once, every fault is counted by kind, retried where a retry can help and
logged once with its URL, size limits stop bombs and huge pages, hostile XML is refused, and no
traceback reaches the log. A second run, the faults gone, stores what the first one lost.

Four outlets' sites crawl side by side in one child process (tests/site/runner.py), each with
its own faults; a fifth site stands by on another port and must never be asked anything.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse
from scrapy.utils.sitemap import Sitemap
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

from newsasia_spider import settings as project_settings
from newsasia_spider.downloadermiddlewares.scope_guard import ScopeGuardMiddleware
from newsasia_spider.faults import body_kind, charset_kind, exception_kind
from newsasia_spider.spidermiddlewares.incremental import SITEMAP_STATE
from newsasia_spider.spiders.sources import UnreadableSource, feed_links, sitemap_links
from newsasia_spider.storage import open_storage
from newsasia_spider.urls import url_key
from tests.site import LocalSite
from tests.site.faults import (
    BILLION_LAUGHS,
    PDF,
    PNG,
    Binary,
    BrokenXml,
    Empty,
    Fault,
    GzipBomb,
    HttpError,
    Huge,
    Mislabelled,
    Nested,
    Padded,
    RateLimited,
    Redirect,
    RedirectChain,
    RedirectLoop,
    ResetMidBody,
    ShortBody,
    Slow,
)
from tests.site.runner import CrawlJob, run_crawls

pytestmark = pytest.mark.slow

TIMEOUT = 3  # DOWNLOAD_TIMEOUT of these crawls, seconds (a busy machine needs some)
MAXSIZE, WARNSIZE = 2 << 20, 512 << 10
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "NEWSASIA_MAX_AGE_DAYS": 0,
    "NEWSASIA_DB_COMMIT_SECONDS": 0.5,
    "NEWSASIA_BACKOFF_SECONDS": 0.2,
    "DOWNLOAD_TIMEOUT": TIMEOUT,
    "DOWNLOAD_MAXSIZE": MAXSIZE,
    "DOWNLOAD_WARNSIZE": WARNSIZE,
}
ATTEMPTS = 1 + project_settings.RETRY_TIMES  # a fault that never goes away is asked this often
REDIRECT_HOPS = 1 + 20  # REDIRECT_MAX_TIMES: the first request and every hop Scrapy follows
SITES = {  # outlet -> LocalSite arguments; every feed lists every article
    "realist": {"articles": 24, "feed_size": 24},
    "news-asia": {"articles": 12, "feed_size": 12},
    "24kg": {"articles": 16, "feed_size": 16},
    "tass": {"articles": 30, "feed_size": 30, "sitemap_size": 10},
}


@dataclass(frozen=True)
class Case:
    """One fault on one outlet's site, and what the crawl must make of it."""

    outlet: str
    where: int | str  # an article number, or a path (feeds, sitemaps, listing pages)
    fault: Fault
    stat: str | None  # the stat counting it (None: not a fault, just a hard page)
    counted: int = 1  # by how much
    stored: bool = False  # an article: it is stored in the end
    requests: int = 1  # how many requests of its path the site answers


def cases(bystander: str) -> list[Case]:
    """Every fault of the crawl; `bystander` is a local address outside the crawl's scope."""
    port = bystander.rsplit(":", 1)[1]

    def fault(kind: str) -> str:
        return f"newsasia/fault/{kind}"

    def refused(reason: str) -> str:
        return f"newsasia/refused/{reason}"

    return [
        # Server errors and broken transfers: retried, stored if a retry gets the page.
        Case("realist", 1, HttpError(500, times=2), fault("http_500"), 2, True, 3),
        Case("realist", 2, HttpError(502, times=1), fault("http_502"), 1, True, 2),
        Case("realist", 3, HttpError(503), fault("http_503"), ATTEMPTS, requests=ATTEMPTS),
        Case("realist", 4, Slow(TIMEOUT + 2, times=1), fault("timeout"), 1, True, 2),
        Case("realist", 5, Slow(TIMEOUT + 2), fault("timeout"), ATTEMPTS, requests=ATTEMPTS),
        Case("realist", 6, ResetMidBody(times=1), fault("connection_reset"), 1, True, 2),
        Case("realist", 7, ResetMidBody(), fault("connection_reset"), ATTEMPTS, False, ATTEMPTS),
        Case("realist", 8, ShortBody(times=1), fault("data_loss"), 1, True, 2),
        Case("realist", 9, ShortBody(), fault("data_loss"), ATTEMPTS, requests=ATTEMPTS),
        # Size: stopped at DOWNLOAD_MAXSIZE, as announced, as received or as inflated.
        Case("realist", 10, GzipBomb(64 << 20), fault("decompression_bomb")),
        Case("realist", 11, Huge(50 << 20, announced=True), fault("too_large")),
        Case("realist", 12, Huge(50 << 20, announced=False), fault("too_large")),
        Case("realist", 13, Padded(1 << 20), fault("large_page"), stored=True),
        Case("realist", 14, Nested(10_000), None, 0, stored=True),
        Case("realist", "/feed/", BrokenXml("truncated"), fault("malformed_xml")),
        Case("realist", "/page/2/", Nested(10_000), fault("no_links")),
        # Wrong contents: charsets are repaired, what isn't a page is not stored.
        Case("news-asia", 1, RateLimited(1, times=1), fault("http_429"), 1, True, 2),
        Case(
            "news-asia",
            2,
            Mislabelled("cp1251", "utf-8", "cp1251"),
            fault("charset_mismatch"),
            stored=True,
        ),
        Case(
            "news-asia",
            3,
            Mislabelled("utf-8", "windows-1251", "cp1251"),
            fault("charset_mismatch"),
            stored=True,
        ),
        Case(
            "news-asia",
            4,
            Mislabelled("cp1251", None, "cp1251"),
            fault("charset_missing"),
            stored=True,
        ),
        Case("news-asia", 5, Binary(PNG), fault("binary_body")),
        Case("news-asia", 6, Binary(PDF), fault("binary_body")),
        Case("news-asia", 7, Empty(), fault("empty_body")),
        # Redirects: loops end, nothing outside the outlet's own address is asked.
        Case("24kg", "/rss/", BrokenXml("entities"), fault("xml_entities")),
        Case("24kg", 1, RedirectLoop(), fault("redirect_loop"), requests=2),
        Case("24kg", 2, RedirectChain(), fault("too_many_redirects"), requests=REDIRECT_HOPS),
        Case("24kg", 3, Redirect("file:///etc/passwd"), fault("redirect_not_http")),
        Case("24kg", 4, Redirect("http://169.254.169.254/latest/"), refused("private_address")),
        Case("24kg", 5, Redirect("http://10.0.0.1/"), refused("private_address")),
        Case("24kg", 6, Redirect("http://192.168.1.1/"), refused("private_address")),
        Case("24kg", 7, Redirect(bystander + "/"), refused("offsite")),  # another port
        Case("24kg", 8, Redirect(f"http://127.0.0.2:{port}/"), refused("offsite")),
        Case("24kg", 9, Redirect(f"http://[::1]:{port}/"), refused("offsite")),
        Case("24kg", 10, Redirect("http://other.example/"), refused("offsite")),
        # Sitemaps: hostile, cut short (the entries before the cut are read) and a gzip bomb.
        Case("tass", "/sitemap/sitemap_news0.xml", BrokenXml("entities"), fault("xml_entities")),
        Case("tass", "/sitemap/sitemap_news1.xml", BrokenXml("truncated"), fault("malformed_xml")),
        Case(
            "tass",
            "/sitemap/sitemap_news2.xml",
            BrokenXml("gzip_bomb"),
            fault("decompression_bomb"),
        ),
    ]


@dataclass
class Run:
    stats: dict[str, dict[str, Any]]  # by outlet
    log: str
    marks: dict[str, int]  # by outlet: how many requests the site had answered before the run
    stored: dict[str, Counter[int]]  # by outlet: how often each article is in the archive after


@dataclass
class FaultCrawl:
    sites: dict[str, LocalSite]
    bystander: LocalSite
    cases: list[Case]
    dbs: dict[str, Path]
    first: Run
    second: Run  # the same crawl again, the faults gone

    def path(self, case: Case) -> str:
        site = self.sites[case.outlet]
        return site.path(case.where) if isinstance(case.where, int) else case.where

    def url(self, case: Case) -> str:
        return self.sites[case.outlet].base + self.path(case)

    def lost(self, outlet: str) -> set[int]:
        """Articles the first run could not store."""
        return {
            c.where
            for c in self.cases
            if c.outlet == outlet and isinstance(c.where, int) and not c.stored
        }

    def requests(self, outlet: str, run: Run, following: Run | None = None) -> list[Any]:
        site = self.sites[outlet]
        end = following.marks[outlet] if following else len(site.requests)
        return site.requests[run.marks[outlet] : end]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    work = tmp_path_factory.mktemp("faults")
    with ExitStack() as stack:
        bystander = stack.enter_context(LocalSite("tass", articles=1))
        sites = {o: stack.enter_context(LocalSite(o, **kw)) for o, kw in SITES.items()}
        all_cases = cases(bystander.base)
        for case in all_cases:
            site = sites[case.outlet]
            path = site.path(case.where) if isinstance(case.where, int) else case.where
            site.faults[path] = case.fault
        dbs = {outlet: work / f"{outlet}.sqlite" for outlet in sites}

        def run() -> Run:
            marks = {outlet: len(site.requests) for outlet, site in sites.items()}
            jobs = [
                CrawlJob(
                    outlet,
                    {**SETTINGS, "NEWSASIA_BASE_URL": site.base, "NEWSASIA_DB": str(dbs[outlet])},
                )
                for outlet, site in sites.items()
            ]
            result = run_crawls(jobs, work)
            stored = {outlet: stored_numbers(site, dbs[outlet]) for outlet, site in sites.items()}
            return Run(dict(zip(sites, result.stats, strict=True)), result.log, marks, stored)

        first = run()
        for site in sites.values():
            site.faults.clear()
        second = run()
        yield FaultCrawl(sites, bystander, all_cases, dbs, first, second)


def stored_numbers(site: LocalSite, db: Path) -> Counter[int]:
    """How many stored articles each article number of the site has."""
    outlet = site.outlet
    by_key = {url_key(site.url(n), outlet): n for n in site.numbers()}
    storage = open_storage(db)
    try:
        articles = list(storage.iter_articles(outlet=outlet))
    finally:
        storage.close()
    for article in articles:  # the charset faults must not garble a single letter
        assert article.title == site.article(by_key[url_key(article.url, outlet)]).title
    return Counter(by_key[url_key(article.url, outlet)] for article in articles)


# -- the first run: faults everywhere ---------------------------------------------------------


@pytest.mark.parametrize("outlet", SITES)
def test_every_good_page_is_stored_exactly_once(crawl: FaultCrawl, outlet: str) -> None:
    site = crawl.sites[outlet]
    good = set(site.numbers()) - crawl.lost(outlet)
    assert crawl.first.stored[outlet] == Counter(good)
    # Pages without a fault are asked for once (the faulty ones: see the retry test).
    faulty = {c.where for c in crawl.cases if c.outlet == outlet}
    served_in_full = Counter(
        r.article
        for r in crawl.requests(outlet, crawl.first, crawl.second)
        if r.article and r.status == 200 and r.article not in faulty
    )
    assert served_in_full == Counter(good - faulty)


@pytest.mark.parametrize("outlet", SITES)
def test_every_fault_is_counted_by_kind(crawl: FaultCrawl, outlet: str) -> None:
    expected: Counter[str] = Counter()
    for case in crawl.cases:
        if case.outlet == outlet and case.stat:
            expected[case.stat] += case.counted
    stats = crawl.first.stats[outlet]
    counted = {
        key: value
        for key, value in stats.items()
        if key.startswith(("newsasia/fault/", "newsasia/refused/"))
    }
    assert counted == dict(expected)


def test_each_fault_is_retried_only_where_a_retry_can_help(crawl: FaultCrawl) -> None:
    for case in crawl.cases:
        path = crawl.path(case)
        asked = [
            r
            for r in crawl.requests(case.outlet, crawl.first, crawl.second)
            if r.path.split("?")[0] == path
        ]
        assert len(asked) == case.requests, (case, asked)


def test_each_faulty_url_is_logged_once_and_nothing_as_an_error(crawl: FaultCrawl) -> None:
    log = crawl.first.log
    assert "Traceback" not in log
    ours = [line for line in log.splitlines() if "[newsasia_spider." in line]
    assert not [line for line in ours if "] ERROR: " in line]
    for case in crawl.cases:
        url = re.escape(crawl.url(case))
        mentions = [line for line in ours if re.search(url + r"(?![\w/])", line)]
        assert len(mentions) == (1 if case.stat else 0), (case, mentions)
    for outlet, stats in crawl.first.stats.items():
        assert stats["finish_reason"] == "finished", outlet
        assert "log_count/ERROR" not in stats, outlet


def test_size_limits_stop_huge_pages_and_bombs_early(crawl: FaultCrawl) -> None:
    huge = [c.fault for c in crawl.cases if isinstance(c.fault, Huge)]
    assert len(huge) == 2
    for fault in huge:  # made as it is sent: the crawler hung up long before 50 MB
        assert fault.sent < 8 * MAXSIZE
    log = crawl.first.log
    assert f"larger than download max size ({MAXSIZE})" in log
    assert f"exceeded DOWNLOAD_MAXSIZE ({MAXSIZE} B) during decompression" in log
    assert f"larger than download warn size ({WARNSIZE})" in log  # the padded page, stored


def test_nothing_outside_the_outlets_own_address_is_asked(crawl: FaultCrawl) -> None:
    assert crawl.bystander.requests == []
    assert "netguard" not in crawl.first.log


# -- the second run: the faults gone ----------------------------------------------------------


@pytest.mark.parametrize("outlet", SITES)
def test_a_second_run_stores_what_the_first_lost_and_nothing_twice(
    crawl: FaultCrawl, outlet: str
) -> None:
    assert crawl.second.stored[outlet] == Counter(crawl.sites[outlet].numbers())
    fetched = Counter(
        r.article
        for r in crawl.requests(outlet, crawl.second)
        if r.article and r.status == 200 and r.fault is None
    )
    assert fetched == Counter(crawl.lost(outlet))
    stats = crawl.second.stats[outlet]
    assert not [key for key in stats if key.startswith("newsasia/fault/")]
    assert stats.get("newsasia/new", 0) == len(crawl.lost(outlet))


def test_sitemaps_not_read_to_the_end_are_read_again(crawl: FaultCrawl) -> None:
    site = crawl.sites["tass"]
    broken = {crawl.path(c) for c in crawl.cases if c.outlet == "tass"}
    read_again = {r.path for r in crawl.requests("tass", crawl.second)} & broken
    assert read_again == broken
    storage = open_storage(crawl.dbs["tass"])
    try:
        remembered = {
            path: storage.get_state(SITEMAP_STATE + url_key(site.base + path)) for path in broken
        }
    finally:
        storage.close()
    assert all(remembered.values()), remembered  # read in full by the second run


# -- the pieces -------------------------------------------------------------------------------


def test_entity_bombs_are_refused_in_feeds_and_sitemaps() -> None:
    for body in (
        BILLION_LAUGHS + b"<rss>&lol9;</rss>",
        BILLION_LAUGHS + b"<urlset>&lol9;</urlset>",
    ):
        with pytest.raises(UnreadableSource) as refused:
            (feed_links if b"<rss>" in body else sitemap_links)(body)
        assert refused.value.kind == "xml_entities"
    external = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>"
    )
    with pytest.raises(UnreadableSource):
        sitemap_links(external)


def test_scrapys_sitemap_reader_never_expands_entities() -> None:
    """Our refusal comes first, but lxml as Scrapy sets it up is safe on its own too: an entity
    is neither expanded nor read from a file (the entries before it are read)."""
    first = b"<url><loc>https://tass.ru/a/1</loc></url>"
    for prolog, reference in (
        (BILLION_LAUGHS, b"&lol9;"),
        (b'<!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
    ):
        body = prolog + b"<urlset>" + first + b"<url><loc>https://tass.ru/a/"
        locations = [entry["loc"] for entry in Sitemap(body + reference + b"</loc></url></urlset>")]
        assert locations[0] == "https://tass.ru/a/1"
        assert all(len(loc) < 100 and "root:" not in loc for loc in locations), locations


def test_a_sitemap_cut_short_gives_its_first_entries_and_says_so() -> None:
    entries = "".join(
        f"<url><loc>https://tass.ru/politika/{25000000 + n}</loc></url>\n" for n in range(10)
    )
    whole = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
    assert sitemap_links(whole.encode()).complete
    cut = sitemap_links(whole.encode()[: len(whole) // 2])
    assert not cut.complete
    assert 0 < len(cut.links) < 10


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        ("<p>Новость</p>".encode(), "text/html; charset=utf-8", None),
        ("<p>Новость</p>".encode("cp1251"), "text/html; charset=windows-1251", None),
        ("<p>Новость</p>".encode("cp1251"), "text/html; charset=utf-8", "charset_mismatch"),
        ("<p>Новость</p>".encode(), "text/html; charset=windows-1251", "charset_mismatch"),
        ("<meta charset=utf-8><p>Новость</p>".encode("cp1251"), "text/html", "charset_mismatch"),
        ("<p>Новость</p>".encode("cp1251"), "text/html", "charset_missing"),
        (b"<p>News</p>", "text/html", None),
    ],
)
def test_charset_labels(body: bytes, content_type: str, kind: str | None) -> None:
    assert charset_kind(body, content_type) == kind


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b"", "text/html", "empty_body"),
        (b" \n ", "text/html", "empty_body"),
        (PNG, "text/html", "binary_body"),
        (PDF, "text/html; charset=utf-8", "binary_body"),
        (PNG, "image/png", None),  # not said to be a page: not ours to judge
        (b"\x1f\x8b\x08\x00", "application/x-gzip", None),  # a gzipped sitemap
        (b"<html>" + b"x" * WARNSIZE, "text/html", "large_page"),
        (b"<html><body><p>News</p></body></html>", "text/html", None),
    ],
)
def test_page_bodies(body: bytes, content_type: str, kind: str | None) -> None:
    response = HtmlResponse("http://127.0.0.1/a", body=body, headers={"Content-Type": content_type})
    assert body_kind(response, WARNSIZE) == kind


def test_download_exceptions() -> None:
    def data_loss(how: Exception) -> ResponseDataLossError:
        error = ResponseDataLossError()
        error.__cause__ = ResponseFailed([Failure(how)])
        return error

    assert exception_kind(DownloadTimeoutError("took longer than 1 seconds")) == "timeout"
    assert exception_kind(data_loss(ConnectionLost())) == "connection_reset"
    assert exception_kind(data_loss(ConnectionDone())) == "data_loss"
    assert exception_kind(DownloadCancelledError()) == "too_large"
    assert exception_kind(ValueError("a bug")) is None  # logged with its traceback


def test_with_loopback_allowed_only_the_sites_own_port_is_in_scope() -> None:
    class LocalSiteSpider(Spider):
        name = "local"
        allowed_domains = ("127.0.0.1",)
        site = "http://127.0.0.1:8123"

    crawler = get_crawler(LocalSiteSpider, settings_dict={"NEWSASIA_ALLOW_LOOPBACK": True})
    crawler.spider = crawler._create_spider()
    guard = ScopeGuardMiddleware.from_crawler(crawler)
    assert guard.process_request(Request("http://127.0.0.1:8123/rss/")) is None
    for elsewhere in ("http://127.0.0.1:6379/", "http://127.0.0.1/", "http://localhost:8123/"):
        with pytest.raises(IgnoreRequest, match="offsite"):
            guard.process_request(Request(elsewhere))
