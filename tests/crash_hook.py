"""A Scrapy extension for crash tests: SIGKILL this crawl process, or the `newsasia crawl` that
started it, at the Nth call of one function, as a power cut or the OOM killer would.

    NEWSASIA_CRASH_AT=tass:upsert:5          the tass crawl dies in its 5th article write
    NEWSASIA_CRASH_AT=tass:extract:2:parent  its `newsasia crawl` dies at its 2nd extraction
    NEWSASIA_CRASH_MARK=/tmp/crash.txt       gets a line just before the kill

tests/crash_settings.py lists it in EXTENSIONS; without NEWSASIA_CRASH_AT, or in another
outlet's crawl, it does nothing. The points, and the moment each kills in:

    fetch         an article's response headers have come, its body not
    extract       the extraction chain has returned, the article not yet passed on
    upsert        an article row is written, its revision not (mid-transaction)
    record_fetch  a URL's fetch state is written
    commit        a batch has just been committed
    close         the spider is closing, the storage pipeline's last batch not yet committed
    warc_write    half of a WARC write is on disk (the Nth write: a file's warcinfo is one)
    warc_record   a page's WARC records are on disk, the archive's row for them not written
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsasia_spider.pipelines.storage import StoragePipeline
from newsasia_spider.spiders import base as spider_base
from newsasia_spider.spiders.base import ARTICLE
from newsasia_spider.storage.base import Storage
from newsasia_spider.storage.sqlite import SqliteStorage
from newsasia_spider.warc import OutletWarcWriter

POINTS = (
    "fetch",
    "extract",
    "upsert",
    "record_fetch",
    "commit",
    "close",
    "warc_write",
    "warc_record",
)


class CrashHook:
    def __init__(self, point: str, count: int, victim: str, mark: Path) -> None:
        if point not in POINTS or victim not in ("self", "parent"):
            raise ValueError(f"bad NEWSASIA_CRASH_AT point {point!r} or victim {victim!r}")
        self.point, self.count, self.victim, self.mark = point, count, victim, mark
        self.calls = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        spec = os.environ.get("NEWSASIA_CRASH_AT", "")
        if not spec:
            raise NotConfigured("no NEWSASIA_CRASH_AT")
        outlet, point, count, *victim = spec.split(":")
        if crawler.spidercls.name != outlet:
            raise NotConfigured(f"the crash is for {outlet}")
        hook = cls(point, int(count), victim[0] if victim else "self", _mark_file())
        hook.install(crawler)
        return hook

    def install(self, crawler: Crawler) -> None:
        if self.point == "fetch":
            crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        elif self.point == "extract":
            spider_base.extract = self.after(spider_base.extract)
        elif self.point == "upsert":
            Storage._touch_revision = self.before(Storage._touch_revision)
        elif self.point == "record_fetch":
            Storage.record_fetch = self.after(Storage.record_fetch)
        elif self.point == "commit":
            SqliteStorage.commit = self.after_commit(SqliteStorage.commit)
        elif self.point == "warc_write":
            OutletWarcWriter._write_bytes = self.half_write(OutletWarcWriter._write_bytes)
        elif self.point == "warc_record":
            Storage.record_page = self.before(Storage.record_page)
        else:
            StoragePipeline.close_spider = self.before(StoragePipeline.close_spider)

    # -- the watched calls --------------------------------------------------------------------
    def headers_received(self, request: Request, **_: Any) -> None:
        if request.meta.get(ARTICLE):
            self.call()

    def before(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            self.call()
            return function(*args, **kwargs)

        return watched

    def after(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            self.call()
            return result

        return watched

    def half_write(self, write: Callable[[OutletWarcWriter, bytes], None]) -> Callable[..., None]:
        def watched(writer: OutletWarcWriter, data: bytes) -> None:
            if self.calls + 1 == self.count:
                write(writer, data[: len(data) // 2])  # the kill lands mid-record
            self.call()
            write(writer, data)

        return watched

    def after_commit(self, commit: Callable[[SqliteStorage], None]) -> Callable[..., None]:
        def watched(storage: SqliteStorage) -> None:
            pending = storage.connection.in_transaction  # the timer commits empty batches too
            commit(storage)
            if pending:
                self.call()

        return watched

    def call(self) -> None:
        self.calls += 1
        if self.calls != self.count:
            return
        victim = os.getppid() if self.victim == "parent" else os.getpid()
        with self.mark.open("a", encoding="utf-8") as mark:
            mark.write(f"{self.point} {self.count} {self.victim} {victim}\n")
        os.kill(victim, signal.SIGKILL)


def _mark_file() -> Path:
    return Path(os.environ.get("NEWSASIA_CRASH_MARK") or os.devnull)
