"""`newsasia crawl --distributed --workers N`: one distributed run, started and summed up here.

It records the run in the archive (crawl_runs), announces it in Redis so workers on other
machines (`newsasia worker`) join it, starts N local workers, each crawling every chosen outlet
(the spiders' start requests seed the queues; the shared duplicate filter keeps one copy),
waits for them and for any other worker that joined, then prints ONE summary line per outlet,
added up over the workers from the stats they left in Redis, and a total. Exit statuses as
`newsasia crawl`: 0 all outlets ok, 1 an outlet failed (a worker failed or was lost, Redis or
the archive can't be used), 2 usage error (a SQLite archive, no Redis given), 3 another crawl
holds the archive's lock.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import redis

from newsasia_spider import stat_keys
from newsasia_spider.addons.distributed import distributed_archive_problem
from newsasia_spider.distributed.redis_keys import (
    RedisUnavailable,
    RunKeys,
    announce_run,
    archive_namespace,
    connect,
    end_run,
    redis_time,
    resolve_redis_url,
)
from newsasia_spider.runner.crawl import (
    CrawlOptions,
    Interrupted,
    SetupError,
    UsageError,
    _signals_interrupt,
    _stop,
    available_outlets,
    choose_outlets,
    project_settings,
    resolve_db,
    run_locked,
    start_logged_child,
)
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail
from newsasia_spider.runner.health import RunHealth
from newsasia_spider.runner.summary import OutletSummary, total_line, verdict
from newsasia_spider.storage import Storage, StorageError, open_storage

logger = logging.getLogger("newsasia.crawl")
POLL_SECONDS = 0.2


def run_distributed_crawl(options: CrawlOptions, *, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    if options.offline or options.record:
        return fail("--distributed crawls the sites: no --offline or --record", EXIT_USAGE)
    if options.workers < 1:
        return fail("--workers must be at least 1", EXIT_USAGE)
    try:
        settings = project_settings()
        outlets = choose_outlets(options.outlets, available_outlets(settings))
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except SetupError as exc:
        return fail(str(exc))
    target = resolve_db(options.db, settings)
    problem = distributed_archive_problem(target)
    if problem:
        return fail(problem, EXIT_USAGE)
    redis_url = resolve_redis_url(options.redis_url, settings)
    if not redis_url:
        return fail("--distributed needs a Redis server: --redis or NEWSASIA_REDIS_URL", EXIT_USAGE)
    try:
        client = connect(redis_url)
        storage = open_storage(target)
    except (RedisUnavailable, StorageError) as exc:
        return fail(str(exc))
    return run_locked(
        storage,
        options.log_dir,
        lambda log_path: DistributedRun(
            options, settings, storage, client, redis_url, target, outlets
        ).run(log_path, out),
        errors=(RedisUnavailable, redis.RedisError),
    )


class DistributedRun:
    def __init__(
        self,
        options: CrawlOptions,
        settings: Any,
        storage: Storage,
        client: redis.Redis,
        redis_url: str,
        target: str,
        outlets: list[str],
    ) -> None:
        self.options, self.settings, self.storage = options, settings, storage
        self.client, self.redis_url, self.target, self.outlets = client, redis_url, target, outlets
        # The archive's own namespace: two archives sharing a Redis number their runs alike.
        self.prefix = archive_namespace(settings.get("NEWSASIA_REDIS_PREFIX"), storage.archive_id())
        self.idle_seconds = options.idle_seconds or settings.getfloat(
            "NEWSASIA_WORKER_IDLE_SECONDS"
        )
        self.lease_seconds = settings.getfloat("NEWSASIA_LEASE_SECONDS")
        self.width = max(len(name) for name in [*outlets, "total"])

    def run(self, log_path: Path, out: IO[str]) -> int:
        started, started_at = time.monotonic(), datetime.now(UTC)
        run_id = self.storage.start_crawl_run(self.outlets)
        run = str(run_id)
        keys = {outlet: RunKeys(self.prefix, run, outlet) for outlet in self.outlets}
        logger.info(
            "distributed run %s of %s with %d local worker(s) into %s",
            run,
            ", ".join(self.outlets),
            self.options.workers,
            self.target,
        )
        announce_run(self.client, self.prefix, run, self.outlets)
        exit_status = EXIT_FAILED
        summaries: list[OutletSummary] = []
        workers: list[subprocess.Popen] = []
        copiers: list[threading.Thread] = []
        interrupted = False
        try:
            with _signals_interrupt():
                for number in range(1, self.options.workers + 1):
                    worker, copier = self.start_worker(run, number)
                    workers.append(worker)
                    copiers.append(copier)
                while any(worker.poll() is None for worker in workers):
                    time.sleep(POLL_SECONDS)
                self.wait_for_other_workers(keys.values())
        except Interrupted as exc:
            interrupted = True
            logger.warning("distributed crawl interrupted by %s; see %s", exc, log_path)
            for worker in workers:
                _stop(worker)
        finally:
            end_run(self.client, self.prefix, run)
            for copier in copiers:
                copier.join()
            seconds = time.monotonic() - started
            for outlet, outlet_keys in keys.items():
                summary = self.outlet_summary(outlet_keys, seconds, interrupted)
                pages = self.pages_by_worker(outlet_keys)
                summaries.append(summary)
                print(summary.line(self.width), file=out, flush=True)
                logger.info(summary.line(self.width))
                self.storage.record_outlet_run(
                    run_id,
                    outlet,
                    started_at=started_at,
                    finished_at=datetime.now(UTC),
                    ok=summary.ok,
                    stats={**summary.as_dict(), "pages_by_worker": pages},
                    health=RunHealth.from_stats(self.run_stats(outlet_keys)).as_dict(),
                )
                self.clean_up(outlet_keys)
            if not interrupted:
                exit_status = EXIT_OK if all(s.ok for s in summaries) else EXIT_FAILED
            total = total_line(summaries, time.monotonic() - started, self.width)
            print(total, file=out, flush=True)
            logger.info(total)
            self.storage.finish_crawl_run(run_id, exit_status)
        return exit_status

    def start_worker(self, run: str, number: int) -> tuple[subprocess.Popen, threading.Thread]:
        name = f"{socket.gethostname()}-{number}"
        command = [
            sys.executable, "-m", "newsasia_spider.runner.worker", *self.outlets,
            "--run", run, "--redis", self.redis_url, "--db", self.target, "--name", name,
            "--idle-seconds", str(self.idle_seconds),
        ]  # fmt: skip
        environment = {**os.environ, "NEWSASIA_DB": self.target}
        environment.setdefault("SCRAPY_SETTINGS_MODULE", "newsasia_spider.settings")
        return start_logged_child(command, environment, name)

    def wait_for_other_workers(self, all_keys: Any) -> None:
        """Workers of other machines may still be finishing: wait until each has reported or
        stopped saying it is alive (a lost one is silent for at most a lease)."""
        deadline = time.monotonic() + self.lease_seconds + self.idle_seconds
        while time.monotonic() < deadline:
            if not any(self.running_workers(keys) for keys in all_keys):
                return
            time.sleep(POLL_SECONDS)

    def running_workers(self, keys: RunKeys) -> list[str]:
        """Workers that have not reported and still say they are alive."""
        now = redis_time(self.client)
        alive = {
            name.decode()
            for name, until in self.client.zrange(keys.alive, 0, -1, withscores=True)
            if until > now
        }
        return [name for name, report in self.reports(keys).items() if not report.get("stats")
                and name in alive]  # fmt: skip

    def reports(self, keys: RunKeys) -> dict[str, dict[str, Any]]:
        reports = {}
        for name, raw in self.client.hgetall(keys.workers).items():
            try:
                reports[name.decode()] = json.loads(raw)
            except json.JSONDecodeError:
                reports[name.decode()] = {}
        return reports

    def pages_by_worker(self, keys: RunKeys) -> dict[str, int]:
        """The pages each worker that reported fetched for the outlet."""
        return {
            name: int((report.get("stats") or {}).get("response_received_count") or 0)
            for name, report in self.reports(keys).items()
            if report.get("state") == "finished"
        }

    def run_stats(self, keys: RunKeys) -> dict[str, Any]:
        """The outlet's stats over the workers that finished: counters added up, the health
        agreement samples (a list per worker) put together."""
        stats: Counter[str] = Counter()
        agreement: list[float] = []
        for report in self.reports(keys).values():
            if report.get("state") != "finished":
                continue
            worker_stats = report.get("stats") or {}
            for key, value in worker_stats.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    stats[key] += value
            agreement += worker_stats.get(stat_keys.AGREEMENT) or []
        return {**stats, stat_keys.AGREEMENT: agreement}

    def outlet_summary(self, keys: RunKeys, seconds: float, interrupted: bool) -> OutletSummary:
        """One summary of the outlet over every worker that crawled it in this run: their stats
        added up and judged together (summary.verdict), plus the workers lost on the way."""
        reports = self.reports(keys)
        finished = {name: r for name, r in reports.items() if r.get("state") == "finished"}
        lost = sorted(set(reports) - set(finished))
        summed = self.run_stats(keys)
        summed["finish_reason"] = "finished"
        for name, report in finished.items():
            worker_stats = report.get("stats") or {}
            if worker_stats.get(stat_keys.STORAGE_ERROR):
                summed[stat_keys.STORAGE_ERROR] = worker_stats[stat_keys.STORAGE_ERROR]
            if not report.get("ok"):
                summed["finish_reason"] = f"{name}: {report.get('reason')}"
        ok, reason = verdict(summed, self.settings.getlist("NEWSASIA_FAILURE_CLOSE_REASONS"))
        problems = [] if ok else [reason]
        if lost:
            problems.append(f"worker(s) lost: {', '.join(lost)}")
            logger.warning("%s: worker(s) %s never reported", keys.outlet, ", ".join(lost))
        if not reports:
            problems.append("no worker crawled it")
        if interrupted:
            problems.insert(0, "interrupted")
        return OutletSummary.from_stats(
            keys.outlet,
            ok=not problems,
            reason="; ".join(problems) or reason,
            stats=summed,
            seconds=seconds,
        )

    def clean_up(self, keys: RunKeys) -> None:
        """Drop the run's keys; requests still queued (every worker lost) are left for a day,
        and a later run finds those pages again from the sources."""
        waiting = self.client.zcard(keys.requests) + self.client.zcard(keys.leases)
        if waiting:
            logger.warning(
                "%s: %d request(s) of run %s were never fetched; keys kept for a day",
                keys.outlet, waiting, keys.run,
            )  # fmt: skip
            for key in keys.all():
                self.client.expire(key, 24 * 3600)
            return
        self.client.delete(*keys.all())
