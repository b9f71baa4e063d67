"""Project settings for crawling the local test site: no politeness delays against our own
server. `SCRAPY_SETTINGS_MODULE=tests.site.settings newsasia crawl` uses them."""

from newsasia_spider.settings import *  # noqa: F403

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0
NEWSASIA_BACKOFF_SECONDS = 0.2
NEWSASIA_MAX_AGE_DAYS = 0
