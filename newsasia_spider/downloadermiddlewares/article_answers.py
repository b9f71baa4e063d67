"""Counts how each article request was answered, attempt by attempt (593: after redirects
and the WARC copy, before the 403/429 back-off and Scrapy's retries, so a 403 that ends the
run and a 503 that is retried are both seen): `newsasia/article_answer/<status>` for an HTTP
answer, `newsasia/article_answer/<fault kind>` for a download that broke off (faults.py).

Scrapy's own stats count every request alike; feeds and robots.txt answering while article
pages are refused (a 403 wall in front of the articles only) shows only here.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsasia_spider import stat_keys
from newsasia_spider.faults import exception_kind
from newsasia_spider.spiders.base import ARTICLE


class ArticleAnswersMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ARTICLE):
            self.crawler.stats.inc_value(stat_keys.ARTICLE_ANSWER + str(response.status))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        # Refusals (the scope guard, robots.txt, a run that is ending) are no answer.
        if request.meta.get(ARTICLE) and not isinstance(exception, IgnoreRequest):
            kind = exception_kind(exception) or "other_error"
            self.crawler.stats.inc_value(stat_keys.ARTICLE_ANSWER + kind)
