"""What a run's articles say about the extractors' health (the health add-on, 940: after the
IncrementalMiddleware, so it sees the article requests that will really be sent):

- `newsasia/listed`: article requests the sources gave and the archive let through;
- per article, by the side of the chain that made it (site or fallback): how many, which
  fields came out empty, and why the site extractor was skipped;
- on a sample of the pages the site extractor read (the first NEWSASIA_HEALTH_SAMPLE_FIRST of
  the run, then a share NEWSASIA_HEALTH_SAMPLE of them), the fallback extracts the same page
  too, and the token-overlap F1 of the two texts goes to `newsasia/health/agreement`. A site
  extractor that still matches a redesigned page but reads the wrong part of it shows there.

runner/health.py turns these stats into the run's health record; docs/health.md.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from extractors import Article, ExtractionError
from extractors.overlap import reader_text, token_f1
from newsasia_spider import stat_keys
from newsasia_spider.spiders.base import ARTICLE, OutletSpider

logger = logging.getLogger(__name__)

# The fields a health record watches: empty on an article that used to have it is a sign of
# a layout change the site extractor missed.
WATCHED_FIELDS = ("title", "lead", "published", "authors", "section", "tags", "images")
NO_SITE_EXTRACTOR = "no site extractor"


class HealthMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        if not isinstance(crawler.spider, OutletSpider):
            raise NotConfigured("health is recorded for the outlet spiders")
        self.crawler = crawler
        self.spider: OutletSpider = crawler.spider
        self.sample_share = crawler.settings.getfloat("NEWSASIA_HEALTH_SAMPLE")
        self.sample_first = crawler.settings.getint("NEWSASIA_HEALTH_SAMPLE_FIRST")
        self.site_articles = 0  # pages the site extractor read in this run
        self.agreements: list[float] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        async for output in result:
            if isinstance(output, Article):
                self.check(output, response)
            elif isinstance(output, Request) and output.meta.get(ARTICLE):
                stats.inc_value(stat_keys.LISTED)
            yield output

    def check(self, article: Article, response: Response) -> None:
        stats = self.crawler.stats
        via = "site" if article.by_site_extractor else "fallback"
        stats.inc_value(stat_keys.HEALTH_ARTICLES + via)
        for name in WATCHED_FIELDS:
            value = getattr(article, name)
            if value is None or (isinstance(value, str | list) and not value):
                stats.inc_value(f"{stat_keys.MISSING}{via}/{name}")
        if via == "fallback":
            stats.inc_value(stat_keys.FALLBACK_REASON + reason_kind(article.fallback_reason))
            return
        self.site_articles += 1
        if self.sampled(self.site_articles):
            self.compare_with_fallback(article, response)

    def sampled(self, number: int) -> bool:
        """Whether the site extractor's `number`th page of the run is compared: the first few
        always, then every page that brings number × share to a new whole number (spread
        evenly, and the same pages on the same run: no randomness in a test)."""
        if number <= self.sample_first:
            return True
        return math.floor(number * self.sample_share) > math.floor((number - 1) * self.sample_share)

    def compare_with_fallback(self, article: Article, response: Response) -> None:
        stats = self.crawler.stats
        try:
            # Only the text is compared: the fallback's date search (most of its cost) is not.
            fallback = self.spider.extract(response, force="fallback", search_dates=False)
        except ExtractionError as exc:
            # The fallback finding no article where the site extractor did is a disagreement
            # too, but not a measure of one: counted apart.
            stats.inc_value(stat_keys.AGREEMENT_FAILED)
            logger.debug("fallback found no article in %s: %s", response.url, exc)
            return
        site_text = reader_text(article.lead, article.body)
        fallback_text = reader_text(fallback.lead, fallback.body)
        self.agreements.append(round(token_f1(site_text, fallback_text), 4))
        stats.set_value(stat_keys.AGREEMENT, self.agreements)


def reason_kind(reason: str | None) -> str:
    """The kind of a fallback reason, without the page's details: "unrecognised layout" of
    "tass: unrecognised layout (no article container)"; a stats key can't hold every detail."""
    if reason is None:
        return NO_SITE_EXTRACTOR
    _, separator, rest = reason.partition(": ")
    kind = rest if separator else reason
    return kind.split(" (", 1)[0].strip() or "unknown"
