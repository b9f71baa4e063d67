"""The local test site: outlet-like pages, feeds and sitemaps served on 127.0.0.1."""

from tests.site.server import SOURCES, LocalSite, Served

__all__ = ["SOURCES", "LocalSite", "Served"]
