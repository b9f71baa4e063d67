"""The storage pipeline: every Article goes into the archive, counted per outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
from newsasia_spider.storage.story_features import PreparedFeatures, prepare_features

logger = logging.getLogger(__name__)


class StoragePipeline:
    """Upserts each Article into the NEWSASIA_DB archive, committing every
    NEWSASIA_DB_BATCH_SIZE articles (and on a timer, and at the end). Other items pass through.

    Articles count as new, updated or unchanged once committed. If the archive can't be opened
    or refuses a write, the crawl ends with reason "storage_error" and the archive's message
    (extensions/archive.py): nothing is gained by fetching pages that can't be stored.

    With NEWSASIA_STORIES_WORKER, each article's story features (pure computation on its text)
    are computed in a process of their own while the crawl goes on, and the article is stored
    when they are ready; the archive is written by this process only, as without it.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("NEWSASIA_DB_BATCH_SIZE", 100)
        self.archive: CrawlArchive | None = None
        self.features_worker: ProcessPoolExecutor | None = None

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
        if self.archive.storage.links_stories and self.crawler.settings.getbool(
            "NEWSASIA_STORIES_WORKER"
        ):
            # spawn: a fork of a process running the reactor and its threads is not safe.
            self.features_worker = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=load_analyzer,
            )

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or self.archive is None:
            return item
        prepared = await self._prepared_features(item)
        try:
            outcome = self.archive.storage.upsert_article(item, prepared=prepared)
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
        if self.features_worker is not None:
            self.features_worker.shutdown(cancel_futures=True)
        if self.archive is not None:
            with contextlib.suppress(StorageError):  # counted and logged by the archive
                self.archive.commit()

    async def _prepared_features(self, article: Article) -> PreparedFeatures | None:
        """The article's story features from the worker; None (computed while storing) without
        a worker or if it has died."""
        if self.features_worker is None:
            return None
        try:
            future = self.features_worker.submit(
                prepare_features, article.title, article.lead, article.body
            )
            prepared = await asyncio.wrap_future(future)
        except (BrokenProcessPool, RuntimeError) as exc:  # RuntimeError: already shut down
            logger.warning("story features computed in the crawl process from now on: %s", exc)
            self.features_worker = None
            return None
        self.crawler.stats.inc_value(stat_keys.FEATURES_FROM_WORKER)
        return prepared
