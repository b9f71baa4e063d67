"""Counts every faulty answer as it comes off the wire, before redirects and retries (610)."""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsasia_spider.faults import FAULTS_META, REDIRECTS, exception_kind, fault_log


class AnswerFaultsMiddleware:
    """Counts every faulty answer as it comes: each retry's too. Refuses redirects that loop,
    go on too long or leave HTTP, which Scrapy would drop silently or hand to the spider."""

    def __init__(self, crawler: Crawler) -> None:
        self.faults = fault_log(crawler)
        self.max_redirects = crawler.settings.getint("REDIRECT_MAX_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status >= 500 or response.status == 429:
            self.note(request, f"http_{response.status}")
        elif (
            response.status in REDIRECTS
            and b"Location" in response.headers
            and not request.meta.get("dont_redirect")
        ):
            kind = self.redirect_kind(request, response)
            if kind is not None:
                self.faults.count(kind)
                target = response.headers[b"Location"].decode("latin-1")
                self.faults.log(
                    logging.WARNING, request.url, "%s: %s to %s", kind, request.url, target
                )
                raise IgnoreRequest(f"{kind}: {request.url}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        kind = exception_kind(exception)
        if kind is not None:
            self.note(request, kind)

    def note(self, request: Request, kind: str) -> None:
        """Count the fault, and remember it in the request: a retry copies its meta."""
        self.faults.count(kind)
        request.meta[FAULTS_META] = [*request.meta.get(FAULTS_META, []), kind]

    def redirect_kind(self, request: Request, response: Response) -> str | None:
        location = response.headers[b"Location"].decode("latin-1").strip()
        target = urljoin(request.url, location)
        if not target.startswith(("http://", "https://")):
            return "redirect_not_http"
        if target in (*request.meta.get("redirect_urls", []), request.url):
            return "redirect_loop"
        if request.meta.get("redirect_times", 0) >= self.max_redirects:
            return "too_many_redirects"
        return None
