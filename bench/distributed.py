"""Distributed crawling: 1, 2 and 4 worker processes sharing one Redis queue against the
single-process crawl of the same local site, all storing into PostgreSQL.

    python bench/distributed.py [--articles 3000] [--workers 1 2 4] [--rounds 3] [--quick]

Each round crawls the local test site (tests/site, 24.kg pages) once per side, each side into
a fresh PostgreSQL schema (and, for workers, a fresh run on Redis keys of its own), the order of
the sides rotating from round to round. Speed is read off the site's own request log: pages
served over the time from the first request to the last, so process start-up and the workers'
idle wait at the end count for no side. Per side: median pages/s (min, max) over the rounds and
its ratio to the single-process median; per worker side also the Redis commands and Redis CPU
per page (from INFO, the server's own counts) — the price of sharing the queue. Every side must
store each article exactly once: the bench stops if one doesn't.

On this 2-core machine the workers compete for the same two cores as the site and PostgreSQL:
the point is correctness and overhead, not speed-up (docs/distributed.md reads the figures).
`--quick` (200 articles, workers 1 and 2, one round) is a smoke test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.site, when run as `python bench/distributed.py`

from tests.site import LocalSite  # noqa: E402
from tests.site.runner import CrawlJob, run_crawls  # noqa: E402

POSTGRES = os.environ.get("NEWSASIA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("NEWSASIA_TEST_REDIS", "redis://127.0.0.1:6379/0")
OUTLET = "24kg"
# Every side: no politeness delays against our own server, the same budget of 16 requests at
# once (a worker's budget is shared: 16 for all workers together, as for the single process).
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "NEWSASIA_MAX_AGE_DAYS": 0,
    "NEWSASIA_MAX_PAGES": 0,
    "LOG_LEVEL": "WARNING",
    # Health compares each crawl's first pages with the fallback: a warm-up each worker pays
    # again (tens of seconds on a busy machine), which would swamp what sharing the queue costs.
    "NEWSASIA_HEALTH": False,
    # The local site's texts are made of a dozen shared sentences (tests/site/content.py): its
    # articles all link into one story, which every worker would keep merging. Real outlets'
    # articles don't; stories are off on every side.
    "NEWSASIA_STORIES": False,
}
SINGLE = "single process"
TIMEOUT = 1800  # seconds for one crawl: a hang, not a speed limit


@dataclass(frozen=True)
class Result:
    pages: int
    seconds: float  # first request to last, as the site saw them
    stored: int
    distinct: int
    redis_commands: int = 0
    redis_cpu_seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def fresh_schema() -> tuple[str, str]:
    schema = f"newsasia_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    return schema, f"{POSTGRES}?options=-csearch_path%3D{schema}"


def drop_schema(schema: str) -> None:
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


def stored(db: str) -> tuple[int, int]:
    with psycopg.connect(db) as connection:
        query = "SELECT count(*), count(DISTINCT canonical_url) FROM articles"
        return connection.execute(query).fetchone()


def redis_counters(client: redis.Redis) -> tuple[int, float]:
    """Commands the server has processed, and its CPU seconds, so far."""
    stats, cpu = client.info("stats"), client.info("cpu")
    return int(stats["total_commands_processed"]), cpu["used_cpu_user"] + cpu["used_cpu_sys"]


def served_span(site: LocalSite, since: int) -> tuple[int, float]:
    """Requests the site answered after the first `since`, and the time they took."""
    requests = site.requests[since:]
    if not requests:
        return 0, 0.0
    return len(requests), requests[-1].at - requests[0].at


def single_process(site: LocalSite, work: Path) -> Result:
    schema, db = fresh_schema()
    try:
        since = len(site.requests)
        settings = {**SETTINGS, "NEWSASIA_BASE_URL": site.base, "NEWSASIA_DB": db}
        settings["NEWSASIA_WARC_DIR"] = str(work / "warc-single")
        run_crawls([CrawlJob(OUTLET, settings)], work, timeout=TIMEOUT)
        pages, seconds = served_span(site, since)
        return Result(pages, seconds, *stored(db))
    finally:
        drop_schema(schema)


def workers(site: LocalSite, count: int, work: Path, client: redis.Redis) -> Result:
    schema, db = fresh_schema()
    prefix = f"newsasia-bench-{uuid.uuid4().hex[:10]}"
    command = [sys.executable, "-m", "newsasia_spider.runner.worker", OUTLET]
    command += ["--redis", REDIS, "--db", db, "--run", "bench", "--idle-seconds", "2"]
    settings = {**SETTINGS, "NEWSASIA_BASE_URL": site.base, "NEWSASIA_REDIS_PREFIX": prefix}
    settings["NEWSASIA_WARC_DIR"] = str(work / "warc-workers")
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if k != "NEWSASIA_DB"}
    try:
        since = len(site.requests)
        commands_before, cpu_before = redis_counters(client)
        processes = [
            subprocess.Popen(
                [*command, "--name", f"bench-{number}"],
                cwd=ROOT,
                env=env,
                stdout=(log := (work / f"worker-{count}-{number}.log").open("w")),
                stderr=log,
            )
            for number in range(1, count + 1)
        ]
        deadline = time.monotonic() + TIMEOUT
        for process in processes:
            process.wait(max(1.0, deadline - time.monotonic()))
        commands_after, cpu_after = redis_counters(client)
        failed = [number for number, p in enumerate(processes, 1) if p.returncode != 0]
        if failed:
            lines = [
                line
                for number in failed
                for line in (work / f"worker-{count}-{number}.log").read_text().splitlines()
                if "this worker:" in line or "ERROR" in line
            ]
            raise SystemExit(f"{count} workers: worker(s) {failed} failed:\n" + "\n".join(lines))
        pages, seconds = served_span(site, since)
        return Result(
            pages,
            seconds,
            *stored(db),
            redis_commands=commands_after - commands_before,
            redis_cpu_seconds=cpu_after - cpu_before,
        )
    finally:
        drop_schema(schema)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="200 articles, 1 and 2 workers, 1 round"
    )
    args = parser.parse_args()
    if args.quick:
        args.articles, args.workers, args.rounds = 200, [1, 2], 1
    client = redis.Redis.from_url(REDIS)
    sides = [SINGLE, *(f"{n} worker{'s' if n > 1 else ''}" for n in args.workers)]
    print(
        f"distributed bench: {args.articles} {OUTLET} articles from the local test site into"
        f" PostgreSQL, {os.cpu_count()} CPUs, {args.rounds} rounds, sides in rotating order"
        f" (load: {os.getloadavg()[0]:.1f})"
    )
    results: dict[str, list[Result]] = {side: [] for side in sides}
    with (
        tempfile.TemporaryDirectory(prefix="newsasia-distributed-bench-") as tmp,
        LocalSite(OUTLET, articles=args.articles, per_page=20) as site,
    ):
        work = Path(tmp)
        for round_number in range(args.rounds):
            shift = round_number % len(sides)
            for side in sides[shift:] + sides[:shift]:
                if side == SINGLE:
                    result = single_process(site, work)
                else:
                    result = workers(site, int(side.split()[0]), work, client)
                if result.distinct != args.articles or result.stored != result.distinct:
                    raise SystemExit(
                        f"{side}: {result.stored} rows, {result.distinct} distinct articles"
                        f" stored of {args.articles}"
                    )
                results[side].append(result)
                redis_part = (
                    f", Redis {result.redis_commands / result.pages:.1f} commands"
                    f" and {result.redis_cpu_seconds / result.pages * 1000:.2f} ms CPU per page"
                    if side != SINGLE
                    else ""
                )
                print(
                    f"round {round_number + 1} {side:>14}: {result.pages} pages in"
                    f" {result.seconds:.1f} s = {result.pages_per_second:.1f} pages/s"
                    f"{redis_part}; {result.distinct} articles stored once each"
                )
    single = statistics.median(r.pages_per_second for r in results[SINGLE])
    print()
    for side in sides:
        rates = [r.pages_per_second for r in results[side]]
        line = f"{side:>14}: pages/s median {spread(rates)}"
        if side != SINGLE:
            ratio = statistics.median(rates) / single
            commands = statistics.median(r.redis_commands / r.pages for r in results[side])
            cpu = statistics.median(r.redis_cpu_seconds / r.pages * 1000 for r in results[side])
            line += (
                f"; ratio to single process {ratio:.2f};"
                f" Redis per page: {commands:.1f} commands, {cpu:.2f} ms CPU"
            )
        print(line)


if __name__ == "__main__":
    main()
