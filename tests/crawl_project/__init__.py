"""A tests-only Scrapy project for `newsasia crawl`: spiders that need no network.

Selected with SCRAPY_SETTINGS_MODULE=crawl_project.settings and tests/ on PYTHONPATH.
"""
