"""The scope guard as an add-on: on unless NEWSASIA_SCOPE_GUARD is false.

The guard (downloadermiddlewares/scope_guard.py) runs before every other downloader middleware,
so redirects meet it too. It replaces Scrapy's OffsiteMiddleware, which drops offsite redirects
and links when they are scheduled: before the guard could count them and log the refusal.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component

SCRAPY_OFFSITE = "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"
GUARD = "newsasia_spider.downloadermiddlewares.scope_guard.ScopeGuardMiddleware"
GUARD_ORDER = 50  # before every other downloader middleware


class ScopeGuardAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSASIA_SCOPE_GUARD"):
            return
        set_component(settings, "DOWNLOADER_MIDDLEWARES", SCRAPY_OFFSITE, None)
        set_component(settings, "DOWNLOADER_MIDDLEWARES", GUARD, GUARD_ORDER)
