"""One archive connection per crawl, shared by the storage pipeline and the spiders' middleware.

Sharing it puts a URL's fetch record and its article in the same batch transaction, and one
timer commits the batch every few seconds so it never holds the database for long.
"""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import create_looping_call

from newsasia_spider import stat_keys
from newsasia_spider.storage import (
    Storage,
    StorageError,
    StoryOptions,
    open_storage,
    resolve_target,
)

logger = logging.getLogger(__name__)


def db_target(crawler: Crawler) -> str:
    """The NEWSASIA_DB environment variable, else the NEWSASIA_DB setting."""
    return resolve_target(setting=crawler.settings.get("NEWSASIA_DB"))


def storage_for_crawler(crawler: Crawler) -> Storage:
    """The crawl's archive, opened on first use and committed and closed when the spider closes.

    Raises StorageError when the database can't be opened.
    """
    keeper = _keepers.get(crawler)
    if keeper is None:
        storage = open_storage(db_target(crawler))
        if crawler.settings.getbool("NEWSASIA_STORIES", True):
            storage.enable_stories(StoryOptions.from_settings(crawler.settings))
        keeper = _keepers[crawler] = _StorageKeeper(crawler, storage)
    return keeper.storage


class _StorageKeeper:
    """Commits the batch every NEWSASIA_DB_COMMIT_SECONDS while the spider runs, then closes."""

    def __init__(self, crawler: Crawler, storage: Storage):
        self.crawler, self.storage = crawler, storage
        self.interval = crawler.settings.getfloat("NEWSASIA_DB_COMMIT_SECONDS", 2.0)
        self.task = None
        crawler.signals.connect(self.start, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def start(self) -> None:
        self.task = create_looping_call(self.storage.commit)
        self.task.start(self.interval, now=False)

    def close(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        _keepers.pop(self.crawler, None)
        try:
            self.storage.close()
        except StorageError as exc:
            logger.error("the last batch was not stored: %s", exc)
            self.crawler.stats.inc_value(stat_keys.STORE_FAILED)


# Signal handlers are held weakly: this keeps each crawl's keeper alive until its spider closes.
_keepers: WeakKeyDictionary[Crawler, _StorageKeeper] = WeakKeyDictionary()
