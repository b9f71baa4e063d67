"""Fault accounting as an add-on: on unless NEWSASIA_FAULT_ACCOUNTING is false.

Broken answers are counted by kind as newsasia/fault/<kind> and each faulty URL is logged once
(faults.py), by three downloader middlewares placed by where they must see a response: every
answer off the wire (610), Scrapy's decompression with its bombs counted (590, in place of
Scrapy's own), and what is left after retries and decompression (540).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component

MIDDLEWARES = {
    "newsasia_spider.downloadermiddlewares.answer_faults.AnswerFaultsMiddleware": 610,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newsasia_spider.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "newsasia_spider.downloadermiddlewares.outcome_faults.OutcomeFaultsMiddleware": 540,
}


class FaultAccountingAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSASIA_FAULT_ACCOUNTING"):
            return
        for path, order in MIDDLEWARES.items():
            set_component(settings, "DOWNLOADER_MIDDLEWARES", path, order)
        # A page lost for good gets the one warning of OutcomeFaultsMiddleware instead.
        settings.set("RETRY_GIVE_UP_LOG_LEVEL", "DEBUG", priority="addon")
