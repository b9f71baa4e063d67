"""Settings for the crash tests (`SCRAPY_SETTINGS_MODULE=tests.crash_settings newsasia crawl`):
the local test site's, small batches, and the crash hook (tests/crash_hook.py)."""

from tests.site.settings import *  # noqa: F403

EXTENSIONS = {"tests.crash_hook.CrashHook": 0}
NEWSASIA_DB_BATCH_SIZE = 3  # several commits in a short crawl: kills land between and inside them
