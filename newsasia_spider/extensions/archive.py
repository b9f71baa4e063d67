"""One archive connection per crawl, shared by the storage pipeline and the spiders' middleware.

Sharing it puts a URL's fetch record and its article in the same batch transaction, and one
timer commits the batch every few seconds so it never holds the database for long.

The crawl's counts of stored articles (`newsasia/new`, ...) are what was committed: a batch's
counts wait here until its commit succeeds. A batch the archive refuses counts its articles as
failed (`newsasia/store_failed`), keeps the archive's message (`newsasia/storage_error`: the
summary's reason, e.g. a full disk) and ends the crawl: pages that can't be stored are not worth
fetching.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro

from newsasia_spider import stat_keys
from newsasia_spider.storage import (
    Storage,
    StorageError,
    StoryOptions,
    open_storage,
    resolve_target,
)

logger = logging.getLogger(__name__)

# The reason a crawl ends with when the archive refuses writes.
STORAGE_ERROR_REASON = "storage_error"


def db_target(crawler: Crawler) -> str:
    """The NEWSASIA_DB environment variable, else the NEWSASIA_DB setting."""
    return resolve_target(setting=crawler.settings.get("NEWSASIA_DB"))


def archive_for_crawler(crawler: Crawler) -> CrawlArchive:
    """The crawl's archive, opened on first use and committed and closed when the spider closes.

    Raises StorageError when the database can't be opened (and records why, for the summary).
    """
    archive = _archives.get(crawler)
    if archive is None:
        try:
            storage = open_storage(db_target(crawler))
        except StorageError as exc:
            crawler.stats.set_value(stat_keys.STORAGE_ERROR, str(exc))
            raise
        if crawler.settings.getbool("NEWSASIA_STORIES", True):
            storage.enable_stories(StoryOptions.from_settings(crawler.settings))
        archive = _archives[crawler] = CrawlArchive(crawler, storage)
    return archive


def storage_for_crawler(crawler: Crawler) -> Storage:
    """The crawl's archive connection (see archive_for_crawler)."""
    return archive_for_crawler(crawler).storage


class CrawlArchive:
    """Commits the batch every NEWSASIA_DB_COMMIT_SECONDS while the spider runs, then closes;
    counts each batch's articles once it is committed."""

    def __init__(self, crawler: Crawler, storage: Storage):
        self.crawler, self.storage = crawler, storage
        self.interval = crawler.settings.getfloat("NEWSASIA_DB_COMMIT_SECONDS", 2.0)
        self.task = None
        self.closed = False  # the spider has closed: nothing more to end
        self.uncommitted = 0  # articles written since the last commit
        self.pending: Counter[str] = Counter()  # their stats, counted at the commit
        self.commit_listeners: list[Callable[[bool], None]] = []
        self.failure_listeners: list[Callable[[], None]] = []
        crawler.signals.connect(self.start, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    def on_commit(self, listener: Callable[[bool], None]) -> None:
        """Call listener(closing) after each successful commit; closing is True for the last
        one, when every response of the crawl has been handled (distributed leases end then)."""
        self.commit_listeners.append(listener)

    def on_failure(self, listener: Callable[[], None]) -> None:
        """Call listener() when the archive refuses a batch (its articles are lost)."""
        self.failure_listeners.append(listener)

    def written(self, *stat_names: str) -> None:
        """An article was written to the batch; its stats count once the batch is committed."""
        self.uncommitted += 1
        self.pending.update(stat_names)

    def commit(self) -> None:
        """Commit the batch and count its articles; a refused batch raises StorageError."""
        try:
            self.storage.commit()
        except StorageError as exc:
            self.failed(exc)
            raise
        for name, number in self.pending.items():
            self.crawler.stats.inc_value(name, number)
        self.uncommitted, self.pending = 0, Counter()
        for listener in self.commit_listeners:
            listener(self.closed)

    def failed(self, error: StorageError, articles: int = 0) -> None:
        """The archive refused a write: the batch (and `articles` more) is lost; end the crawl."""
        lost = self.uncommitted + articles
        # Logged once: the articles still in flight as the crawl ends fail the same way.
        repeated = self.crawler.stats.get_value(stat_keys.STORAGE_ERROR) == str(error)
        logger.log(
            logging.DEBUG if repeated else logging.ERROR,
            "%d article(s) not stored: %s",
            lost,
            error,
        )
        self.crawler.stats.inc_value(stat_keys.STORE_FAILED, lost)
        self.crawler.stats.set_value(stat_keys.STORAGE_ERROR, str(error))
        self.uncommitted, self.pending = 0, Counter()
        for listener in self.failure_listeners:
            listener()
        engine = self.crawler.engine
        if not self.closed and engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=STORAGE_ERROR_REASON))

    def start(self) -> None:
        self.task = create_looping_call(self.commit_on_time)
        self.task.start(self.interval, now=False)

    def commit_on_time(self) -> None:
        try:
            self.commit()
        except StorageError:
            if self.task is not None and self.task.running:
                self.task.stop()

    def close(self) -> None:
        self.closed = True
        if self.task is not None and self.task.running:
            self.task.stop()
        _archives.pop(self.crawler, None)
        with contextlib.suppress(StorageError):  # failed() has counted and logged it
            self.commit()
        try:
            self.storage.close()
        except StorageError as exc:
            self.failed(exc)


# Signal handlers are held weakly: this keeps each crawl's archive alive until its spider closes.
_archives: WeakKeyDictionary[Crawler, CrawlArchive] = WeakKeyDictionary()
