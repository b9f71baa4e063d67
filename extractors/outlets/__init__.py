"""The site extractors, one module per outlet, and lookup by URL or outlet name."""

from __future__ import annotations

from urllib.parse import urlsplit

from extractors.base import SiteExtractor
from extractors.outlets.kg24 import Kg24
from extractors.outlets.news_asia import NewsAsia
from extractors.outlets.realist import Realist
from extractors.outlets.tass import Tass

# Registered outlets: adding an outlet = one module here + one line in this tuple.
SITE_EXTRACTORS: tuple[SiteExtractor, ...] = (
    NewsAsia(),
    Kg24(),
    Tass(),
    Realist(),
)


def site_extractor_for(url: str, outlet: str | None = None) -> SiteExtractor | None:
    """The site extractor named `outlet`, else the one whose domains cover the URL's host."""
    if outlet is not None:
        for site in SITE_EXTRACTORS:
            if site.outlet == outlet:
                return site
    host = (urlsplit(url).hostname or "").lower()
    for site in SITE_EXTRACTORS:
        if site.covers(host):
            return site
    return None


__all__ = ["SITE_EXTRACTORS", "SiteExtractor", "site_extractor_for"]
