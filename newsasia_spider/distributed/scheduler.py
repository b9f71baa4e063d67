"""The scrapy-redis scheduler and duplicate filter, fitted to newsasia.

- `CanonicalDupeFilter`: one Redis set of fingerprints per outlet and run, and the fingerprint
  is the project's canonical one (`urls.url_key` under the outlet's identity rule: every address
  of an article is one article), not scrapy-redis's own canonicalize_url-based one.
- `LeasingScheduler`: requests are popped under a lease (distributed/leases.py) so a killed
  worker's in-flight requests go back to the queue; the queue is kept when a worker closes
  (SCHEDULER_PERSIST: the first worker to finish must not empty the others' queue); stats are
  counted without the deprecated `spider=` argument.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any, Self
from weakref import WeakKeyDictionary

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newsasia_spider.distributed.leases import LEASE, Leases
from newsasia_spider.distributed.redis_keys import RunKeys, connect
from newsasia_spider.urls import url_key

logger = logging.getLogger(__name__)


def request_fingerprint(request: Request, outlet: Any = None) -> str:
    """The fingerprint of a request: its method, canonical key (urls.url_key: every address
    of one article gives one key) and body."""
    key = url_key(request.url, outlet)
    body = hashlib.sha1(request.body or b"").hexdigest() if request.body else ""
    return hashlib.sha1(f"{request.method} {key} {body}".encode()).hexdigest()


class CanonicalDupeFilter(RFPDupeFilter):
    """scrapy-redis's Redis-set duplicate filter with the project's fingerprint. The set is the
    run's: it is kept when a worker closes (other workers still use it)."""

    def __init__(self, server: redis.Redis, key: str, outlet: Any = None, debug: bool = False):
        super().__init__(server, key, debug=debug)
        self.outlet = outlet  # the outlet record: its identity rule keys the articles

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        keys = RunKeys.from_settings(spider.settings, spider.name)
        server = connect(spider.settings.get("NEWSASIA_REDIS_URL"))
        record = getattr(spider, "outlet_record", None)
        return cls(server, keys.seen, record, spider.settings.getbool("DUPEFILTER_DEBUG"))

    def request_fingerprint(self, request: Request) -> str:
        return request_fingerprint(request, self.outlet)

    def close(self, reason: str = "") -> None:
        pass  # the run's set outlives each worker; `newsasia crawl --distributed` removes it


class LeasingScheduler(Scheduler):
    """scrapy-redis's scheduler on the run's keys, popping under leases."""

    leases: Leases

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        spider = crawler.spider
        assert spider is not None  # the engine builds its scheduler for an open spider
        keys = RunKeys.from_settings(settings, spider.name)
        server = connect(settings.get("NEWSASIA_REDIS_URL"))
        scheduler = cls(
            server=server,
            persist=True,
            queue_key=keys.requests,
            queue_cls="scrapy_redis.queue.PriorityQueue",
            dupefilter=CanonicalDupeFilter.from_spider(spider),
            dupefilter_key=keys.seen,
        )
        scheduler.stats = crawler.stats
        scheduler.leases = Leases(server, keys, settings.getfloat("NEWSASIA_LEASE_SECONDS"))
        _leases[crawler] = scheduler.leases
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.queue: PriorityQueue

    def close(self, reason: str) -> None:
        # Requests this worker popped and never finished go back to the queue for the others.
        moved = self.leases.give_back()
        if moved:
            logger.info("%s: %d unfinished request(s) put back in the queue", self.spider, moved)

    def enqueue_request(self, request: Request) -> bool:
        # A redirect or retry of a leased request: once the follow-up is queued (or known to
        # the duplicate filter), the original's lease has done its job.
        followed_up = request.meta.pop(LEASE, None)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.stats.inc_value("scheduler/enqueued/redis")
            self.queue.push(request)
            return True
        finally:
            if followed_up:
                self.leases.end([followed_up])

    def next_request(self) -> Request | None:
        popped = self.leases.pop()
        if popped is None:
            return None
        lease, data = popped
        request = self.queue._decode_request(data)
        request.meta[LEASE] = lease
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self) > 0


def leases_for_crawler(crawler: Crawler) -> Leases | None:
    """The leases of the crawl's scheduler (None: the crawl isn't distributed)."""
    return _leases.get(crawler)


# The crawl's leases, for the middlewares and the archive that tell them what is done.
_leases: WeakKeyDictionary[Crawler, Leases] = WeakKeyDictionary()
