"""Crawl speed: a newsasia spider doing the full job (discover, fetch, extract, store in
SQLite with search index and stories, keep WARC copies) against a fetch-only Scrapy spider that
requests the same addresses and parses nothing, on the same local site and page count.

    python bench/crawl.py [--pages N ...] [--rounds R] [--outlet 24kg] [--set NAME=VALUE ...]

For each page count (default 1,000 and 10,000) the local test site (tests/site) gets that
many articles, and each spider crawls it in a process of its own: the full crawl until it has
received that many pages, the fetch-only crawl then requests exactly the addresses the latest
full crawl was served (articles, listings, feeds; robots.txt both fetch themselves), with the
same concurrency and politeness settings. The two alternate R times (default 3; the first round
starts with the full crawl, whose addresses the fetch-only one needs, the next with fetch-only,
and so on), each full crawl into a fresh archive and WARC folder; each round's ratio is full
pages/s over fetch-only pages/s.
Per page count the last line reads

    ratio full/fetch-only: median X (min A, max B)

Target: a median ≥ 0.8, so that extraction and storage cost the crawl at most a fifth of its
speed. With --health it compares the full crawl with run health (NEWSASIA_HEALTH, at its
default sampling) and without, the same way: `ratio pages/s with/without health: median X
(min A, max B)`; target: health costs under 10 %. Timings are noisy on a shared machine:
read the spread, not one figure. Also printed: each process's CPU time per page (start-up
included; on a busy machine it says more than the clock) and peak memory (both from wait4),
which should stay flat as pages grow.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.site, when run as `python bench/crawl.py`

from tests.site import LocalSite  # noqa: E402

TARGET_RATIO = 0.8
# Both crawls: no politeness delays against our own server, the same concurrency.
COMMON_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DEPTH_LIMIT": 0,
    "LOG_LEVEL": "WARNING",
}
# The fetch-only crawl is plain Scrapy: none of the project's middlewares, add-ons or pipelines.
FETCH_ONLY_SETTINGS = {
    "DOWNLOADER_MIDDLEWARES": {},
    "SPIDER_MIDDLEWARES": {},
    "ITEM_PIPELINES": {},
    "ADDONS": {},
}


FETCH_ONLY_SPIDER = "bench.crawl:FetchOnlySpider"


class FetchOnlySpider(Spider):
    """Requests the addresses in BENCH_URLS (each once, in that order) and does nothing with
    the answers: the cost of fetching alone, the baseline of the full crawl."""

    name = "fetch-only"

    async def start(self) -> AsyncIterator[Request]:
        for url in self.settings.getlist("BENCH_URLS"):
            yield Request(url, dont_filter=True)

    def parse(self, response: Response) -> None:
        return None


@dataclass(frozen=True)
class Run:
    pages: int
    seconds: float
    peak_mb: float
    items: int
    cpu_seconds: float  # the process's own CPU time, start-up included

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds / self.pages * 1000 if self.pages else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Spread:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def __str__(self) -> str:
        return f"median {self.median:.2f} (min {self.low:.2f}, max {self.high:.2f})"


def crawl(spider: str, settings: dict[str, Any], work: Path) -> Run:
    """One crawl in a child process; its pages, time (open to close) and peak memory."""
    jobs, report = work / "jobs.json", work / "report.json"
    jobs.write_text(json.dumps([{"spider": spider, "settings": settings}]))
    report.unlink(missing_ok=True)
    # The archive and WARC folder are the bench's: the environment would override them.
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSASIA_DB", "NEWSASIA_WARC_DIR")}
    log = work / f"{spider.replace(':', '.')}.log"
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.site.runner", str(jobs), str(report)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would mix all runs).
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if not report.exists():
        raise SystemExit(f"{spider} crawl failed ({child.returncode}), see {log}")
    (stats,) = json.loads(report.read_text())
    return Run(
        pages=int(stats.get("response_received_count", 0)),
        seconds=float(stats.get("elapsed_time_seconds", 0)),
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        items=int(stats.get("item_scraped_count", 0)),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


def served_urls(site: LocalSite, since: int = 0) -> list[str]:
    """The addresses the site served from its `since`-th request on, in order, robots.txt
    left out (a crawl that obeys robots.txt asks for it by itself)."""
    return [site.base + r.path for r in site.requests[since:] if r.path != "/robots.txt"]


def bench(
    site: LocalSite, pages: int, rounds: int, work: Path, extra: dict[str, Any] | None = None
) -> list[tuple[Run, Run]]:
    """(fetch-only, full) of each round on the running site, the sides alternating, full first;
    `extra`: settings of the full crawl (--set)."""
    outlet, results = site.outlet, []
    full_urls: list[str] = []  # what the latest full crawl fetched
    for round_number in range(rounds):
        full_settings = {
            **COMMON_SETTINGS,
            "CLOSESPIDER_PAGECOUNT": pages,
            "NEWSASIA_BASE_URL": site.base,
            "NEWSASIA_DB": str(work / f"{outlet}-{pages}-{round_number}.sqlite"),
            "NEWSASIA_WARC_DIR": str(work / f"warc-{outlet}-{pages}-{round_number}"),
            "NEWSASIA_MAX_AGE_DAYS": 0,
            "NEWSASIA_MAX_PAGES": 0,
            **(extra or {}),
        }
        order = ["full", "fetch-only"] if round_number % 2 == 0 else ["fetch-only", "full"]
        runs = {}
        for side in order:
            if side == "full":
                first_request = len(site.requests)
                runs[side] = crawl(outlet, full_settings, work)
                full_urls = served_urls(site, first_request)
            else:
                fetch_only_settings = {
                    **COMMON_SETTINGS,
                    **FETCH_ONLY_SETTINGS,
                    "BENCH_URLS": full_urls,
                }
                runs[side] = crawl(FETCH_ONLY_SPIDER, fetch_only_settings, work)
        results.append((runs["fetch-only"], runs["full"]))
    return results


def bench_health(outlet: str, pages: int, rounds: int, work: Path) -> list[tuple[Run, Run]]:
    """(without health, with health) of each round: the full pipeline with the health add-on
    off (NEWSASIA_HEALTH=False) and on at its default sampling, the two alternating."""
    results = []
    with LocalSite(outlet, articles=pages, per_page=20) as site:
        for round_number in range(rounds):
            runs = {}
            order = ["without", "with"] if round_number % 2 == 0 else ["with", "without"]
            for side in order:
                settings = {
                    "CLOSESPIDER_PAGECOUNT": pages,
                    **COMMON_SETTINGS,
                    "NEWSASIA_BASE_URL": site.base,
                    "NEWSASIA_DB": str(work / f"{outlet}-{pages}-{round_number}-{side}.sqlite"),
                    "NEWSASIA_MAX_AGE_DAYS": 0,
                    "NEWSASIA_MAX_PAGES": 0,
                    "NEWSASIA_WARC_DIR": str(work / f"warc-{round_number}-{side}"),
                    "NEWSASIA_HEALTH": side == "with",
                }
                runs[side] = crawl(outlet, settings, work)
            results.append((runs["without"], runs["with"]))
    return results


def main_health(args: argparse.Namespace) -> None:
    """--health: what run health (its counters and the fallback re-reading a sample of pages
    at the default NEWSASIA_HEALTH_SAMPLE) costs the full crawl. Target: under 10 %."""
    print(heading("health bench", args))
    with tempfile.TemporaryDirectory(prefix="newsasia-health-bench-") as tmp:
        for pages in args.pages:
            print(f"\n{pages} pages")
            print(
                f"{'round':>6} {'without p/s':>12} {'with p/s':>9} {'ratio':>6}"
                f" {'without cpu ms/p':>17} {'with cpu ms/p':>14} {'cpu ratio':>10}"
            )
            ratios, cpu_ratios = [], []
            for number, (without, with_health) in enumerate(
                bench_health(args.outlet, pages, args.rounds, Path(tmp)), 1
            ):
                if not (without.pages and with_health.pages):
                    raise SystemExit(f"a crawl fetched nothing: {without}, {with_health}")
                ratio = with_health.pages_per_second / without.pages_per_second
                cpu_ratio = with_health.cpu_ms_per_page / without.cpu_ms_per_page
                ratios.append(ratio)
                cpu_ratios.append(cpu_ratio)
                print(
                    f"{number:>6} {without.pages_per_second:>12.0f}"
                    f" {with_health.pages_per_second:>9.0f} {ratio:>6.2f}"
                    f" {without.cpu_ms_per_page:>17.2f} {with_health.cpu_ms_per_page:>14.2f}"
                    f" {cpu_ratio:>10.3f}"
                )
            print(f"ratio pages/s with/without health: {Spread.of(ratios)}")
            print(f"ratio CPU per page with/without health: {Spread.of(cpu_ratios)}")
            cost = 1 - Spread.of(ratios).median
            verdict = "met" if cost < HEALTH_TARGET_COST else "NOT met"
            print(f"throughput cost of health: {cost:.1%}; target < 10 %: {verdict}")


HEALTH_TARGET_COST = 0.10


def heading(bench_name: str, args: argparse.Namespace) -> str:
    """A bench's first line: what it crawls, on how many CPUs, and the machine's load."""
    return (
        f"{bench_name}: {args.outlet} pages from the local test site, {os.cpu_count()} CPUs,"
        f" {args.rounds} alternating rounds per page count (load: {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side per page count")
    parser.add_argument(
        "--outlet", default="24kg", choices=("news-asia", "tass", "24kg", "realist")
    )
    parser.add_argument(
        "--health",
        action="store_true",
        help="compare the full crawl with and without run health instead (its default sample)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the full crawl, e.g. --set NEWSASIA_STORIES=false (repeatable)",
    )
    args = parser.parse_args()
    extra = dict(setting.split("=", 1) for setting in args.set)
    if args.health:
        main_health(args)
        return
    print(heading("crawl bench", args) + (f", full crawl with {extra}" if extra else ""))
    medians = []
    with tempfile.TemporaryDirectory(prefix="newsasia-crawl-bench-") as tmp:
        for pages in args.pages:
            print(f"\n{pages} pages")
            print(
                f"{'round':>6} {'fetch p/s':>10} {'full p/s':>9} {'ratio':>6}"
                f" {'fetch MB':>9} {'full MB':>8} {'fetch cpu ms/p':>15} {'full cpu ms/p':>14}"
            )
            ratios = []
            with LocalSite(args.outlet, articles=pages, per_page=20) as site:
                runs = bench(site, pages, args.rounds, Path(tmp), extra)
            for number, (fetch_only, full) in enumerate(runs, 1):
                if not (fetch_only.pages and full.pages):
                    raise SystemExit(f"a crawl fetched nothing: {fetch_only}, {full}")
                ratio = full.pages_per_second / fetch_only.pages_per_second
                ratios.append(ratio)
                print(
                    f"{number:>6} {fetch_only.pages_per_second:>10.0f}"
                    f" {full.pages_per_second:>9.0f} {ratio:>6.2f}"
                    f" {fetch_only.peak_mb:>9.0f} {full.peak_mb:>8.0f}"
                    f" {fetch_only.cpu_ms_per_page:>15.1f} {full.cpu_ms_per_page:>14.1f}"
                    f"   (full: {full.items} articles stored of {full.pages} pages)"
                )
            spread = Spread.of(ratios)
            medians.append(spread.median)
            print(f"ratio full/fetch-only: {spread}")
    verdict = "met" if min(medians) >= TARGET_RATIO else "NOT met"
    print(f"\nworst median {min(medians):.2f}; target ≥ {TARGET_RATIO}: {verdict}")


if __name__ == "__main__":
    main()
