"""Incremental crawling as an add-on: on unless NEWSASIA_INCREMENTAL (or NEWSASIA_STORAGE,
without which there is no archive to compare with) is false.

The IncrementalMiddleware (spidermiddlewares/incremental.py) lets through only what the
archive lacks or a source says changed, and records every article fetch. Off, every run
fetches every article its sources list (still stored as unchanged when the text is the same).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component

INCREMENTAL = "newsasia_spider.spidermiddlewares.incremental.IncrementalMiddleware"
INCREMENTAL_ORDER = 950  # next to the spider: it sees what the spider yields first


class IncrementalAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getbool("NEWSASIA_INCREMENTAL") and settings.getbool("NEWSASIA_STORAGE"):
            set_component(settings, "SPIDER_MIDDLEWARES", INCREMENTAL, INCREMENTAL_ORDER)
