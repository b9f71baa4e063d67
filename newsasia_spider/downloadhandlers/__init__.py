"""Scrapy download handlers (DOWNLOAD_HANDLERS)."""
