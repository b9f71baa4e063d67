"""Crawl speed: a bare link-following Scrapy spider against a newsasia spider doing the full
job (discover, fetch, extract, store in SQLite), on the same local site and page count.

    python bench/crawl.py [--pages N ...] [--outlet 24kg]

For each page count (default 1,000 and 10,000) the local test site (tests/site) gets that
many articles, and each spider crawls it in a process of its own until it has received that
many pages. Prints pages/s of both, the ratio full/bare (target: ≥ 0.7, so that extraction
and storage are not the bottleneck) and each process's peak memory (ru_maxrss from wait4),
which should stay flat as the page count grows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.site, when run as `python bench/crawl.py`

from tests.site import LocalSite  # noqa: E402

TARGET_RATIO = 0.7
# Both crawls: no politeness delays against our own server, the same concurrency.
COMMON_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DEPTH_LIMIT": 0,
    "LOG_LEVEL": "WARNING",
}
# The bare crawl is plain Scrapy: none of the project's middlewares, add-ons or pipelines.
BARE_SETTINGS = {
    "DOWNLOADER_MIDDLEWARES": {},
    "SPIDER_MIDDLEWARES": {},
    "ITEM_PIPELINES": {},
    "ADDONS": {},
}


class BareSpider(Spider):
    """Follows every link of the site from BENCH_START_URLS; keeps nothing."""

    name = "bare"

    async def start(self) -> AsyncIterator[Request]:
        for url in self.settings.getlist("BENCH_START_URLS"):
            yield Request(url)

    def parse(self, response: Response) -> Iterator[Request]:
        if isinstance(response, TextResponse):  # not an image
            yield from response.follow_all(response.css("a::attr(href)").getall())


@dataclass(frozen=True)
class Run:
    pages: int
    seconds: float
    peak_mb: float
    items: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def crawl(spider: str, settings: dict[str, Any], work: Path) -> Run:
    """One crawl in a child process; its pages, time (open to close) and peak memory."""
    jobs, report = work / "jobs.json", work / "report.json"
    jobs.write_text(json.dumps([{"spider": spider, "settings": settings}]))
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "NEWSASIA_DB"}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.site.runner", str(jobs), str(report)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(work / f"{spider.replace(':', '.')}.log").open("w"),
    )
    # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would mix all runs).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if not report.exists():
        raise SystemExit(f"{spider} crawl failed ({child.returncode}), see {work}")
    (stats,) = json.loads(report.read_text())
    return Run(
        pages=int(stats.get("response_received_count", 0)),
        seconds=float(stats.get("elapsed_time_seconds", 0)),
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        items=int(stats.get("item_scraped_count", 0)),
    )


def bench(outlet: str, pages: int, work: Path) -> tuple[Run, Run]:
    with LocalSite(outlet, articles=pages, per_page=20) as site:
        limit = {"CLOSESPIDER_PAGECOUNT": pages, **COMMON_SETTINGS}
        # Listings link every article; without them (ТАСС) each article links older ones.
        roots = site.layout.listing_roots
        starts = [site.base + root for root in roots] if roots else [site.url(pages)]
        bare_settings = {**limit, **BARE_SETTINGS, "BENCH_START_URLS": starts}
        bare = crawl("bench.crawl:BareSpider", bare_settings, work)
        full_settings = {
            **limit,
            "NEWSASIA_BASE_URL": site.base,
            "NEWSASIA_DB": str(work / f"{outlet}-{pages}.sqlite"),
            "NEWSASIA_MAX_AGE_DAYS": 0,
            "NEWSASIA_MAX_PAGES": 0,
        }
        full = crawl(outlet, full_settings, work)
    return bare, full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--outlet", default="24kg", choices=("news-asia", "tass", "24kg", "realist")
    )
    args = parser.parse_args()
    print(f"crawl bench: {args.outlet} pages from the local test site, {os.cpu_count()} CPUs")
    print(
        f"{'pages':>7} {'bare p/s':>9} {'full p/s':>9} {'ratio':>6} {'bare MB':>8} {'full MB':>8}"
    )
    ratios = []
    with tempfile.TemporaryDirectory(prefix="newsasia-crawl-bench-") as tmp:
        for pages in args.pages:
            bare, full = bench(args.outlet, pages, Path(tmp))
            if not (bare.pages and full.pages):
                raise SystemExit(f"a crawl fetched nothing: bare {bare}, full {full}")
            ratio = full.pages_per_second / bare.pages_per_second
            ratios.append(ratio)
            print(
                f"{pages:>7} {bare.pages_per_second:>9.0f} {full.pages_per_second:>9.0f}"
                f" {ratio:>6.2f} {bare.peak_mb:>8.0f} {full.peak_mb:>8.0f}"
                f"   (full: {full.items} articles stored of {full.pages} pages)"
            )
    verdict = "met" if min(ratios) >= TARGET_RATIO else "NOT met"
    print(f"full/bare ratio {min(ratios):.2f} at worst; target ≥ {TARGET_RATIO}: {verdict}")


if __name__ == "__main__":
    main()
