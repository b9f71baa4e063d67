"""Storage as an add-on: every Article into the NEWSASIA_DB archive, unless NEWSASIA_STORAGE is
false (a crawl into a feed export only: `scrapy crawl tass -O tass.jsonl -s NEWSASIA_STORAGE=0`).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component
from newsasia_spider.pipelines.storage import STORAGE_ERROR_REASON

STORAGE = "newsasia_spider.pipelines.storage.StoragePipeline"
STORAGE_ORDER = 800


class StorageAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSASIA_STORAGE"):
            return
        set_component(settings, "ITEM_PIPELINES", STORAGE, STORAGE_ORDER)
        # A crawl whose articles can't be stored has failed: `scrapy crawl` exits 1.
        settings.add_to_list("NEWSASIA_FAILURE_CLOSE_REASONS", STORAGE_ERROR_REASON)
