"""Crawl only what is new or changed.

The IncrementalMiddleware (spider middleware) stands between the spider's discovery and the
scheduler. It drops article links the archive already holds unless a source says they changed
(sitemap `lastmod`, feed date) or NEWSASIA_REVISIT_DAYS asks for a revisit, which then goes
out as a conditional request (If-None-Match / If-Modified-Since). It also drops sub-sitemaps
unchanged since the last finished run and a listing's next page when this page had nothing
new, and records every article fetch in the archive's url_state.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spiders import Spider

from extractors import Article
from newsasia_spider import stat_keys
from newsasia_spider.extensions.archive import storage_for_crawler
from newsasia_spider.headers import header_text
from newsasia_spider.spiders.base import (
    ARTICLE,
    FOLLOW_IF_NEW,
    SITEMAP_LASTMOD,
    SOURCE_FAILED,
    SOURCE_LASTMOD,
    OutletSpider,
)
from newsasia_spider.storage import Storage, StorageError, UrlState
from newsasia_spider.urls import url_key

logger = logging.getLogger(__name__)

SITEMAP_STATE = "sitemap-lastmod:"  # + the sub-sitemap's key: its lastmod at the last run


class IncrementalMiddleware:
    """Lets through only what the archive lacks or a source says changed; records fetches."""

    def __init__(self, crawler: Crawler) -> None:
        if not isinstance(crawler.spider, OutletSpider):
            raise NotConfigured("only the outlet spiders crawl incrementally")
        self.crawler = crawler
        self.outlet = crawler.spider.name
        self.record = crawler.spider.outlet_record  # its identity rule keys the articles
        days = crawler.settings.getfloat("NEWSASIA_REVISIT_DAYS")
        self.revisit_after = timedelta(days=days) if days > 0 else None
        self.queued: set[str] = set()  # keys of the articles requested in this run
        self.sitemaps_seen: dict[str, datetime] = {}
        self.storage: Storage | None = None
        self.known: set[str] = set()  # keys of the articles the archive holds
        # Connected before the archive is opened: its closing handler must run after ours.
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        try:
            self.storage = storage_for_crawler(crawler)
            known_urls = self.storage.known_urls(self.outlet)
        except StorageError as exc:
            # The storage pipeline ends the crawl for this; until then nothing counts as known.
            logger.error("%s: cannot read the archive, crawling as new: %s", self.outlet, exc)
        else:
            self.known = {url_key(url, self.record) for url in known_urls}
            logger.info("%s: %d articles already in the archive", self.outlet, len(self.known))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # A run cut short may not have read every article of a sitemap: remember none then.
        if reason != "finished" or self.storage is None:
            return
        try:
            for key, lastmod in self.sitemaps_seen.items():
                self.storage.set_state(SITEMAP_STATE + key, lastmod.isoformat())
        except StorageError as exc:
            logger.warning("%s: sitemap dates not kept (all read next run): %s", spider.name, exc)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        articles: list[Article] = []
        next_pages: list[Request] = []
        new_links = 0
        async for output in result:
            if isinstance(output, Article):
                articles.append(output)
            elif isinstance(output, Request) and output.meta.get(ARTICLE):
                # New to the archive, even if another source of this run listed it first.
                new_links += url_key(output.url, self.record) not in self.known
                request = self.article_request(output)
                if request is not None:
                    yield request
                continue
            elif isinstance(output, Request) and output.meta.get(FOLLOW_IF_NEW):
                next_pages.append(output)
                continue
            elif (
                isinstance(output, Request)
                and output.meta.get(SITEMAP_LASTMOD)
                and not self.sitemap_changed(output)
            ):
                stats.inc_value(stat_keys.SITEMAP_UNCHANGED)
                continue
            yield output
        # The listing is newest first: a page without anything new ends it for this run.
        for request in next_pages:
            if new_links:
                yield request
            else:
                stats.inc_value(stat_keys.LISTING_CAUGHT_UP)
        # A sub-sitemap read to the end: unchanged, it needn't be read again.
        if response.meta.get(SITEMAP_LASTMOD) and not response.meta.get(SOURCE_FAILED):
            requested = response.meta.get("redirect_urls", [response.url])[0]
            self.sitemaps_seen[url_key(requested)] = response.meta[SITEMAP_LASTMOD]
        if response.meta.get(ARTICLE):
            self.record_fetch(response, articles)
            if response.status == 304:
                stats.inc_value(stat_keys.UNCHANGED)  # as the pipeline counts a same-text copy

    # -- articles -----------------------------------------------------------------------------
    def article_request(self, request: Request) -> Request | None:
        """The request to send for a discovered article, or None when it isn't worth it."""
        stats = self.crawler.stats
        key = url_key(request.url, self.record)
        if key in self.queued:
            stats.inc_value(stat_keys.DUPLICATE_LINK)
            return None
        self.queued.add(key)
        if key not in self.known or self.storage is None:
            return request
        source_lastmod = request.meta.get(SOURCE_LASTMOD)
        if source_lastmod is None and self.revisit_after is None:
            stats.inc_value(stat_keys.KNOWN_SKIPPED)  # nothing could say it changed
            return None
        state = self.storage.url_state(key)
        why = self.revisit_reason(state, source_lastmod)
        if state is None or why is None:
            stats.inc_value(stat_keys.KNOWN_SKIPPED)
            return None
        stats.inc_value(stat_keys.REVISIT + why)
        revisit = request.replace()
        for name, value in conditional_headers(state).items():
            revisit.headers[name] = value
        return revisit

    def revisit_reason(self, state: UrlState | None, source_lastmod: datetime | None) -> str | None:
        """Why a known article should be fetched again ("changed", "due"), or None.

        An article known without a fetch record (stored by another tool) is never revisited.
        """
        if state is None:
            return None
        if source_lastmod is not None:
            seen_lastmod = state.source_lastmod or state.fetched_at
            if source_lastmod > seen_lastmod:
                return "changed"
        due = self.revisit_after is not None
        if due and datetime.now(UTC) - state.fetched_at >= self.revisit_after:
            return "due"
        return None

    def record_fetch(self, response: Response, articles: list[Article]) -> None:
        """Remember the answer under the article's key, and under the first address of a
        redirect chain too (so an alias isn't fetched again either)."""
        if self.storage is None:
            return
        keys = {url_key(response.request.url, self.record)}
        keys.update(url_key(url, self.record) for url in response.meta.get("redirect_urls", [])[:1])
        for key in keys:
            self.record_one(key, response, articles)

    def record_one(self, key: str, response: Response, articles: list[Article]) -> None:
        assert self.storage is not None
        if response.status == 304:
            # Not modified: the validators and the article it led to are still the stored ones.
            state = self.storage.url_state(key)
            etag = state.etag if state else None
            last_modified = state.last_modified if state else None
            canonical = state.canonical_url if state else None
        else:
            etag = header_text(response, b"ETag")
            last_modified = header_text(response, b"Last-Modified")
            canonical = articles[0].canonical_url if articles else None
        self.storage.record_fetch(
            key,
            status=response.status,
            etag=etag,
            last_modified=last_modified,
            source_lastmod=response.meta.get(SOURCE_LASTMOD),
            canonical_url=canonical,
            outlet=self.outlet,
        )

    # -- sitemaps -----------------------------------------------------------------------------
    def sitemap_changed(self, request: Request) -> bool:
        lastmod: datetime = request.meta[SITEMAP_LASTMOD]
        key = url_key(request.url)
        stored = self.storage.get_state(SITEMAP_STATE + key) if self.storage else None
        return stored is None or lastmod > datetime.fromisoformat(stored)


def conditional_headers(state: UrlState | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since: the validators the server gave at the last fetch."""
    headers = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers
