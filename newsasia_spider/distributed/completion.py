"""Tell the leases (distributed/leases.py) when a popped request is done.

A response is done once the spider's output for it has been handed on (LeaseSpiderMiddleware,
next to the engine: it sees what every other spider middleware let through, or the exception
that ended it). A request that never reaches the spider (a download failure after its retries,
a request the scope guard or robots.txt refused) is done when the downloader gives up on it
(LeaseDownloaderMiddleware, next to the engine: retries and redirects have had their turn).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsasia_spider.distributed.leases import LEASE
from newsasia_spider.distributed.scheduler import leases_for_crawler


class _LeaseCompletion:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def done(self, request: Request | None) -> None:
        leases = leases_for_crawler(self.crawler)
        if leases is not None and request is not None:
            leases.done(request.meta.get(LEASE))


class LeaseSpiderMiddleware(_LeaseCompletion):
    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        try:
            async for output in result:
                yield output
        finally:
            self.done(response.request)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        self.done(response.request)


class LeaseDownloaderMiddleware(_LeaseCompletion):
    def process_exception(self, request: Request, exception: Exception) -> None:
        self.done(request)
