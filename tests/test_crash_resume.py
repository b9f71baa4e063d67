"""`newsasia crawl` killed with SIGKILL at nine moments, then run again: the archive is never
corrupt nor holds half an article, what a killed run committed is not fetched again, a killed
`newsasia crawl` doesn't keep the lock past its outlet's crawl, and in the end every article is
stored exactly once.

One archive lives through all the runs, as in production: before each run the local site
publishes new articles, and each run is killed at another point (tests/crash_hook.py) until a
last one runs to its end. Nine runs are killed: eight crawl processes at eight points (two in
WARC writing), and one `newsasia crawl` itself (its crawl process notices and stops). The pages
kept as WARC are checked after each kill as the database is.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK
from newsasia_spider.storage import CrawlRun, open_storage
from newsasia_spider.urls import url_key
from newsasia_spider.warc import RecordLocation, WarcError, read_record
from newsasia_spider.warc.files import whole_records_end
from tests.site import LocalSite
from tests.site.runner import ROOT

# Ten crawls in one module fixture: minutes on a busy machine, over the suite's 300 s default.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

OUTLET = "tass"
FIRST_ARTICLES, NEW_PER_RUN = 8, 5
# (point, at its Nth call, who is killed): "self" is the outlet's crawl process, "parent" the
# `newsasia crawl` that started it.
KILLS = [
    ("fetch", 4, "self"),
    ("extract", 3, "self"),
    ("upsert", 5, "self"),
    ("record_fetch", 4, "self"),
    ("commit", 2, "self"),
    ("close", 1, "self"),
    ("extract", 2, "parent"),
    ("warc_write", 3, "self"),
    ("warc_record", 4, "self"),
]
LOCK_RELEASE_SECONDS = 30  # a crawl process notices its parent is gone within a second


@dataclass
class Step:
    kill: tuple[str, int, str] | None  # None: the last run, not killed
    returncode: int
    output: str
    marks: list[str]  # lines the crash hook wrote just before killing
    problems: list[str]  # what is wrong with the archive afterwards
    stored: Counter[int]  # article number -> stored articles, afterwards
    fetched: Counter[int]  # article number -> full answers the site gave in this run
    lock_free: bool  # another crawl could take the archive's lock afterwards
    warc_problems: list[str]  # what is wrong with the kept pages (WARC) afterwards
    partial_tails: list[str]  # WARC files ending in part of a record, afterwards


@dataclass
class Crashes:
    steps: list[Step]
    runs: list[CrawlRun]  # the archive's record of the runs, oldest first


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crashes]:
    work = tmp_path_factory.mktemp("crash")
    db, mark, warc = work / "archive.sqlite", work / "kills.txt", work / "warc"
    with LocalSite(OUTLET, articles=FIRST_ARTICLES, feed_size=None) as site:
        env = {
            **{
                k: v for k, v in os.environ.items() if k not in ("NEWSASIA_DB", "NEWSASIA_CRASH_AT")
            },
            "PYTHONPATH": str(ROOT),
            "SCRAPY_SETTINGS_MODULE": "tests.crash_settings",
            "NEWSASIA_BASE_URL": json.dumps({OUTLET: site.base}),
            "NEWSASIA_CRASH_MARK": str(mark),
            "NEWSASIA_WARC_DIR": str(warc),
        }
        done = []
        for kill in [*KILLS, None]:
            site.add_articles(NEW_PER_RUN)
            spec = {"NEWSASIA_CRASH_AT": ":".join(map(str, (OUTLET, *kill)))} if kill else {}
            mark.write_text("")
            first_request = len(site.requests)
            crawl = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "newsasia_spider.runner.cli",
                    "crawl",
                    OUTLET,
                    "--db",
                    str(db),
                ],
                cwd=work,
                env={**env, **spec},
                capture_output=True,
                text=True,
                timeout=120,
            )
            lock_free = wait_for_the_lock(db)
            fetched = Counter(
                r.article for r in site.requests[first_request:] if r.article and r.status == 200
            )
            done.append(
                Step(
                    kill,
                    crawl.returncode,
                    crawl.stdout + crawl.stderr,
                    mark.read_text().splitlines(),
                    archive_problems(db),
                    stored_numbers(site, db),
                    fetched,
                    lock_free,
                    *kept_page_problems(db, warc),
                )
            )
        storage = open_storage(db)
        try:
            runs = list(reversed(storage.crawl_runs(limit=len(done) + 1)))
        finally:
            storage.close()
        yield Crashes(done, runs)


def wait_for_the_lock(db: Path) -> bool:
    """Take and let go of the crawl lock, waiting for a crawl process still at work."""
    deadline = time.monotonic() + LOCK_RELEASE_SECONDS
    storage = open_storage(db)
    try:
        while not storage.acquire_crawl_lock():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True
    finally:
        storage.close()


def archive_problems(db: Path) -> list[str]:
    """Corruption, and articles stored in part: without their revision or search index row."""
    with closing(sqlite3.connect(db)) as connection:

        def rows(sql: str) -> list[tuple]:
            return connection.execute(sql).fetchall()

        (check,) = rows("PRAGMA integrity_check")[0]
        problems = [] if check == "ok" else [f"integrity_check: {check}"]
        problems += [f"foreign key: {row}" for row in rows("PRAGMA foreign_key_check")]
        problems += [
            f"no revision of the stored text of {url}"
            for (url,) in rows(
                "SELECT canonical_url FROM articles a WHERE NOT EXISTS (SELECT 1 FROM revisions r"
                " WHERE r.article_id = a.id AND r.body_hash = a.body_hash AND r.body = a.body)"
            )
        ]
        problems += [
            f"{count} revisions of article {article}"
            for article, count in rows(
                "SELECT article_id, count(*) FROM revisions GROUP BY article_id HAVING count(*) > 1"
            )
        ]
        problems += [
            f"search index row without its article: {rowid}"
            for (rowid,) in rows("SELECT rowid FROM articles_fts EXCEPT SELECT id FROM articles")
        ]
        problems += [
            f"article without its search index row: {article}"
            for (article,) in rows("SELECT id FROM articles EXCEPT SELECT rowid FROM articles_fts")
        ]
    return problems


def kept_page_problems(db: Path, warc: Path) -> tuple[list[str], list[str]]:
    """What is wrong with the WARC files and the archive's pointers into them: a row pointing
    at a record that isn't whole (or isn't the one it names), a stored article without its
    page; and which files end in part of a record."""
    problems, partial = [], []
    ends = {}
    for path in sorted(warc.glob("*/*.warc.gz")):
        ends[path.relative_to(warc).as_posix()] = end = whole_records_end(path)
        if end != path.stat().st_size:
            partial.append(path.name)
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT warc_file, warc_offset, warc_length, record_id, payload_digest"
            " FROM warc_records WHERE record_type = 'response'"
        ).fetchall()
        problems += [
            f"stored article without its kept page: {url}"
            for (url,) in connection.execute(
                "SELECT canonical_url FROM articles EXCEPT SELECT canonical_url FROM warc_records"
            )
        ]
    for name, offset, length, record_id, digest in rows:
        if offset + length > ends.get(name, -1):
            problems.append(f"row points past the whole records of {name}: {offset}+{length}")
            continue
        try:
            page = read_record(warc, RecordLocation(name, offset, length))  # digests checked
        except WarcError as exc:
            problems.append(str(exc))
            continue
        if (page.record_id, page.payload_digest) != (record_id, digest):
            problems.append(f"row of {record_id} finds {page.record_id} at {name}:{offset}")
    return problems, partial


def stored_numbers(site: LocalSite, db: Path) -> Counter[int]:
    """Article number -> how many stored articles it has; bodies must be whole."""
    by_key = {url_key(site.url(n), OUTLET): n for n in site.numbers()}
    storage = open_storage(db)
    try:
        articles = list(storage.iter_articles(outlet=OUTLET))
    finally:
        storage.close()
    numbers = Counter(by_key[url_key(article.url, OUTLET)] for article in articles)
    for article in articles:
        number = by_key[url_key(article.url, OUTLET)]
        assert article.body.endswith(site.article(number).paragraphs[-1]), article.url
    return numbers


@pytest.fixture
def steps(crashes: Crashes) -> list[Step]:
    return crashes.steps


def killed(steps: list[Step]) -> list[Step]:
    return [step for step in steps if step.kill is not None]


def test_every_kill_point_was_reached(steps: list[Step]) -> None:
    for step in killed(steps):
        assert step.kill is not None
        point, count, victim = step.kill
        assert [line.rsplit(" ", 1)[0] for line in step.marks] == [f"{point} {count} {victim}"]


def test_a_killed_crawl_process_fails_its_outlet_and_the_run(steps: list[Step]) -> None:
    for step in killed(steps):
        if step.kill and step.kill[2] == "self":
            assert step.returncode == EXIT_FAILED, step.output
            assert "FAILED (crawl process ended with status -9)" in step.output


def test_a_killed_newsasia_crawl_leaves_the_lock_once_its_crawl_process_stops(
    steps: list[Step],
) -> None:
    (parent_killed,) = [s for s in steps if s.kill and s.kill[2] == "parent"]
    assert parent_killed.returncode == -9
    assert parent_killed.lock_free
    assert all(step.lock_free for step in steps)


def test_the_archive_is_whole_after_every_kill(steps: list[Step]) -> None:
    for step in steps:
        assert step.problems == [], step.kill


def test_kept_pages_are_whole_and_pointed_at_after_every_kill(steps: list[Step]) -> None:
    for step in steps:
        assert step.warc_problems == [], step.kill


def test_a_kill_mid_write_leaves_a_partial_record_the_next_run_cuts(steps: list[Step]) -> None:
    mid_write = [i for i, step in enumerate(steps) if step.kill and step.kill[0] == "warc_write"]
    assert mid_write
    for number, step in enumerate(steps):
        if number in mid_write:
            assert step.partial_tails, "the kill did not land mid-record"
            assert steps[number + 1].partial_tails == [], "the next run left the partial record"
        else:
            assert step.partial_tails == [], step.kill


def test_what_a_killed_run_committed_is_not_fetched_again(steps: list[Step]) -> None:
    for before, after in pairwise(steps):
        assert not set(before.stored) & set(after.fetched), after.kill


def test_in_the_end_every_article_is_stored_exactly_once(steps: list[Step]) -> None:
    last = steps[-1]
    assert last.kill is None and last.returncode == EXIT_OK, last.output
    total = FIRST_ARTICLES + NEW_PER_RUN * (len(KILLS) + 1)
    assert last.stored == Counter(range(1, total + 1))
    # Some articles were stored by runs that were killed later on, and some were lost and
    # fetched again: the kills landed at different moments, not all after the end.
    assert any(step.stored for step in killed(steps))
    assert sum(step.fetched.total() for step in steps) > total


def test_every_run_is_recorded_and_the_killed_newsasia_crawl_left_its_run_open(
    crashes: Crashes,
) -> None:
    assert len(crashes.runs) == len(crashes.steps)
    for step, run in zip(crashes.steps, crashes.runs, strict=True):
        if step.kill and step.kill[2] == "parent":
            assert run.finished_at is None and run.exit_status is None
        else:
            assert run.exit_status == step.returncode
