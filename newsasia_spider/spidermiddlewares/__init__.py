"""Scrapy spider middlewares (SPIDER_MIDDLEWARES), one per module."""
