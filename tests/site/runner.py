"""Run crawls in a fresh process, for tests and benchmarks (Twisted's reactor can't restart).

    python -m tests.site.runner JOBS_JSON REPORT_JSON

JOBS_JSON holds a list of {"spider": NAME or "module:Class", "settings": {NAME: value}}; the
jobs run side by side in one reactor, each with the project settings plus its own. The report
is the list of their final Scrapy stats, in the same order. `run_crawls` does all of this from
a test and returns the stats and the log; `newsasia_crawl` runs the `newsasia crawl` command.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CrawlJob:
    spider: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class CrawlResult:
    stats: list[dict[str, Any]]
    log: str  # the crawl processes' standard error
    returncode: int


def run_crawls(jobs: list[CrawlJob], work_dir: Path, timeout: float = 120) -> CrawlResult:
    """Run the jobs in one child process and return their stats."""
    jobs_file, report_file = work_dir / "jobs.json", work_dir / "report.json"
    jobs_file.write_text(json.dumps([job.__dict__ for job in jobs]))
    report_file.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSASIA_DB", "VCR_RECORD_MODE")}
    process = subprocess.run(
        [sys.executable, "-m", "tests.site.runner", str(jobs_file), str(report_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if not report_file.exists():
        raise RuntimeError(f"the crawl process failed ({process.returncode}):\n{process.stderr}")
    return CrawlResult(json.loads(report_file.read_text()), process.stderr, process.returncode)


def newsasia_crawl(outlet: str, base: str, work: Path) -> subprocess.CompletedProcess:
    """`newsasia crawl OUTLET` in a fresh process, the outlet's site at `base` (a local site, or
    a closed port), with the local site's settings (tests.site.settings); its archive
    (archive.sqlite), WARC files and logs in `work`."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "NEWSASIA_DB"},
        "PYTHONPATH": str(ROOT),
        "SCRAPY_SETTINGS_MODULE": "tests.site.settings",
        "NEWSASIA_BASE_URL": json.dumps({outlet: base}),
        "NEWSASIA_WARC_DIR": str(work / "warc"),
    }
    command = ["crawl", outlet, "--db", str(work / "archive.sqlite"), "--log-dir", "logs"]
    return subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *command],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def main(jobs_path: str, report_path: str) -> None:
    from scrapy.crawler import AsyncCrawlerProcess, Crawler
    from scrapy.utils.project import get_project_settings

    jobs = [CrawlJob(**job) for job in json.loads(Path(jobs_path).read_text())]
    project_settings = get_project_settings()
    process = AsyncCrawlerProcess(project_settings)
    crawlers = []
    for job in jobs:
        settings = project_settings.copy()
        settings.setdict(job.settings, priority="cmdline")
        crawler = Crawler(_spider_class(process, job.spider), settings)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    stats = [crawler.stats.get_stats() for crawler in crawlers]
    Path(report_path).write_text(json.dumps(stats, default=str))


def _spider_class(process: Any, spec: str) -> type:
    if ":" in spec:
        module, name = spec.split(":")
        return getattr(importlib.import_module(module), name)
    return process.spider_loader.load(spec)


if __name__ == "__main__":
    main(*sys.argv[1:3])
