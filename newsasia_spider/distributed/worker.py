"""The worker's life in a distributed run (an extension, one per outlet crawl):

- it says it is alive and renews its leases; any worker puts expired leases (a killed worker's
  requests) back in the queue;
- it stays open while the outlet's queue or anyone's leases hold work, and closes once both
  have been empty for NEWSASIA_WORKER_IDLE_SECONDS: Scrapy would close an idle worker at once,
  while another worker is about to queue what it finds;
- when its crawl ends it leaves its stats in the run's `workers` hash, where
  `newsasia crawl --distributed` adds up one summary per outlet over every worker.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Collection
from typing import Any, Self

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call

from newsasia_spider import stat_keys
from newsasia_spider.distributed.leases import Leases
from newsasia_spider.distributed.redis_keys import RunKeys, connect, redis_time
from newsasia_spider.distributed.scheduler import leases_for_crawler
from newsasia_spider.extensions.archive import archive_for_crawler
from newsasia_spider.runner.summary import outage, verdict
from newsasia_spider.storage import StorageError

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.5  # how often an idle worker looks at the queue again


def worker_verdict(stats: dict[str, Any], failure_reasons: Collection[str]) -> tuple[bool, str]:
    """summary.verdict for one worker's share, less the outage checks (unreachable, a 403 wall
    short of ending the crawl, none of the listed articles stored): a worker sees only part of
    the site (the articles its sources listed may be stored by another, a late worker may get
    only a few 404 listing pages), so those are judged on the run's sums by
    `newsasia crawl --distributed`."""
    without_listed = {k: v for k, v in stats.items() if k != stat_keys.LISTED}
    ok, reason = verdict(without_listed, failure_reasons)
    if not ok and reason == outage(without_listed):
        return True, str(stats.get("finish_reason"))
    return ok, reason


def default_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class WorkerLife:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSASIA_REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        self.crawler = crawler
        self.name = settings.get("NEWSASIA_WORKER_NAME") or default_worker_name()
        self.idle_seconds = settings.getfloat("NEWSASIA_WORKER_IDLE_SECONDS")
        self.lease_seconds = settings.getfloat("NEWSASIA_LEASE_SECONDS")
        self.failure_reasons = settings.getlist("NEWSASIA_FAILURE_CLOSE_REASONS")
        self.idle_since: float | None = None
        self.last_renewal = 0.0
        self.leases: Leases | None = None
        self.keys: RunKeys | None = None
        self.server: redis.Redis | None = None
        self.task = create_looping_call(self.tick)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        self.keys = RunKeys.from_settings(self.crawler.settings, spider.name)
        self.server = connect(self.crawler.settings.get("NEWSASIA_REDIS_URL"))
        self.leases = leases_for_crawler(self.crawler)
        state = {"state": "running", "host": socket.gethostname(), "pid": os.getpid()}
        self.server.hset(self.keys.workers, self.name, json.dumps(state))
        self.say_alive()
        try:  # leases end when the archive has committed what their requests gave
            archive = archive_for_crawler(self.crawler)
        except StorageError:
            pass  # the storage pipeline ends the crawl
        else:
            if self.leases is not None:
                archive.on_commit(self.leases.committed)
                archive.on_failure(self.leases.lost)
                self.leases.waits_for_commits = True
        # Connected now, after the archive's own handler: the stats then hold its last commit.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.task.start(TICK_SECONDS)
        logger.info("worker %s joined run %s for %s", self.name, self.keys.run, spider.name)

    def say_alive(self) -> None:
        assert self.server is not None and self.keys is not None
        expiry = redis_time(self.server) + self.lease_seconds  # machines' clocks may differ
        self.server.zadd(self.keys.alive, {self.name: expiry})

    def tick(self) -> None:
        assert self.leases is not None
        try:
            now = time.monotonic()
            if now - self.last_renewal >= self.lease_seconds / 3:
                self.last_renewal = now
                self.leases.renew()
                self.say_alive()
            moved = self.leases.requeue()
            if moved:
                logger.warning(
                    "%s: %d request(s) of a worker gone silent put back in the queue",
                    self.keys.outlet if self.keys else "?",
                    moved,
                )
        except redis.RedisError as exc:
            logger.warning("worker %s: Redis: %s", self.name, exc)
            return
        self.nudge_engine()

    def nudge_engine(self) -> None:
        """Have the engine ask the scheduler again now rather than at its 5-second heartbeat
        (another worker may just have queued work): its own call for that, CallLaterOnce."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def spider_idle(self) -> None:
        assert self.leases is not None and self.server is not None and self.keys is not None
        try:
            waiting = self.server.zcard(self.keys.requests) + self.leases.outstanding()
        except redis.RedisError as exc:
            logger.warning("worker %s: Redis: %s; stopping", self.name, exc)
            return
        now = time.monotonic()
        if waiting:
            self.idle_since = None
            raise DontCloseSpider
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_seconds:
            raise DontCloseSpider
        logger.info("worker %s: queue empty for %.0f s, stopping", self.name, self.idle_seconds)

    def spider_closed(self, reason: str) -> None:
        if self.task.running:
            self.task.stop()
        stats = self.crawler.stats.get_stats()
        ok, why = worker_verdict(stats, self.failure_reasons)
        report = {"state": "finished", "ok": ok, "reason": why, "stats": stats}
        assert self.server is not None and self.keys is not None
        try:
            with self.server.pipeline() as pipe:
                pipe.hset(self.keys.workers, self.name, json.dumps(report, default=str))
                pipe.zrem(self.keys.alive, self.name)
                pipe.execute()
        except redis.RedisError as exc:
            logger.error("worker %s: cannot leave its stats in Redis: %s", self.name, exc)
