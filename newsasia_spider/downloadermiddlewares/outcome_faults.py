"""What became of a request after retries and decompression (540): faulty page bodies,
recovered faults, and downloads given up for good (logged once, no traceback)."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsasia_spider.faults import FAULTS_META, body_kind, exception_kind, fault_log


class OutcomeFaultsMiddleware:
    """What became of a request after retries and decompression: a page body that is no page,
    a fault a retry got past, or a download given up (ignored, so no traceback is logged)."""

    def __init__(self, crawler: Crawler) -> None:
        self.faults = fault_log(crawler)
        self.warn_size = crawler.settings.getint("DOWNLOAD_WARNSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        earlier = request.meta.get(FAULTS_META, [])
        if response.status >= 500 or response.status == 429:
            self._gave_up(request, earlier)
            return response
        if earlier:
            self.faults.log(
                logging.INFO,
                request.url,
                "recovered %s after %d faults: %s",
                request.url,
                len(earlier),
                ", ".join(earlier),
            )
        if response.status == 200:
            kind = body_kind(response, self.warn_size)
            if kind is not None:
                self.faults.count(kind)
                coped = kind.startswith("charset") or kind == "large_page"
                level = logging.INFO if coped else logging.WARNING
                self.faults.log(level, request.url, "%s: %s", kind, request.url)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = exception_kind(exception)
        if kind is None:
            return  # not a site's fault: Scrapy logs it with its traceback
        earlier = request.meta.get(FAULTS_META, [kind])
        self._gave_up(request, earlier)
        raise IgnoreRequest(f"{kind}: {request.url}") from exception

    def _gave_up(self, request: Request, faults: list[str]) -> None:
        self.faults.log(
            logging.WARNING,
            request.url,
            "gave up on %s after %d attempts: %s",
            request.url,
            len(faults),
            ", ".join(faults),
        )
