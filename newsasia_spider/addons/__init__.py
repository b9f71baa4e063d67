"""Optional behaviours, each an add-on listed in ADDONS and switched by a setting (settings.py)."""

from __future__ import annotations

from scrapy.settings import BaseSettings


def set_component(settings: BaseSettings, setting: str, path: str, order: int | None) -> None:
    """Put a component (by import path) in a component dict setting such as
    DOWNLOADER_MIDDLEWARES, or switch one off with None: Scrapy's defaults (the *_BASE dicts)
    name theirs by import path, so only the same path replaces or removes them."""
    components = settings.getdict(setting)
    components[path] = order
    settings.set(setting, components, settings.getpriority(setting) or 0)
