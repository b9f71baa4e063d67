"""Run one outlet's crawl and report on it, for `newsasia crawl`:

    python -m newsasia_spider.runner.outlet_crawl OUTLET [-s NAME=VALUE ...]

`newsasia crawl` starts one such process per outlet, so one outlet's crash can't stop the
others (and Twisted's reactor, which can't be restarted, is new each time). Standard output
carries the reports, one JSON object a line; everything else goes to standard error (the log):

    {"event": "progress", "pages": 12, "articles": 3, "errors": 0}
    {"event": "finished", "ok": true, "reason": "finished", "stats": {...}}

The exit status is 0 when the crawl ended normally, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.project import get_project_settings

from newsasia_spider import stat_keys
from newsasia_spider.runner.summary import (
    OK_REASONS,
    count,
    failed_items,
    http_errors,
)

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 0.5
PARENT_GONE_REASON = "parent_gone"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsasia_spider.runner.outlet_crawl")
    parser.add_argument("outlet")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    report = _reports_stream()

    settings = get_project_settings()
    for assignment in args.settings:
        name, _, value = assignment.partition("=")
        settings.set(name, value, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(args.outlet)
    reporter = Reporter(crawler, report)  # signal handlers are held weakly: keep it
    process.crawl(crawler)
    process.start()

    del reporter
    stats = _stats(crawler)
    reason = str(stats.get("finish_reason") or "did not start")
    failure_reasons = set(settings.getlist("NEWSASIA_FAILURE_CLOSE_REASONS"))
    store_failed = count(stats, stat_keys.STORE_FAILED)
    ok = reason in OK_REASONS and reason not in failure_reasons and not store_failed
    _send(report, {"event": "finished", "ok": ok, "reason": reason, "stats": stats})
    return 0 if ok else 1


def _reports_stream() -> IO[str]:
    """Keep standard output for reports; whatever else writes to it lands in the log."""
    report = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return report


def _send(report: IO[str], message: dict[str, Any]) -> None:
    report.write(json.dumps(message, default=str, ensure_ascii=False) + "\n")


def _stats(crawler: Crawler) -> dict[str, Any]:
    try:
        return crawler.stats.get_stats()
    except RuntimeError:  # the crawler never got as far as having stats
        return {}


class Reporter:
    """Sends progress while the spider runs, and stops the crawl if `newsasia crawl` dies."""

    def __init__(self, crawler: Crawler, report: IO[str]):
        self.crawler, self.report = crawler, report
        self.parent = os.getppid()
        self.last: dict[str, int] = {}
        self.task = create_looping_call(self.tick)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    def opened(self) -> None:
        self.task.start(PROGRESS_SECONDS)

    def closed(self) -> None:
        if self.task.running:
            self.task.stop()
        self.send_progress()

    def tick(self) -> None:
        if os.getppid() != self.parent:
            # An orphan would keep writing while the next scheduled run starts.
            logger.warning("newsasia crawl is gone; stopping this crawl")
            self.task.stop()
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=PARENT_GONE_REASON))
            return
        self.send_progress()

    def send_progress(self) -> None:
        stats = _stats(self.crawler)
        progress = {
            "pages": count(stats, "response_received_count"),
            "articles": count(stats, "item_scraped_count"),
            "errors": http_errors(stats) + failed_items(stats),
        }
        if progress != self.last:
            self.last = progress
            with contextlib.suppress(BrokenPipeError):  # the parent went away: tick() stops
                _send(self.report, {"event": "progress", **progress})


if __name__ == "__main__":
    sys.exit(main())
