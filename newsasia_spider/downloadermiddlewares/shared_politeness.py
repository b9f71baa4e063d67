"""Politeness per domain shared by every worker of a distributed crawl: one budget of
concurrent requests, and one pace.

Scrapy's CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY hold inside one process; with N
workers a site would see N times as many requests at once, N times as often. Here a request
takes one of the domain's CONCURRENT_REQUESTS_PER_DOMAIN slots in Redis (a sorted set: holder
-> expiry) before it goes out, and only once DOWNLOAD_DELAY has passed since any worker's last
request to the domain; it waits while neither is so, and gives the slot back when the answer
(or the failure) comes. A slot has a lease, long enough for the download and the queueing
before it, so the slots of a killed worker free themselves.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Self
from urllib.parse import urlsplit

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newsasia_spider import stat_keys
from newsasia_spider.distributed.redis_keys import connect, slot_key

logger = logging.getLogger(__name__)

SLOT = "newsasia_politeness_slot"  # request meta: (slot key, holder) while the request is out
FIRST_WAIT, LONGEST_WAIT = 0.01, 0.25  # seconds between tries for a slot (doubling)
LEASE_MARGIN_SECONDS = 30.0

# KEYS: the domain's slots, its next allowed start; ARGV: holder, budget, lease seconds, delay.
# -> 1 taken, 0 all busy or too soon
_TAKE = """
local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])))
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[4])), 'PX', math.ceil(ARGV[4] * 1000))
end
return 1
"""


class SharedPoliteness:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        url = settings.get("NEWSASIA_REDIS_URL")
        if not url:
            raise NotConfigured("not a distributed crawl")
        self.server = connect(url)
        self.prefix = settings.get("NEWSASIA_REDIS_PREFIX")
        self.budget = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.delay = settings.getfloat("NEWSASIA_SHARED_DOWNLOAD_DELAY")  # DOWNLOAD_DELAY's
        # A slot is held while its request waits in this worker's downloader queue (at most the
        # budget's requests, each spaced by the delay, AutoThrottle's at its slowest) and while
        # it downloads.
        slowest = (
            settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
            if settings.getbool("AUTOTHROTTLE_ENABLED")
            else self.delay
        )
        self.lease_seconds = (
            settings.getfloat("DOWNLOAD_TIMEOUT")
            + self.budget * max(self.delay, slowest)
            + LEASE_MARGIN_SECONDS
        )
        self._take = self.server.register_script(_TAKE)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        key = slot_key(self.prefix, urlsplit(request.url).hostname or "")
        holder = uuid.uuid4().hex
        wait = FIRST_WAIT
        keys, arguments = (
            [key, f"{key}:next"],
            [holder, self.budget, self.lease_seconds, self.delay],
        )
        while not self._take(keys=keys, args=arguments):
            self.stats.inc_value(stat_keys.POLITENESS_WAITS)
            await asyncio.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
        request.meta[SLOT] = (key, holder)

    def process_response(self, request: Request, response: Response) -> Response:
        self.give_back(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.give_back(request)

    def give_back(self, request: Request) -> None:
        held = request.meta.pop(SLOT, None)
        if held is None:
            return
        try:
            self.server.zrem(*held)
        except redis.RedisError as exc:  # the slot's lease frees it
            logger.warning("cannot free a politeness slot of %s: %s", request.url, exc)
