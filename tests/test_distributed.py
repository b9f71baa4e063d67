"""Distributed crawling against the real Redis and PostgreSQL of this machine (issue #17).

Workers are real processes (`newsasia worker`, `newsasia crawl --distributed`) crawling the
local test site into a PostgreSQL schema of their own, on Redis keys under a prefix of their
own (both removed afterwards). Without Redis or PostgreSQL the tests skip, saying which is
missing; under CI=true they fail instead.
"""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from scrapy import Request
from storage_backends import postgres_target  # noqa: F401  (fixture)

from newsasia_spider.distributed.leases import Leases
from newsasia_spider.distributed.redis_keys import RunKeys
from newsasia_spider.distributed.scheduler import request_fingerprint
from newsasia_spider.runner.exit_codes import EXIT_OK, EXIT_USAGE
from tests.site.server import LocalSite

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("NEWSASIA_TEST_REDIS", "redis://127.0.0.1:6379/0")
WORKER = [sys.executable, "-m", "newsasia_spider.runner.worker"]
CRAWL_TIMEOUT = 240  # seconds: a hang, not a speed limit (the machine may be busy)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own on the test Redis server, its keys deleted afterwards."""
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = f"no Redis server at {REDIS}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the Redis tests must run)")
        pytest.skip(reason)
    prefix = f"newsasia-test-{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


def worker_env(site: LocalSite, db: str, warc_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "tests.site.settings",
        "NEWSASIA_BASE_URL": site.base,
        "NEWSASIA_DB": db,
        "NEWSASIA_WARC_DIR": str(warc_dir),
    }


def start_worker(
    name: str, prefix: str, env: dict[str, str], *settings: str, run: str = "r1"
) -> subprocess.Popen:
    command = [*WORKER, "tass", "--redis", REDIS, "--run", run, "--name", name]
    command += ["--idle-seconds", "1", "-s", f"NEWSASIA_REDIS_PREFIX={prefix}"]
    command += ["-s", f"USER_AGENT=worker-{name}"]  # the site tells the workers apart by it
    for setting in settings:
        command += ["-s", setting]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker: subprocess.Popen) -> tuple[int, str, str]:
    out, err = worker.communicate(timeout=CRAWL_TIMEOUT)
    return worker.returncode, out, err


def stored_articles(db: str) -> tuple[int, int]:
    """(articles, distinct canonical URLs) in the archive."""
    with psycopg.connect(db) as connection:
        row = connection.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles")
        return row.fetchone()


def article_fetches_by(site: LocalSite) -> Counter[str]:
    """Article pages served in full, per User-Agent."""
    return Counter(r.agent for r in site.requests if r.article and r.status == 200 and not r.fault)


# --- pieces, against the real Redis ------------------------------------------------------------


def test_the_duplicate_filter_fingerprint_is_the_canonical_article_key():
    # The same 24.kg article under its short, long, AMP, tracking and alternate-domain forms
    # (tests/test_urls.py lists them): one fingerprint, as single-machine dedup by url_key.
    same = [
        "https://24.kg/vlast/352364/",
        "https://24.kg/vlast/352364_peregovory_japarova_i_putina/",
        "https://24-kg.com/vlast/352364_peregovory_japarova_i_putina/amp",
        "http://www.24.kg/vlast/352364_peregovory_japarova_i_putina/?utm_source=telegram",
    ]
    assert len({request_fingerprint(Request(url)) for url in same}) == 1
    other_article = request_fingerprint(Request("https://24.kg/vlast/352365/"))
    assert other_article != request_fingerprint(Request(same[0]))
    post = request_fingerprint(Request(same[0], method="POST", body=b"x"))
    assert post != request_fingerprint(Request(same[0]))


def test_a_silent_workers_lease_goes_back_to_the_queue_and_a_finished_one_does_not(redis_prefix):
    client = redis.Redis.from_url(REDIS)
    keys = RunKeys(redis_prefix, "r1", "tass")
    client.zadd(keys.requests, {b"first": -20, b"second": -10})
    killed, survivor = Leases(client, keys, 0.5), Leases(client, keys, 30)
    _lease, data = killed.pop()
    assert data == b"first"  # the highest priority first
    assert client.zrange(keys.requests, 0, -1) == [b"second"]
    assert survivor.requeue() == 0  # not expired yet
    done_lease, _ = survivor.pop()
    survivor.done(done_lease)  # no archive to wait for: ended at once
    assert survivor.outstanding() == 1  # only the killed worker's lease is left
    time.sleep(0.7)
    assert survivor.requeue() == 1
    assert client.zrange(keys.requests, 0, -1, withscores=True) == [(b"first", -20.0)]
    assert survivor.outstanding() == 0 and not client.exists(keys.inflight)


