"""Writes the pages the spider reads to the outlet's WARC files and records where they are
(NEWSASIA_WARC, addons/warc.py).

The final answer of each article request (and of feeds, sitemaps and listings with
NEWSASIA_WARC_SOURCES), as the downloader middleware raw_exchange.py copied it, becomes a
request and a response record; a 304, or a 200 with the payload stored already, a `revisit`
record referring to the stored response. An answer the spider never gets (a 503 retried, a
redirect hop) is not kept: one record per page as the spider read it. The archive's row of a
record is written only once the record is whole on disk, and before the article it gave goes
on to the storage pipeline: a stored article always has its page.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from extractors import Article
from newsasia_spider import stat_keys
from newsasia_spider.downloadermiddlewares.raw_exchange import EXCHANGE
from newsasia_spider.extensions.archive import storage_for_crawler
from newsasia_spider.spiders.base import ARTICLE
from newsasia_spider.storage import Storage, StorageError
from newsasia_spider.storage.base import PageRecord
from newsasia_spider.urls import url_key
from newsasia_spider.warc import (
    Exchange,
    OutletWarcWriter,
    PriorResponse,
    Written,
    resolve_warc_dir,
)

logger = logging.getLogger(__name__)

STAT = stat_keys.WARC


class WarcWriterMiddleware:
    """Writes the pages the spider reads to the outlet's WARC files and records them."""

    def __init__(self, crawler: Crawler) -> None:
        spider = crawler.spider
        if spider is None:
            raise NotConfigured("WARC records are written per outlet spider")
        self.crawler = crawler
        self.outlet = spider.name
        settings = crawler.settings
        self.root = resolve_warc_dir(setting=settings.get("NEWSASIA_WARC_DIR"))
        self.writer = OutletWarcWriter(
            self.root,
            self.outlet,
            settings.getint("NEWSASIA_WARC_MAX_SIZE"),
            writer=settings.get("NEWSASIA_WARC_WRITER") or "",
        )
        self.failed = False  # a WARC problem is logged once per crawl
        self.storage: Storage | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_closed(self) -> None:
        try:
            self.writer.close()
        except OSError as exc:
            self.problem(f"cannot close the WARC file: {exc}")

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        exchange = response.meta.pop(EXCHANGE, None)
        is_article = bool(response.meta.get(ARTICLE))
        written = self.write(exchange, response, is_article) if exchange is not None else None
        # Only article pages are recorded in the archive: they are what reextract reads.
        recorded = written is None or not is_article
        async for output in result:
            if not recorded and isinstance(output, Article):
                recorded = True
                self.record(written, exchange, response, output.canonical_url)
            yield output
        if not recorded:  # no article came of it: kept for `newsasia reextract` all the same
            self.record(written, exchange, response, None)

    def write(self, exchange: Exchange, response: Response, is_article: bool) -> Written | None:
        stats = self.crawler.stats
        if not (200 <= exchange.status < 300 or exchange.status == 304):
            return None  # gone, refused, failed: no page to keep
        prior = self.prior(response) if is_article else None
        if exchange.status == 304 and prior is None:
            stats.inc_value(STAT + "no_original")  # its response record was pruned
            return None
        try:
            written = self.writer.write(exchange, prior)
        except OSError as exc:
            self.problem(f"cannot write {exchange.url} to {self.root}: {exc}")
            return None
        stats.inc_value(STAT + ("revisits" if written.record_type == "revisit" else "records"))
        stats.inc_value(STAT + "bytes", written.location.length)
        return written

    def prior(self, response: Response) -> PriorResponse | None:
        """The stored response of this page, if any: a revisit refers to it."""
        storage = self.archive()
        if storage is None:
            return None
        try:
            page = storage.latest_page(page_key=url_key(response.url, self.outlet))
        except StorageError:
            return None  # the storage pipeline reports the archive's trouble
        if page is None:
            return None
        return PriorResponse(page.url, page.record_id, page.fetched_at, page.payload_digest)

    def record(
        self,
        written: Written | None,
        exchange: Exchange,
        response: Response,
        canonical_url: str | None,
    ) -> None:
        storage = self.archive()
        if written is None or storage is None:
            return
        location = written.location
        try:
            storage.record_page(
                PageRecord(
                    outlet=self.outlet,
                    url=exchange.url,
                    page_key=url_key(response.url, self.outlet),
                    canonical_url=canonical_url,
                    record_type=written.record_type,
                    record_id=written.record_id,
                    payload_digest=written.payload_digest,
                    status=exchange.status,
                    warc_file=location.file,
                    warc_offset=location.offset,
                    warc_length=location.length,
                    fetched_at=written.fetched_at,
                )
            )
        except StorageError as exc:
            self.problem(f"cannot record the WARC record of {exchange.url}: {exc}")

    def archive(self) -> Storage | None:
        if self.storage is None:
            try:
                self.storage = storage_for_crawler(self.crawler)
            except StorageError:
                return None  # the storage pipeline ends the crawl for this
        return self.storage

    def problem(self, message: str) -> None:
        self.crawler.stats.inc_value(STAT + "write_failed")
        if not self.failed:
            self.failed = True
            logger.error("%s (the crawl goes on; further WARC errors are only counted)", message)
