"""Keep every fetched article page as WARC: `NEWSASIA_WARC` (on by default) switches on the
two components that do it.

    RawExchangeMiddleware (downloader, 595)  copies each answer before decompression
    WarcWriterMiddleware (spider, 900)       writes the final answers the spider reads

Settings: NEWSASIA_WARC, NEWSASIA_WARC_DIR (data/warc; the environment variable of that name
overrides it), NEWSASIA_WARC_MAX_SIZE (bytes per file before a new one starts),
NEWSASIA_WARC_SOURCES (also keep feeds, sitemaps and listings). Files, records and crash
safety: newsasia_spider/warc/files.py.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.downloadermiddlewares.raw_exchange import RawExchangeMiddleware
from newsasia_spider.spidermiddlewares.warc_writer import WarcWriterMiddleware


class WarcAddon:
    """Switches the two components on when NEWSASIA_WARC is true."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSASIA_WARC"):
            return
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", RawExchangeMiddleware, 595
        )
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", WarcWriterMiddleware, 900)
