"""The storage pipeline: every Article goes into the archive, counted per outcome."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro

from extractors import Article
from newsasia_spider import stat_keys
from newsasia_spider.extensions.archive import storage_for_crawler
from newsasia_spider.storage import Storage, StorageError
from newsasia_spider.storage.search_text import load_analyzer

logger = logging.getLogger(__name__)

# The reason a crawl ends with when the archive refuses writes.
STORAGE_ERROR_REASON = "storage_error"


class StoragePipeline:
    """Upserts each Article into the NEWSASIA_DB archive, committing every
    NEWSASIA_DB_BATCH_SIZE articles (and on a timer, and at the end). Other items pass through.

    If the archive can't be opened or refuses a write, the crawl ends with reason
    "storage_error": nothing is gained by fetching pages that can't be stored.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("NEWSASIA_DB_BATCH_SIZE", 100)
        self.storage: Storage | None = None
        self.uncommitted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.storage = storage_for_crawler(self.crawler)
        except StorageError as exc:
            logger.error("cannot open the archive: %s", exc)
            self.crawler.stats.inc_value(stat_keys.STORE_FAILED)
            raise CloseSpider(STORAGE_ERROR_REASON) from exc
        load_analyzer()  # the search index's lemmatiser, ready before the first article

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or self.storage is None:
            return item
        try:
            outcome = self.storage.upsert_article(item)
            self.uncommitted += 1
            if self.uncommitted >= self.batch_size:
                self.storage.commit()
                self.uncommitted = 0
        except StorageError as exc:
            self.crawler.stats.inc_value(stat_keys.STORE_FAILED)
            self._close_spider()
            raise DropItem(f"not stored: {exc}") from exc
        stats = self.crawler.stats
        stats.inc_value(stat_keys.OUTCOME + outcome)
        via_site = item.extractor.startswith("site:")
        stats.inc_value(stat_keys.VIA_SITE if via_site else stat_keys.VIA_FALLBACK)
        return item

    def close_spider(self) -> None:
        if self.storage is not None:
            try:
                self.storage.commit()
            except StorageError as exc:
                logger.error("the last batch was not stored: %s", exc)
                self.crawler.stats.inc_value(stat_keys.STORE_FAILED)

    def _close_spider(self) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=STORAGE_ERROR_REASON))
