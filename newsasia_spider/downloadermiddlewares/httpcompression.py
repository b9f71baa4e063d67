"""Scrapy's HttpCompressionMiddleware (590), also counting the decompression bombs it stops."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsasia_spider.faults import FaultLog, fault_log


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Scrapy's, also counting the responses it drops for inflating past DOWNLOAD_MAXSIZE."""

    faults: FaultLog

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.faults = fault_log(crawler)
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            self.faults.count("decompression_bomb")
            self.faults.log(
                logging.WARNING, request.url, "decompression_bomb: %s dropped", request.url
            )
            raise
