"""Takes a copy of each answer the WARC archive may keep (NEWSASIA_WARC, addons/warc.py).

It sits at 595, between the redirect middleware (600) and decompression (590), so it sees the
body as received (gzip still compressed, the WARC digests are the wire's) and no redirect hop.
The copy travels in the request meta to the spider middleware that writes it
(spidermiddlewares/warc_writer.py) once the spider has read the final answer.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsasia_spider.spiders.base import ARTICLE
from newsasia_spider.warc import Exchange

EXCHANGE = "newsasia_warc_exchange"  # request meta: the answer as received, for the writer
HEADER_ENCODING = "latin-1"  # header bytes as they were: one character per byte


class RawExchangeMiddleware:
    """Copies each answer the archive may keep before Scrapy decompresses it."""

    def __init__(self, keep_sources: bool) -> None:
        self.keep_sources = keep_sources

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getbool("NEWSASIA_WARC_SOURCES"))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ARTICLE) or self.keep_sources:
            request.meta[EXCHANGE] = exchange_of(request, response)
        return response


def exchange_of(request: Request, response: Response) -> Exchange:
    return Exchange(
        url=response.url,
        method=request.method,
        request_headers=header_list(request.headers),
        request_body=request.body,
        status=response.status,
        response_headers=header_list(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


def header_list(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode(HEADER_ENCODING), value.decode(HEADER_ENCODING))
        for name, values in headers.items()
        for value in values
    ]
