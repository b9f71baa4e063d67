"""newsasia's settings with the tests' spiders instead of the outlets'."""

from newsasia_spider.settings import *  # noqa: F403

SPIDER_MODULES = ["crawl_project.spiders"]
NEWSPIDER_MODULE = "crawl_project.spiders"
LOG_LEVEL = "DEBUG"
# These spiders make no requests: nothing to record or replay.
NEWSASIA_RECORD_REPLAY_ADDON = "newsasia_spider.addons.record_replay.VcrAddon"
ADDONS = {name: value for name, value in ADDONS.items() if name != NEWSASIA_RECORD_REPLAY_ADDON}  # noqa: F405
TELNETCONSOLE_ENABLED = False
