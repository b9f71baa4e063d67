"""`scrapy crawl` that exits 1 when the crawl closed for a failure reason.

Scrapy 2.19 exits 0 whatever reason a spider closed for. Components that close a crawl because
its result cannot be trusted (the VCR add-on's `vcr_unrecorded_request`, say) add their close
reason to the NEWSASIA_FAILURE_CLOSE_REASONS setting, and this command turns it into the exit
status that shell scripts and CI check.
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands import crawl
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


def closed_for_failure(crawler: Crawler) -> bool:
    """Whether the crawl closed for one of the reasons in NEWSASIA_FAILURE_CLOSE_REASONS."""
    try:
        stats = crawler.stats
    except RuntimeError:  # the crawl never started; Scrapy reports that itself
        return False
    reason = stats.get_value("finish_reason")
    return reason in crawler.settings.getlist("NEWSASIA_FAILURE_CLOSE_REASONS")


class Command(crawl.Command):
    def __init__(self) -> None:
        super().__init__()
        self.crawlers: list[Crawler] = []

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        # The process forgets its crawlers once they finish; remember ours for run().
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        failed = [crawler for crawler in self.crawlers if closed_for_failure(crawler)]
        for crawler in failed:
            logger.error(
                "Crawl failed: spider closed for %s", crawler.stats.get_value("finish_reason")
            )
        if failed:
            self.exitcode = 1
