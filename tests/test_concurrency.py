"""Two `newsasia crawl` processes started together against the local site: one runs, the other
exits at once with status 3 (docs/storage.md), and only one of them ever touches the archive
or the site. The one that runs is held in the middle of its crawl (its feed answers only when
the test says), so the other can't come after it has finished.
"""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from storage_backends import archive_target, postgres_target  # noqa: F401  (fixtures)

from newsasia_spider.runner.exit_codes import EXIT_LOCKED, EXIT_OK
from newsasia_spider.storage import open_storage
from newsasia_spider.urls import url_key
from tests.site import LocalSite
from tests.site.faults import Held
from tests.site.runner import ROOT

pytestmark = pytest.mark.slow

OUTLET, ARTICLES = "24kg", 12


def start_crawl(target: str, site: LocalSite, work: Path) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k != "NEWSASIA_DB"},
        "PYTHONPATH": str(ROOT),
        "SCRAPY_SETTINGS_MODULE": "tests.site.settings",
        "NEWSASIA_BASE_URL": json.dumps({OUTLET: site.base}),
    }
    command = ["crawl", OUTLET, "--db", target, "--log-dir", str(work / "logs")]
    return subprocess.Popen(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *command],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_to_end(crawls: list[subprocess.Popen], seconds: float = 60) -> subprocess.Popen:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for crawl in crawls:
            if crawl.poll() is not None:
                return crawl
        time.sleep(0.05)
    raise AssertionError("neither crawl ended")


def test_two_crawls_started_together_one_runs_the_other_exits_at_once(
    archive_target: str, tmp_path: Path
) -> None:
    release = threading.Event()
    with LocalSite(OUTLET, articles=ARTICLES, feed_size=ARTICLES) as site:
        site.faults[site.layout.feed_path] = Held(release)
        crawls = [start_crawl(archive_target, site, tmp_path) for _ in range(2)]
        try:
            refused = first_to_end(crawls)
            refused_out, refused_err = refused.communicate()
            release.set()
            (ran,) = [crawl for crawl in crawls if crawl is not refused]
            ran_out, ran_err = ran.communicate(timeout=120)
        finally:
            release.set()
            for crawl in crawls:
                if crawl.poll() is None:
                    crawl.kill()
                    crawl.wait()

    assert refused.returncode == EXIT_LOCKED
    assert refused_out == ""
    assert refused_err.count("\n") == 1 and "another crawl is already running" in refused_err
    assert ran.returncode == EXIT_OK, ran_out + ran_err
    assert len(list((tmp_path / "logs").iterdir())) == 1  # the refused one didn't even log

    # One crawl reached the site: one robots.txt, one feed, every article once.
    asked = Counter(request.path for request in site.requests)
    assert asked["/robots.txt"] == 1 and asked[site.layout.feed_path] == 1
    assert site.article_fetches() == Counter(site.numbers())

    storage = open_storage(archive_target)
    try:
        keys = Counter(url_key(a.url, OUTLET) for a in storage.iter_articles(outlet=OUTLET))
        runs = storage.crawl_runs()
    finally:
        storage.close()
    assert keys == Counter(url_key(site.url(n), OUTLET) for n in site.numbers())
    assert [run.exit_status for run in runs] == [EXIT_OK]
    if not archive_target.startswith("postgresql://"):
        with closing(sqlite3.connect(archive_target)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
