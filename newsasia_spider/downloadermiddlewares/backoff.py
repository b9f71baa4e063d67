"""403/429 answers: pause the site (at least Retry-After), slow it down, retry 429s, count it
all, and end the outlet's run with one warning when the site is a wall of 403s or asks for an
unreasonable wait."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from newsasia_spider import stat_keys
from newsasia_spider.headers import header_text

logger = logging.getLogger(__name__)

FORBIDDEN_WALL_REASON = "newsasia_403_wall"
RATE_LIMITED_REASON = "newsasia_rate_limited"
MIN_BACKOFF_DELAY = 0.5  # seconds between requests to a site after it said 403/429, at least


class BackoffMiddleware:
    """403/429: pause and slow the site down, retry 429s, stop at a wall of 403s."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.wall = settings.getint("NEWSASIA_403_WALL")
        self.retries = settings.getint("NEWSASIA_BACKOFF_RETRIES")
        self.first_pause = settings.getfloat("NEWSASIA_BACKOFF_SECONDS")
        self.longest_pause = settings.getfloat("NEWSASIA_MAX_RETRY_AFTER")
        self.max_delay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        self.pauses = settings.getbool("NEWSASIA_BACKOFF_PAUSES")
        self.forbidden_in_a_row = 0
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.stopping:
            raise IgnoreRequest("the outlet's run is ending")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (403, 429):
            self.forbidden_in_a_row = 0
            return response
        stats = self.crawler.stats
        stats.inc_value(stat_keys.HTTP_STATUS + str(response.status))
        if response.status == 403:
            self.forbidden_in_a_row += 1
            if self.forbidden_in_a_row >= self.wall:
                self.stop(
                    FORBIDDEN_WALL_REASON,
                    f"{self.forbidden_in_a_row} requests in a row (robots.txt included) were"
                    " answered 403 Forbidden: the site refuses this crawler",
                )
                raise IgnoreRequest("403 wall")
        attempt = request.meta.get("newsasia_backoff", 0)
        retry_after = parse_retry_after(response)
        pause = retry_after if retry_after is not None else self.first_pause * 2**attempt
        if pause > self.longest_pause:
            self.stop(
                RATE_LIMITED_REASON,
                f"the site asks to wait {pause:.0f} s (NEWSASIA_MAX_RETRY_AFTER is"
                f" {self.longest_pause:.0f} s)",
            )
            raise IgnoreRequest("rate limited")
        self.pause_site(request, pause)
        stats.inc_value(stat_keys.BACKOFF_SECONDS, pause)
        retryable = response.status == 429 or retry_after is not None
        if retryable and attempt < self.retries:
            stats.inc_value(stat_keys.BACKOFF_RETRIES)
            meta = {**request.meta, "newsasia_backoff": attempt + 1}
            return request.replace(meta=meta, dont_filter=True)
        return response

    def pause_site(self, request: Request, seconds: float) -> None:
        """No request to this site for `seconds`, and twice the delay between requests after."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None or not self.pauses:
            return
        slot.delay = min(max(slot.delay * 2, MIN_BACKOFF_DELAY), self.max_delay)
        # The downloader waits `delay` after `lastseen` before the next request of the slot.
        slot.lastseen = max(slot.lastseen, monotonic() + seconds)

    def stop(self, reason: str, message: str) -> None:
        if self.stopping:
            return
        self.stopping = True
        spider = self.crawler.spider
        logger.warning("%s: %s; ending this run early.", spider.name if spider else "?", message)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))


def parse_retry_after(response: Response) -> float | None:
    """Retry-After in seconds (it may be a number or an HTTP date), or None."""
    value = header_text(response, b"Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
