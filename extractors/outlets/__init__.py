"""The outlets: one module each, declaring its record as `OUTLET`; lookup by URL or name.

Every module of this package that declares `OUTLET` is an outlet: adding one is adding its
module (docs/adding-an-outlet.md). Helper modules without a record (reading.py) are skipped.
The site extractor registry is made from the records, in module-name order.
"""

from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit

from extractors.base import SiteExtractor
from extractors.record import Outlet


def _declared_outlets() -> tuple[Outlet, ...]:
    outlets = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        record = getattr(module, "OUTLET", None)
        if isinstance(record, Outlet):
            outlets.append(record)
    return tuple(outlets)


OUTLETS: tuple[Outlet, ...] = _declared_outlets()
SITE_EXTRACTORS: tuple[SiteExtractor, ...] = tuple(outlet.site_extractor() for outlet in OUTLETS)


def outlet_named(name: str) -> Outlet | None:
    return next((outlet for outlet in OUTLETS if outlet.name == name), None)


def outlet_for_host(host: str) -> Outlet | None:
    """The outlet one of whose domains is the host or contains it."""
    return next((outlet for outlet in OUTLETS if outlet.covers(host)), None)


def site_extractor_for(url: str, outlet: str | Outlet | None = None) -> SiteExtractor | None:
    """The site extractor of `outlet` (a record, or a registered outlet's name), else the one
    whose domains cover the URL's host."""
    if isinstance(outlet, Outlet):
        return outlet.site_extractor()
    if outlet is not None:
        for site in SITE_EXTRACTORS:
            if site.outlet == outlet:
                return site
    host = (urlsplit(url).hostname or "").lower()
    for site in SITE_EXTRACTORS:
        if site.covers(host):
            return site
    return None


__all__ = [
    "OUTLETS",
    "SITE_EXTRACTORS",
    "SiteExtractor",
    "outlet_for_host",
    "outlet_named",
    "site_extractor_for",
]