def test_leases_of_stored_requests_end_one_commit_late_and_all_at_close(redis_prefix):
    client = redis.Redis.from_url(REDIS)
    keys = RunKeys(redis_prefix, "r1", "tass")
    client.zadd(keys.requests, {b"a": 0, b"b": 0, b"c": 0})
    leases = Leases(client, keys, 30)
    leases.waits_for_commits = True
    a, b, _c = (leases.pop()[0] for _ in range(3))
    leases.done(a)
    leases.committed()  # a's article may reach the batch after this commit
    assert leases.outstanding() == 3
    leases.done(b)
    leases.committed()  # now a is stored
    assert leases.outstanding() == 2
    assert leases.give_back() == 1  # c never finished: back to the queue
    leases.committed(closing=True)  # the last commit: b is stored too
    assert leases.outstanding() == 0
    assert client.zrange(keys.requests, 0, -1) == [b"c"]


def test_after_a_lost_batch_every_held_request_goes_back_to_the_queue(redis_prefix):
    client = redis.Redis.from_url(REDIS)
    keys = RunKeys(redis_prefix, "r1", "tass")
    client.zadd(keys.requests, {b"a": 0, b"b": 0})
    leases = Leases(client, keys, 30)
    leases.waits_for_commits = True
    a, _b = leases.pop()[0], leases.pop()[0]
    leases.done(a)  # its article went to the batch the archive then refused
    leases.lost()
    leases.committed()
    leases.committed(closing=True)
    assert leases.outstanding() == 2  # nothing ended after the loss
    assert leases.give_back() == 2
    assert sorted(client.zrange(keys.requests, 0, -1)) == [b"a", b"b"]
    assert leases.outstanding() == 0


# --- whole crawls -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.postgres
def test_crawl_distributed_two_workers_store_each_article_once_and_rerun_fetches_none(
    postgres_target, redis_prefix, tmp_path
):
    with LocalSite("tass", articles=60) as site:
        # Answers that take a while: on a quiet machine the first worker up fetched all 64
        # pages before the second had started, and "both fetched some" failed (seen in CI).
        site.delay = 0.25
        env = worker_env(site, postgres_target, tmp_path / "warc")
        env["NEWSASIA_REDIS_URL"] = REDIS
        command = [sys.executable, "-m", "newsasia_spider.runner.cli", "crawl", "--distributed"]
        command += ["--workers", "2", "--idle-seconds", "1", "--log-dir", str(tmp_path), "tass"]
        env["NEWSASIA_REDIS_PREFIX"] = redis_prefix  # read by tests.site.settings
        first = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT
        )
        assert first.returncode == EXIT_OK, first.stderr
        lines = first.stdout.splitlines()
        assert lines[0].startswith("tass") and "new 60, updated 0" in lines[0]
        assert lines[0].endswith(": ok") and lines[1].startswith("total")
        fetched_first = site.article_fetches()
        assert sorted(fetched_first) == site.numbers()
        assert max(fetched_first.values()) == 1  # no article fetched twice
        assert stored_articles(postgres_target) == (60, 60)
        with psycopg.connect(postgres_target) as connection:
            stats, health = connection.execute(
                "SELECT stats, health FROM crawl_run_outlets ORDER BY run_id"
            ).fetchone()
        assert health["articles"] == {"site": 60, "fallback": 0}  # run health, over workers
        assert len(stats["pages_by_worker"]) == 2
        # The run's health over both workers: every article by the site extractor, and each
        # worker compared its first 3 pages (fewer if it read fewer) with the fallback's.
        assert health["articles"] == {"site": 60, "fallback": 0}
        assert 3 <= len(health["agreement"]) <= 6 and health["listed"] >= 60
        assert all(pages > 0 for pages in stats["pages_by_worker"].values()), stats

        second = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT
        )
        assert second.returncode == EXIT_OK, second.stderr
        assert "new 0, updated 0" in second.stdout.splitlines()[0]
        assert site.article_fetches() == fetched_first  # no known article fetched again
    # The run's keys are gone once it is summed up.
    client = redis.Redis.from_url(REDIS)
    assert list(client.scan_iter(f"{redis_prefix}:*")) == []


