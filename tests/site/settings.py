"""Project settings for crawling the local test site: no politeness delays against our own
server, and the site's address from the environment, for `newsasia crawl`, which passes no
settings on to its outlets' processes:

    export SCRAPY_SETTINGS_MODULE=tests.site.settings
    NEWSASIA_BASE_URL='{"tass": "http://127.0.0.1:PORT"}' newsasia crawl tass

Only this test module reads NEWSASIA_BASE_URL from the environment; the project's settings never
do (a forgotten variable would point a production crawl at loopback addresses).
"""

import os

from newsasia_spider.settings import *  # noqa: F403

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0
NEWSASIA_BACKOFF_SECONDS = 0.2
NEWSASIA_MAX_AGE_DAYS = 0
NEWSASIA_BASE_URL = os.environ.get("NEWSASIA_BASE_URL")
# Distributed tests: each test's Redis keys under a prefix of its own (tests/test_distributed.py).
NEWSASIA_REDIS_PREFIX = os.environ.get("NEWSASIA_REDIS_PREFIX", NEWSASIA_REDIS_PREFIX)  # noqa: F405
