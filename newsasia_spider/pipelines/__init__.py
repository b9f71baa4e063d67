"""Scrapy item pipelines (ITEM_PIPELINES), one per module."""