@pytest.mark.slow
@pytest.mark.postgres
def test_a_killed_workers_share_is_finished_by_the_other_with_nothing_lost_or_doubled(
    postgres_target, redis_prefix, tmp_path
):
    articles = 160
    with LocalSite("tass", articles=articles) as site:
        # A slow site: with the shared budget of 4 requests at once the crawl takes 10 s or
        # more, so both workers are under way when one is killed.
        site.delay = 0.25
        env = worker_env(site, postgres_target, tmp_path / "warc")
        short_leases = "NEWSASIA_LEASE_SECONDS=3"
        doomed = start_worker("doomed", redis_prefix, env, short_leases)
        survivor = start_worker("survivor", redis_prefix, env, short_leases)
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while min(article_fetches_by(site)[f"worker-{w}"] for w in ("doomed", "survivor")) < 5:
            for worker in (doomed, survivor):
                assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline, "a worker fetched nothing"
            time.sleep(0.05)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        status, _out, err = finish(survivor)
        assert status == EXIT_OK, err
        # The killed worker had requests out (the site answers slowly): their leases expired
        # and the survivor put them back in the queue.
        assert "of a worker gone silent put back in the queue" in err
        by_worker = article_fetches_by(site)
        assert by_worker["worker-doomed"] >= 5 and by_worker["worker-survivor"] >= 5
        # Every article is in the archive exactly once, after the survivor alone.
        assert stored_articles(postgres_target) == (articles, articles)
        fetched = site.article_fetches()
        assert sorted(fetched) == site.numbers()
        # A re-run (a new run: a fresh duplicate filter) finds everything known.
        rerun = start_worker("rerun", redis_prefix, env, short_leases, run="r2")
        status, _out, err = finish(rerun)
        assert status == EXIT_OK, err
        assert site.article_fetches() == fetched
        assert stored_articles(postgres_target) == (articles, articles)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_share_one_budget_and_one_pace_per_domain(
    postgres_target, redis_prefix, tmp_path
):
    with LocalSite("tass", articles=40) as site:
        site.delay = 0.02
        env = worker_env(site, postgres_target, tmp_path / "warc")
        # One request at a time, 0.3 s apart, for both workers together (each worker's own
        # Scrapy delay would be randomised to 0.15-0.45 s, and know nothing of the other's).
        politeness = ("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.3")
        workers = [start_worker("a", redis_prefix, env, *politeness)]
        # The second starts once the first crawls: at this pace the crawl outlasts its start-up.
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while not any(r.agent == "worker-a" for r in site.requests):
            assert workers[0].poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        workers.append(start_worker("b", redis_prefix, env, *politeness))
        results = [finish(worker) for worker in workers]
        assert [status for status, _, _ in results] == [EXIT_OK, EXIT_OK], results[0][2]
        by_worker = article_fetches_by(site)
        assert by_worker["worker-a"] > 0 and by_worker["worker-b"] > 0
        assert site.max_active == 1
        # The pace is kept when a request takes its turn in Redis; a busy worker may take some
        # milliseconds more to put it on the wire, hence the margin.
        arrivals = sorted(r.arrived for r in site.requests)
        closest = min(later - earlier for earlier, later in itertools.pairwise(arrivals))
        assert closest >= 0.2, closest
        assert stored_articles(postgres_target) == (40, 40)


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["worker", "--redis", REDIS, "--run", "r1", "tass"],
        ["crawl", "--distributed", "--redis", REDIS, "tass"],
    ],
)
def test_a_sqlite_archive_is_refused_in_one_line(command, tmp_path):
    target = tmp_path / "archive.sqlite"
    process = subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *command, "--db", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == EXIT_USAGE
    assert process.stderr.count("\n") == 1
    assert "needs a PostgreSQL archive" in process.stderr
    assert not target.exists()


# --- two workers storing the same article at once --------------------------------------------


