"""Scrapy downloader middlewares (DOWNLOADER_MIDDLEWARES), one per module."""
