"""The one spider all outlets share: find article links, fetch them, extract, yield Articles.

An outlet is a record (extractors.record.Outlet, one module per outlet in extractors/outlets/):
its domains, feeds, sitemaps, section listings with their pagination rule, and the path pattern
of its article pages. `OutletSpider.for_outlet(record)` makes its spider (spiders/outlets.py
makes one per registered outlet). Discovery reads those sources; every article page goes
through the extraction chain (the outlet's site extractor, then the trafilatura fallback) and
the resulting `Article` goes to the item pipelines.

What the archive already holds is not this class's business: the IncrementalMiddleware drops
known articles, unchanged sitemaps and listing pages past the last new article, using the
request meta keys below. Politeness (robots.txt, throttling, 403/429) is settings and the
BackoffMiddleware.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.gz import gunzip, gzip_magic_number
from w3lib.encoding import http_content_type_encoding

from extractors import Article, ExtractionError, NotAnArticle, extract
from extractors.chain import Force
from extractors.record import Outlet
from newsasia_spider import stat_keys
from newsasia_spider.spiders.sources import (
    Link,
    UnreadableSource,
    feed_links,
    sitemap_links,
)
from newsasia_spider.urls import fetch_url

logger = logging.getLogger(__name__)

# Request meta keys the spider sets and the IncrementalMiddleware reads.
ARTICLE = "newsasia_article"  # True: this request fetches an article page
SOURCE_LASTMOD = "newsasia_source_lastmod"  # when a feed or sitemap says the page last changed
SITEMAP_LASTMOD = "newsasia_sitemap_lastmod"  # when an index says this sub-sitemap last changed
FOLLOW_IF_NEW = "newsasia_follow_if_new"  # a listing's next page: only if this one had news
SOURCE_FAILED = "newsasia_source_failed"  # set on a response: this source was not fully read

# Article answers the spider itself handles: 304 = unchanged, 404/410 = gone.
ARTICLE_STATUSES = [304, 404, 410]
# Start requests first (feeds are the cheapest news), then the newest sitemaps.
FEED_PRIORITY, SITEMAP_PRIORITY = 20, 10


class OutletSpider(Spider):
    """One outlet's crawl, made from the outlet's record by `for_outlet`."""

    record: ClassVar[Outlet]

    @classmethod
    def for_outlet(cls, record: Outlet, module: str | None = None) -> type[OutletSpider]:
        """The spider class of an outlet: `<Extractor>Spider`, named as the outlet. `module`
        is where it is kept: Scrapy lists the spiders defined in its spider modules."""
        attributes = {
            "name": record.name,
            "record": record,
            "__module__": module or cls.__module__,
            "__doc__": f"The {record.name} crawl, made from its outlet record.",
        }
        return type(f"{record.extractor.__name__}Spider", (cls,), attributes)

    # -- configuration ------------------------------------------------------------------------
    @classmethod
    def base_url(cls, settings: BaseSettings) -> str:
        """The NEWSASIA_BASE_URL override for this outlet ("" if none): a URL, or a JSON object
        of URLs by outlet name (one local site per outlet). A test-only setting: never read from
        the environment here, where one forgotten variable would point a production crawl
        elsewhere and let it fetch loopback addresses (tests.site.settings reads it)."""
        value = (settings.get("NEWSASIA_BASE_URL") or "").strip()
        if value.startswith("{"):
            value = json.loads(value).get(cls.name, "")
        return value.rstrip("/")

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        base = cls.base_url(settings)
        if base and _is_loopback(urlsplit(base).hostname or ""):
            # The local test site: the only case in which loopback addresses may be fetched.
            settings.set("NEWSASIA_ALLOW_LOOPBACK", True, priority="spider")
        max_pages = settings.getint("NEWSASIA_MAX_PAGES")
        if max_pages > 0:
            settings.set("CLOSESPIDER_PAGECOUNT", max_pages, priority="spider")
        # A contact given on the command line reaches the User-Agent unless that is set too.
        if settings.getpriority("NEWSASIA_CONTACT") > settings.getpriority("USER_AGENT"):
            contact = settings.get("NEWSASIA_CONTACT")
            settings.set("USER_AGENT", f"newsasia/0.1 (+{contact})", priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings: BaseSettings) -> None:
        record = self.record
        if record.domains_setting and settings.getlist(record.domains_setting):
            # The outlet at a deployment's own hosts: its extractor must cover them too.
            record = record.with_domains(settings.getlist(record.domains_setting))
        self.outlet_record = record
        self.sources = record.sources
        home = record.home_url
        base = self.base_url(settings)
        # With a base URL override every outlet address moves there, and nothing else is fetched.
        self.site = base or home
        self.allowed_domains = [urlsplit(base).hostname or ""] if base else list(record.domains)
        self.home_url = home
        self.article_re = re.compile(record.article_path)
        self.follow_re = re.compile(record.sources.follow_sitemaps)
        max_age = settings.getfloat("NEWSASIA_MAX_AGE_DAYS")
        self.oldest = datetime.now(UTC) - timedelta(days=max_age) if max_age > 0 else None
        self.failed_urls: set[str] = set()

    @property
    def outlet(self) -> str:
        return self.name

    def on_site(self, url: str) -> str:
        """An outlet address (absolute or a path) as an address on the site being crawled."""
        absolute = urljoin(self.home_url + "/", url)
        if self.site == self.home_url:
            return absolute
        parts, site = urlsplit(absolute), urlsplit(self.site)
        path = site.path.rstrip("/") + parts.path
        return urlunsplit((site.scheme, site.netloc, path, parts.query, ""))

    def is_article(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        in_scope = any(host == d or host.endswith("." + d) for d in self.allowed_domains)
        return in_scope and self.article_re.fullmatch(parts.path) is not None

    def too_old(self, moment: datetime | None) -> bool:
        return self.oldest is not None and moment is not None and moment < self.oldest

    # -- discovery ----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for feed in self.sources.feeds:
            yield Request(self.on_site(feed), callback=self.parse_feed, priority=FEED_PRIORITY)
        for sitemap in self.sources.sitemaps:
            url = self.on_site(sitemap)
            yield Request(url, callback=self.parse_sitemap, priority=SITEMAP_PRIORITY)
        for listing in self.sources.listings:
            url = self.on_site(listing)
            yield Request(url, callback=self.parse_listing, cb_kwargs={"listing": url, "page": 1})

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            links = feed_links(response.body)
        except UnreadableSource as exc:
            self.source_failed(response, exc)
            return
        yield from self.article_requests(links, response)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = sitemap_links(self.sitemap_body(response))
        except UnreadableSource as exc:
            self.source_failed(response, exc)
            return
        if not sitemap.complete:
            broken = UnreadableSource(f"the XML breaks off after {len(sitemap.links)} entries")
            self.source_failed(response, broken)
        if not sitemap.is_index:
            newest_first = sorted(sitemap.links, key=_newest_first)
            yield from self.article_requests(newest_first, response)
            return
        followed = [
            link
            for link in sitemap.links
            if self.follow_re.search(urlsplit(link.url).path) and not self.too_old(link.lastmod)
        ]
        for rank, link in enumerate(sorted(followed, key=_newest_first)):
            yield Request(
                fetch_url(link.url),
                callback=self.parse_sitemap,
                priority=response.request.priority - rank,  # the newest sitemap first
                meta={SITEMAP_LASTMOD: link.lastmod},
            )

    def parse_listing(self, response: Response, listing: str, page: int) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            self.source_failed(response, UnreadableSource("a listing that isn't text", "not_text"))
            return
        hrefs = response.css("a::attr(href)").getall()
        if not hrefs:  # no page has no link at all: lxml gave up on it (10,000 nested tags...)
            self.source_failed(response, UnreadableSource("no links found", "no_links"))
            return
        links = [Link(response.urljoin(href)) for href in hrefs]
        requests = list(self.article_requests(links, response))
        yield from requests
        if requests and self.sources.next_page:
            yield Request(
                self.sources.next_page.format(listing=listing, page=page + 1),
                callback=self.parse_listing,
                cb_kwargs={"listing": listing, "page": page + 1},
                meta={FOLLOW_IF_NEW: True},
                # This page's articles first: newest first, and few requests waiting.
                priority=response.request.priority - 1,
            )

    def article_requests(self, links: list[Link], response: Response) -> Iterator[Request]:
        """Requests for the links that are this outlet's articles, once each per source."""
        seen: set[str] = set()
        for link in links:
            url = fetch_url(link.url)
            if url in seen or not self.is_article(url):
                continue
            seen.add(url)
            if self.too_old(link.lastmod):
                self.crawler.stats.inc_value(stat_keys.TOO_OLD)
                continue
            yield Request(
                url,
                callback=self.parse_article,
                priority=response.request.priority if response.request else 0,
                meta={
                    ARTICLE: True,
                    SOURCE_LASTMOD: link.lastmod,
                    "handle_httpstatus_list": ARTICLE_STATUSES,
                },
            )

    def sitemap_body(self, response: Response) -> bytes:
        if not gzip_magic_number(response):
            return response.body
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            return gunzip(response.body, max_size=max_size)
        except ValueError as exc:  # over the size limit
            raise UnreadableSource(f"cannot decompress: {exc}", "decompression_bomb") from exc
        except (OSError, EOFError) as exc:
            raise UnreadableSource(f"cannot decompress: {exc}", "malformed_gzip") from exc

    def source_failed(self, response: Response, error: UnreadableSource) -> None:
        self.crawler.stats.inc_value(stat_keys.SOURCE_UNREADABLE)
        self.crawler.stats.inc_value(stat_keys.FAULT + error.kind)
        response.meta[SOURCE_FAILED] = True
        logger.warning("Ignoring %s: %s", response.url, error)

    # -- articles -----------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Article]:
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value(stat_keys.NOT_MODIFIED)
            return
        if response.status in (404, 410):
            stats.inc_value(stat_keys.GONE)
            return
        try:
            article = self.extract(response)
        except NotAnArticle:
            stats.inc_value(stat_keys.NOT_ARTICLE)
            return
        except ExtractionError as exc:
            stats.inc_value(stat_keys.EXTRACTION_FAILED)
            if response.url not in self.failed_urls:
                self.failed_urls.add(response.url)
                logger.warning("No article extracted from %s: %s", response.url, exc)
            return
        yield article

    def extract(
        self, response: Response, force: Force | None = None, *, search_dates: bool = True
    ) -> Article:
        """The article of a page, by the extraction chain (or only one side of it: `force`;
        without the fallback's slow date search: `search_dates`). Raises ExtractionError."""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        return extract(
            response.body,
            response.url,
            force=force,
            outlet=self.outlet_record,
            encoding=http_content_type_encoding(content_type),
            fetched_at=datetime.now(UTC),
            search_dates=search_dates,
        )


def _newest_first(link: Link) -> tuple[bool, float]:
    """Sort key: dated links newest first, undated ones after them in source order."""
    if link.lastmod is None:
        return (True, 0.0)
    return (False, -link.lastmod.timestamp())


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