@pytest.mark.postgres
def test_two_archive_connections_storing_one_article_at_once_both_succeed(postgres_target):
    # Worker A has inserted the article in its open batch; worker B stores it too (its insert
    # waits for A's batch), then A commits: B's write is repeated against A's copy instead of
    # failing B's whole batch on the unique canonical URL.
    from test_storage import make_article

    from newsasia_spider.storage import open_storage

    first, second = open_storage(postgres_target), open_storage(postgres_target)
    try:
        article = make_article(7)
        assert first.upsert_article(article) == "new"
        outcome: list[str] = []
        writer = threading.Thread(target=lambda: outcome.append(second.upsert_article(article)))
        writer.start()
        time.sleep(0.5)  # second's insert is now waiting on first's row
        first.commit()
        writer.join(timeout=30)
        assert outcome == ["unchanged"]
        second.commit()
        assert stored_articles(postgres_target) == (1, 1)
    finally:
        first.close()
        second.close()


@pytest.mark.postgres
def test_a_story_merged_away_by_one_worker_while_another_links_to_it_is_relinked(
    postgres_target,
):
    # One text, published four times: X, then Y ten days later (too far apart to be linked:
    # two stories). Worker A stores Z, dated between them, which links both: their stories
    # merge and Y's is deleted (in A's open batch). Worker B meanwhile stores W, four days
    # after Y, which links W to Y's story; once A commits, that story is gone. B's write is
    # repeated and W joins the merged story instead of failing B's batch.
    from datetime import timedelta

    from test_stories import copy_of, labelled

    from newsasia_spider.storage import StoryOptions, open_storage

    first, second = open_storage(postgres_target), open_storage(postgres_target)
    try:
        for storage in (first, second):
            storage.enable_stories(StoryOptions())
        x = labelled("news-asia-2019-1")

        def copy(outlet: str, url: str, days: int):
            moment = x.published + timedelta(days=days)
            return copy_of(x, outlet, url, published=moment, modified=moment)

        y = copy("tass", "https://tass.ru/obschestvo/1", 10)
        z = copy("24kg", "https://24.kg/obschestvo/1/", 5)
        w = copy("realist", "https://realist.kg/2019/11/w/", 14)
        first.upsert_article(x)
        first.upsert_article(y)
        first.commit()
        assert len(first.stories(min_articles=1)) == 2
        assert first.upsert_article(z) == "new"  # merges Y's story into X's
        outcome: list[str] = []
        writer = threading.Thread(target=lambda: outcome.append(second.upsert_article(w)))
        writer.start()
        time.sleep(0.5)  # second now waits on the story first is deleting
        first.commit()
        writer.join(timeout=30)
        assert outcome == ["new"]
        second.commit()
        stories = first.stories(min_articles=1)
        assert len(stories) == 1, [[a.canonical_url for a in s.articles] for s in stories]
        (story,) = stories
        urls = {article.canonical_url for article in story.articles}
        assert urls == {x.canonical_url, y.canonical_url, z.canonical_url, w.canonical_url}
    finally:
        first.close()
        second.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_two_archives_runs_of_the_same_name_on_one_redis_do_not_mix(
    postgres_target, redis_prefix, tmp_path
):
    # Two archives (schemas), each crawled by its own worker at the same time from its own
    # site, with the same key prefix and the same run name: the keys are the archive's own.
    other_schema = f"newsasia_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        postgres_target.split("?")[0], autocommit=True
    )  # the server's own database
    admin.execute(f"CREATE SCHEMA {other_schema}")
    other_target = f"{postgres_target.split('?')[0]}?options=-csearch_path%3D{other_schema}"
    try:
        with LocalSite("tass", articles=30) as first, LocalSite("tass", articles=30) as second:
            workers = [
                start_worker(name, redis_prefix, worker_env(site, db, tmp_path / name))
                for name, site, db in (
                    ("one", first, postgres_target),
                    ("two", second, other_target),
                )
            ]
            results = [finish(worker) for worker in workers]
            assert [status for status, _, _ in results] == [EXIT_OK, EXIT_OK], results
            for site, db in ((first, postgres_target), (second, other_target)):
                with psycopg.connect(db) as connection:
                    urls = [row[0] for row in connection.execute("SELECT url FROM articles")]
                assert len(urls) == 30 and all(url.startswith(site.base) for url in urls)
                assert sorted(site.article_fetches()) == site.numbers()
    finally:
        admin.execute(f"DROP SCHEMA {other_schema} CASCADE")
        admin.close()
