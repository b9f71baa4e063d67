"""Distributed crawling as an add-on: on when NEWSASIA_REDIS_URL names a Redis server.

The four spiders stay as they are. What changes is where requests wait: in Redis, one queue and
one duplicate filter per outlet and run (scrapy-redis), shared by every worker process on every
machine, with leases so a killed worker loses nothing (distributed/). The archive must be
PostgreSQL: a SQLite file can't be shared by machines, and is refused here.

Settings: NEWSASIA_REDIS_URL, NEWSASIA_REDIS_PREFIX, NEWSASIA_DISTRIBUTED_RUN (set by `newsasia
worker`), NEWSASIA_WORKER_NAME, NEWSASIA_WORKER_IDLE_SECONDS, NEWSASIA_LEASE_SECONDS;
CONCURRENT_REQUESTS_PER_DOMAIN becomes one budget and DOWNLOAD_DELAY one pace, shared by all
workers (docs/distributed.md).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsasia_spider.addons import set_component
from newsasia_spider.distributed.redis_keys import archive_namespace
from newsasia_spider.distributed.worker import default_worker_name
from newsasia_spider.storage import StorageError, open_storage, resolve_target

SCHEDULER = "newsasia_spider.distributed.scheduler.LeasingScheduler"
DUPEFILTER = "newsasia_spider.distributed.scheduler.CanonicalDupeFilter"
WORKER = "newsasia_spider.distributed.worker.WorkerLife"
LEASE_SPIDER_MW = "newsasia_spider.distributed.completion.LeaseSpiderMiddleware"
LEASE_DOWNLOADER_MW = "newsasia_spider.distributed.completion.LeaseDownloaderMiddleware"
SHARED_POLITENESS = "newsasia_spider.downloadermiddlewares.shared_politeness.SharedPoliteness"
NEXT_TO_ENGINE = 10  # they must see the final outcome of a request: below every other one
# Next to the download itself: only requests that go out take a slot, and the answer frees it
# before a redirect or a retry (600, 550) turns it into another request.
POLITENESS_ORDER = 950


class DistributedSetupError(ValueError):
    """Distributed mode can't run with these settings (one line for the user)."""


def distributed_archive_problem(target: str) -> str | None:
    """Why the archive target can't serve a distributed crawl, or None when it can."""
    if not target.startswith(("postgresql://", "postgres://")):
        return (
            f"distributed crawling needs a PostgreSQL archive that every worker can reach,"
            f" not {target} (set NEWSASIA_DB=postgresql://...)"
        )
    return None


def redis_namespace(settings: BaseSettings, target: str) -> str:
    """`<NEWSASIA_REDIS_PREFIX>:<archive id>`: the Redis namespace of the archive's runs."""
    try:
        storage = open_storage(target)
        try:
            archive_id = storage.archive_id()
        finally:
            storage.close()
    except StorageError as exc:
        raise DistributedSetupError(str(exc)) from exc
    return archive_namespace(settings.get("NEWSASIA_REDIS_PREFIX"), archive_id)


class DistributedAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("NEWSASIA_REDIS_URL"):
            return
        target = resolve_target(setting=settings.get("NEWSASIA_DB"))
        problem = distributed_archive_problem(target)
        if problem is None and not settings.getbool("NEWSASIA_STORAGE"):
            problem = "distributed crawling stores into the archive: NEWSASIA_STORAGE is off"
        if problem:
            raise DistributedSetupError(problem)
        if not settings.get("NEWSASIA_REDIS_NAMESPACE"):  # the commands give it; else ask
            settings.set("NEWSASIA_REDIS_NAMESPACE", redis_namespace(settings, target))
        # One name for the worker in Redis, logs and its own WARC files (warc/files.py).
        name = settings.get("NEWSASIA_WORKER_NAME") or default_worker_name()
        settings.set("NEWSASIA_WORKER_NAME", name, priority="addon")
        if not settings.get("NEWSASIA_WARC_WRITER"):
            settings.set("NEWSASIA_WARC_WRITER", name, priority="addon")
        # DOWNLOAD_DELAY becomes one pace for all workers (SharedPoliteness). The downloader's
        # own delay would come after a request has taken its turn there, and spoil the spacing.
        delay_priority = settings.getpriority("DOWNLOAD_DELAY") or 0
        settings.set("NEWSASIA_SHARED_DOWNLOAD_DELAY", settings.getfloat("DOWNLOAD_DELAY"))
        settings.set("DOWNLOAD_DELAY", 0, priority=delay_priority)
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("REDIS_URL", settings.get("NEWSASIA_REDIS_URL"), priority="addon")
        set_component(settings, "EXTENSIONS", WORKER, 0)
        set_component(settings, "SPIDER_MIDDLEWARES", LEASE_SPIDER_MW, NEXT_TO_ENGINE)
        set_component(settings, "DOWNLOADER_MIDDLEWARES", LEASE_DOWNLOADER_MW, NEXT_TO_ENGINE)
        set_component(settings, "DOWNLOADER_MIDDLEWARES", SHARED_POLITENESS, POLITENESS_ORDER)
