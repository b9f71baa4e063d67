"""Re-extraction speed and the cost of keeping pages: `newsasia reextract` over an archive of
10,000 pages crawled from the local test site (tests/site), against extracting the same pages
from memory.

    python bench/reextract.py [--pages 10000] [--outlet 24kg] [--repeat 3]

1. The full newsasia spider crawls the local site's `--pages` articles into a fresh SQLite
   archive, keeping every page as WARC (as `newsasia crawl` does).
2. Reference: the kept pages, read into memory once, go through the extraction chain alone.
   Measured: a whole `newsasia reextract` pass (read each record back from its WARC file,
   check its digests, extract, compare with the stored article). The two alternate, `--repeat`
   times each; pages/s (wall clock and CPU) as median and spread, and their ratio.
3. Bytes per stored article on disk: the WARC files, and the SQLite database.

Timings on a shared machine are noisy: compare the ratio, and read the spread.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.site and bench.crawl, when run as `python bench/...`

from bench.crawl import COMMON_SETTINGS, crawl  # noqa: E402
from newsasia_spider.runner.reextract import Reextraction, extract_page  # noqa: E402
from newsasia_spider.storage import open_storage  # noqa: E402
from newsasia_spider.warc import RecordLocation, read_record  # noqa: E402
from tests.site import LocalSite  # noqa: E402


def build_archive(outlet: str, pages: int, work: Path) -> tuple[Path, Path]:
    """Crawl the local site's pages into work/archive.sqlite and work/warc."""
    db, warc = work / "archive.sqlite", work / "warc"
    os.environ["NEWSASIA_WARC_DIR"] = str(warc)  # the environment variable wins over settings
    with LocalSite(outlet, articles=pages, per_page=20) as site:
        settings = {
            **COMMON_SETTINGS,
            "NEWSASIA_BASE_URL": site.base,
            "NEWSASIA_DB": str(db),
            "NEWSASIA_MAX_AGE_DAYS": 0,
            "NEWSASIA_MAX_PAGES": 0,
        }
        run = crawl(outlet, settings, work)
    print(f"archive: {run.items} articles stored of {run.pages} pages in {run.seconds:.0f} s")
    return db, warc


def warc_records_bytes(db: Path) -> int:
    """Bytes of SQLite pages the warc_records table and its indexes take (dbstat)."""
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (size,) = connection.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name = 'warc_records'"
            " OR name LIKE 'warc_records_%'"
        ).fetchone()
    return size or 0


def timed(work: Callable[[], int]) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds) of one pass."""
    wall, cpu = time.perf_counter(), time.process_time()
    pages = work()
    return pages, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument(
        "--outlet", default="24kg", choices=("news-asia", "tass", "24kg", "realist")
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsasia-reextract-bench-") as tmp:
        db, warc = build_archive(args.outlet, args.pages, Path(tmp))
        storage = open_storage(db)
        try:
            records = storage.pages()
            articles = sum(1 for _ in storage.iter_articles())
            kept = [
                (read_record(warc, RecordLocation(r.warc_file, r.warc_offset, r.warc_length)), r)
                for r in records
            ]

            def extract_only() -> int:
                for page, record in kept:
                    extract_page(page, record.outlet)
                return len(kept)

            def reextract() -> int:
                summaries = Reextraction(storage, warc).run()
                changed = sum(s.changed + s.new + s.failed + s.unreadable for s in summaries)
                if changed:
                    raise SystemExit(f"reextract changed or failed on {changed} pages")
                return sum(s.pages for s in summaries)

            sides = {"extract only (reference)": extract_only, "newsasia reextract": reextract}
            results: dict[str, list[tuple[int, float, float]]] = {name: [] for name in sides}
            for _ in range(args.repeat):
                for name, work in sides.items():
                    results[name].append(timed(work))
        finally:
            storage.close()
        warc_bytes = sum(path.stat().st_size for path in warc.glob("*/*.warc.gz"))
        record_bytes = warc_records_bytes(db)  # checkpoints the WAL into the file first
        db_bytes = sum(
            path.stat().st_size for path in db.parent.glob(db.name + "*") if path.is_file()
        )

    print(f"\n{len(records)} kept pages, {articles} stored articles, {args.repeat} passes each")
    print(f"{'':<26} {'pages/s wall':>13} {'spread':>13} {'pages/s CPU':>12} {'spread':>13}")
    medians = {}
    for name, runs in results.items():
        wall = [pages / seconds for pages, seconds, _ in runs]
        cpu = [pages / cpu_seconds for pages, _, cpu_seconds in runs]
        medians[name] = statistics.median(wall)
        print(
            f"{name:<26} {statistics.median(wall):>13.0f} {min(wall):>6.0f}–{max(wall):<6.0f}"
            f" {statistics.median(cpu):>12.0f} {min(cpu):>6.0f}–{max(cpu):<6.0f}"
        )
    reference, measured = medians.values()
    print(f"reextract / extract only (wall, medians): {measured / reference:.2f}")
    print(
        f"bytes per stored article: WARC {warc_bytes / articles:,.0f},"
        f" SQLite {db_bytes / articles:,.0f} (WARC {warc_bytes:,} B, SQLite {db_bytes:,} B),"
        f" of which the warc_records table and its indexes {record_bytes / len(records):,.0f}"
        " per kept page"
    )
    print(f"machine: {os.cpu_count()} CPUs; other work may be running: timings are noisy")


if __name__ == "__main__":
    main()
