"""newsasia's settings with the tests' spiders instead of the outlets'."""

from newsasia_spider.settings import *  # noqa: F403

SPIDER_MODULES = ["crawl_project.spiders"]
NEWSPIDER_MODULE = "crawl_project.spiders"
LOG_LEVEL = "DEBUG"
ADDONS: dict[str, int] = {}  # these spiders make no requests: nothing to record or replay
TELNETCONSOLE_ENABLED = False
