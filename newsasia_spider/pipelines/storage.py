"""The storage pipeline: every Article goes into the archive, counted per outcome."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem

from extractors import Article
from newsasia_spider import stat_keys
from newsasia_spider.extensions.archive import (
    STORAGE_ERROR_REASON,
    CrawlArchive,
    archive_for_crawler,
)
from newsasia_spider.storage import StorageError
from newsasia_spider.storage.search_text import load_analyzer

logger = logging.getLogger(__name__)


class StoragePipeline:
    """Upserts each Article into the NEWSASIA_DB archive, committing every
    NEWSASIA_DB_BATCH_SIZE articles (and on a timer, and at the end). Other items pass through.

    Articles count as new, updated or unchanged once committed. If the archive can't be opened
    or refuses a write, the crawl ends with reason "storage_error" and the archive's message
    (extensions/archive.py): nothing is gained by fetching pages that can't be stored.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("NEWSASIA_DB_BATCH_SIZE", 100)
        self.archive: CrawlArchive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.archive = archive_for_crawler(self.crawler)
        except StorageError as exc:
            logger.error("cannot open the archive: %s", exc)
            self.crawler.stats.inc_value(stat_keys.STORE_FAILED)
            raise CloseSpider(STORAGE_ERROR_REASON) from exc
        load_analyzer()  # the search index's lemmatiser, ready before the first article

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or self.archive is None:
            return item
        try:
            outcome = self.archive.storage.upsert_article(item)
        except StorageError as exc:
            self.archive.failed(exc, articles=1)
            raise DropItem(f"not stored: {exc}") from exc
        via = stat_keys.VIA_SITE if item.by_site_extractor else stat_keys.VIA_FALLBACK
        self.archive.written(stat_keys.OUTCOME + outcome, via)
        if self.archive.uncommitted >= self.batch_size:
            try:
                self.archive.commit()
            except StorageError as exc:
                raise DropItem(f"not stored: {exc}") from exc
        return item

    def close_spider(self) -> None:
        if self.archive is not None:
            with contextlib.suppress(StorageError):  # counted and logged by the archive
                self.archive.commit()
