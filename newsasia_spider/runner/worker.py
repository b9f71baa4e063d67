"""`newsasia worker [OUTLET ...]`: one worker of a distributed crawl, for any machine.

    NEWSASIA_DB=postgresql://... newsasia worker --redis redis://queue-host:6379/0

It joins the run that `newsasia crawl --distributed` announced in Redis (or `--run`), crawls
the named outlets (default: the run's) in one process, one Scrapy crawler each, taking its
requests from their shared queues, and stops when the queues have stayed empty for
--idle-seconds. Without a run to join within that time it says so and exits 0 (a systemd
unit with Restart=always then simply waits for the next run). It prints one line per outlet
(what this worker did) and exits 0 when every outlet's crawl ended well, 1 when one failed or
Redis can't be reached, 2 on a usage error (an unknown outlet, a SQLite archive).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail

REDIS_HELP = "Redis server shared by the workers (default: $NEWSASIA_REDIS_URL)"
JOIN_POLL_SECONDS = 0.5


def add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("outlets", nargs="*", metavar="OUTLET", help="default: the run's outlets")
    parser.add_argument("--redis", metavar="URL", help=REDIS_HELP)
    parser.add_argument("--db", help="postgresql:// URL of the archive (default: $NEWSASIA_DB)")
    parser.add_argument(
        "--run",
        dest="run_name",
        metavar="RUN",
        help="the run to join (default: the one announced in Redis)",
    )
    parser.add_argument("--name", help="this worker's name (default: <host>-<pid>)")
    parser.add_argument(
        "--idle-seconds",
        type=float,
        help="stop once the queues stay empty this long (default: NEWSASIA_WORKER_IDLE_SECONDS)",
    )
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for this worker's crawls",
    )


def run_worker(args: argparse.Namespace) -> int:
    import os

    from newsasia_spider.addons.distributed import (
        DistributedSetupError,
        distributed_archive_problem,
        redis_namespace,
    )
    from newsasia_spider.distributed.redis_keys import (
        RedisUnavailable,
        connect,
        current_run,
        resolve_redis_url,
    )
    from newsasia_spider.runner.crawl import (
        SetupError,
        UsageError,
        available_outlets,
        choose_outlets,
        project_settings,
        resolve_db,
    )

    settings = project_settings()
    for assignment in args.settings:
        name, _, value = assignment.partition("=")
        settings.set(name, value, priority="cmdline")
    redis_url = resolve_redis_url(args.redis, settings)
    if not redis_url:
        return fail("no Redis server: give --redis or set NEWSASIA_REDIS_URL", EXIT_USAGE)
    target = resolve_db(args.db, settings)
    problem = distributed_archive_problem(target)
    if problem:
        return fail(problem, EXIT_USAGE)
    idle = args.idle_seconds
    if idle is None:
        idle = settings.getfloat("NEWSASIA_WORKER_IDLE_SECONDS")
    try:
        namespace = redis_namespace(settings, target)
        client = connect(redis_url)
        run, announced_outlets = args.run_name, []
        deadline = time.monotonic() + idle
        while run is None:
            announced = current_run(client, namespace)
            if announced:
                run, announced_outlets = str(announced["run"]), announced.get("outlets") or []
            elif time.monotonic() >= deadline:
                print("newsasia worker: no distributed run to join", file=sys.stderr)
                return EXIT_OK
            else:
                time.sleep(JOIN_POLL_SECONDS)
        outlets = choose_outlets(args.outlets or announced_outlets, available_outlets(settings))
    except (RedisUnavailable, DistributedSetupError) as exc:
        return fail(str(exc))
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except SetupError as exc:
        return fail(str(exc))
    os.environ["NEWSASIA_DB"] = target  # the archive every component opens
    chosen = {
        "NEWSASIA_REDIS_URL": redis_url,
        "NEWSASIA_REDIS_NAMESPACE": namespace,
        "NEWSASIA_DISTRIBUTED_RUN": run,
        "NEWSASIA_WORKER_IDLE_SECONDS": idle,
    }
    if args.name:
        chosen["NEWSASIA_WORKER_NAME"] = args.name
    settings.setdict(chosen, priority="cmdline")
    return crawl_as_worker(settings, outlets)


def crawl_as_worker(settings, outlets: list[str]) -> int:  # settings: scrapy Settings
    from scrapy.crawler import AsyncCrawlerProcess

    from newsasia_spider.distributed.worker import worker_verdict
    from newsasia_spider.runner.summary import OutletSummary

    started = time.monotonic()
    process = AsyncCrawlerProcess(settings)
    crawlers = {outlet: process.create_crawler(outlet) for outlet in outlets}
    for crawler in crawlers.values():
        process.crawl(crawler)
    process.start()
    width = max(len(name) for name in outlets)
    all_ok = True
    for outlet, crawler in crawlers.items():
        stats = crawler.stats.get_stats() if crawler.stats else {}
        ok, reason = worker_verdict(stats, settings.getlist("NEWSASIA_FAILURE_CLOSE_REASONS"))
        all_ok &= ok
        summary = OutletSummary.from_stats(
            outlet, ok=ok, reason=reason, stats=stats, seconds=time.monotonic() - started
        )
        print(f"{summary.line(width)} (this worker: {summary.pages} pages)", flush=True)
    return EXIT_OK if all_ok else EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsasia worker")
    add_worker_arguments(parser)
    return run_worker(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
