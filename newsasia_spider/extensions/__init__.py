"""Scrapy extensions: per-crawl services the other components share."""
