"""The outlet cassettes (fixtures/cassettes/): built deterministically from the golden pages, and
replayed offline by `scrapy crawl` and `newsasia crawl --offline` into exactly the expected
articles, with the failures counted and a second run fetching nothing again.

Crawls run in child processes, as users type them. Replay never downloads (record mode none),
and the children also carry tests/netguard.py's guard, which refuses any non-loopback socket.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.fallback import NAME as FALLBACK_NAME
from newsasia_spider.storage import open_storage

pytest_plugins = ["netguard"]
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("no_internet")]

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CASSETTES = ROOT / "fixtures" / "cassettes"
BUILD_SCRIPT = ROOT / "fixtures" / "build_cassettes.py"

_spec = importlib.util.spec_from_file_location("build_cassettes", BUILD_SCRIPT)
assert _spec is not None and _spec.loader is not None
builder = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = builder  # dataclasses look their module up while it loads
_spec.loader.exec_module(builder)

OUTLETS = builder.OUTLETS
PLANS = {outlet: builder.build(outlet) for outlet in OUTLETS}
# No server is there to be polite to: the replays skip the politeness delays.
FAST_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "NEWSASIA_BACKOFF_SECONDS": 0.1,
    "LOG_LEVEL": "DEBUG",  # "Crawled (200) <GET …>" lines: the request log
    "TELNETCONSOLE_ENABLED": False,
    "EXTENSIONS": {"netguard.NetGuard": 0},  # refuses non-loopback sockets in the child
}
CRAWL_TIMEOUT = 180


def child_environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "VCR_RECORD_MODE"}
    paths = [str(TESTS), str(ROOT), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    environment.update(extra)
    return environment


def scrapy_stats(log: str) -> dict[str, float]:
    """The numbers of a crawl's "Dumping Scrapy stats" block."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[1]
    return {key: float(value) for key, value in re.findall(r"'([^']+)': (\d+(?:\.\d+)?)", dump)}


def requested_urls(log: str) -> Counter[str]:
    """Every URL a crawl downloaded, redirect hops included, from its DEBUG log."""
    crawled = re.findall(r"Crawled \(\d+\) <GET (\S+)>", log)
    redirected = re.findall(r"Redirecting \(\d+\) to <GET \S+> from <GET (\S+)>", log)
    return Counter(crawled + redirected)


def cassette_urls(outlet: str, *, every_run_only: bool = False) -> Counter[str]:
    return Counter(
        exchange.url
        for exchange in PLANS[outlet].exchanges
        if exchange.every_run or not every_run_only
    )


# --- building -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two builds in two processes with different hash seeds (set order must not leak in)."""
    folders = [tmp_path_factory.mktemp(f"build-{seed}") for seed in ("1", "2")]
    children = [
        subprocess.Popen(
            [sys.executable, str(BUILD_SCRIPT), "--out", str(folder)],
            cwd=ROOT,
            env=child_environment(PYTHONHASHSEED=str(seed)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for seed, folder in enumerate(folders, start=1)
    ]
    for child in children:
        output, _ = child.communicate(timeout=120)
        assert child.returncode == 0, output
    return folders


def test_building_twice_gives_the_same_bytes(builds: list[Path]) -> None:
    first, second = builds
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(f"{outlet}.yaml" for outlet in OUTLETS)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_committed_cassettes_are_what_the_script_builds(builds: list[Path]) -> None:
    for outlet in OUTLETS:
        built, committed = builds[0] / f"{outlet}.yaml", CASSETTES / f"{outlet}.yaml"
        if built.read_bytes() == committed.read_bytes():
            continue
        # Another zlib may compress the same bytes differently: compare what they hold.
        assert comparable(built) == comparable(committed), (
            f"{committed} is out of date: run .venv/bin/python fixtures/build_cassettes.py"
        )


def comparable(path: Path) -> tuple[str, list[Any]]:
    """A cassette's header comment and interactions, gzip bodies decompressed."""
    text = path.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    interactions = yaml.safe_load(text)["interactions"]
    for interaction in interactions:
        response = interaction["response"]
        if response["headers"].get("Content-Encoding") == ["gzip"]:
            response["body"]["string"] = gzip.decompress(response["body"]["string"])
            del response["headers"]["Content-Length"]
    return header, interactions


def test_each_cassette_states_how_it_was_made() -> None:
    for outlet in OUTLETS:
        text = (CASSETTES / f"{outlet}.yaml").read_text(encoding="utf-8")
        assert (
            f"# {outlet}: assembled by fixtures/build_cassettes.py from fixtures/pages on"
            f" {builder.RECORDED_ON:%Y-%m-%d}; not recorded live." in text
        )


def test_each_cassette_holds_a_whole_crawl_with_its_failures() -> None:
    for outlet, plan in PLANS.items():
        statuses = Counter(exchange.status for exchange in plan.exchanges)
        assert statuses[404] >= 1 and statuses[301] >= 1, outlet
        assert len(plan.articles) >= 5, outlet
        assert any(url.endswith("/robots.txt") for url in cassette_urls(outlet)), outlet
    assert Counter(exchange.status for exchange in PLANS["tass"].exchanges)[403] == 1
    compressed = [
        exchange.url
        for plan in PLANS.values()
        for exchange in plan.exchanges
        if ("Content-Encoding", "gzip") in exchange.headers
    ]
    assert compressed, "no gzip-compressed response"


# --- scrapy crawl <outlet> -s VCR_CASSETTE=… -----------------------------------------------------


@dataclass
class Replay:
    outlet: str
    exit_code: int
    log: str
    items: list[dict[str, Any]]
    db: Path

    @property
    def stats(self) -> dict[str, float]:
        return scrapy_stats(self.log)


@pytest.fixture(scope="module")
def replays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Replay]:
    """`scrapy crawl <outlet>` from each cassette, the four at once, each into its own archive."""
    work = tmp_path_factory.mktemp("replay")
    children = {}
    for outlet in OUTLETS:
        items = work / f"{outlet}.jsonl"
        command = [sys.executable, "-m", "scrapy", "crawl", outlet, "-O", str(items)]
        settings = {**FAST_SETTINGS, "VCR_CASSETTE": CASSETTES / f"{outlet}.yaml"}
        for name, value in settings.items():
            text = json.dumps(value) if isinstance(value, dict) else str(value)
            command += ["-s", f"{name}={text}"]
        environment = child_environment(NEWSASIA_DB=str(work / f"{outlet}.sqlite"))
        environment.pop("SCRAPY_SETTINGS_MODULE", None)  # the project's own, from scrapy.cfg
        children[outlet] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    replays = {}
    for outlet, child in children.items():
        _, log = child.communicate(timeout=CRAWL_TIMEOUT)
        items_file = work / f"{outlet}.jsonl"
        lines = items_file.read_text(encoding="utf-8").splitlines() if items_file.exists() else []
        items = [json.loads(line) for line in lines]
        replays[outlet] = Replay(outlet, child.returncode, log, items, work / f"{outlet}.sqlite")
    return replays


@pytest.mark.parametrize("outlet", OUTLETS)
def test_replay_finishes_offline_without_errors(replays: dict[str, Replay], outlet: str) -> None:
    replay = replays[outlet]
    assert replay.exit_code == 0, replay.log[-3000:]
    assert "'finish_reason': 'finished'" in replay.log
    stats = replay.stats
    assert "vcr/unrecorded" not in stats and "vcr/recorded" not in stats
    assert "log_count/ERROR" not in stats, replay.log[-3000:]
    assert "'netguard.NetGuard'" in replay.log  # the guard was on, and refused nothing
    assert "netguard: refused" not in replay.log


@pytest.mark.parametrize("outlet", OUTLETS)
def test_replay_requests_exactly_what_the_cassette_holds(
    replays: dict[str, Replay], outlet: str
) -> None:
    replay = replays[outlet]
    assert requested_urls(replay.log) == cassette_urls(outlet)  # each once, none missing
    assert replay.stats["vcr/played"] == len(PLANS[outlet].exchanges)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_replay_yields_exactly_the_expected_articles(
    replays: dict[str, Replay], outlet: str
) -> None:
    items = {item["url"]: item for item in replays[outlet].items}
    expected = {article.url: article for article in PLANS[outlet].articles}
    assert sorted(items) == sorted(expected)
    assert len(replays[outlet].items) == len(expected)  # each article once
    for url, article in expected.items():
        item = items[url]
        wrong = sorted(name for name, value in article.fields.items() if item.get(name) != value)
        assert not wrong, f"{article.source}: fields differ: {wrong}"
        if article.via == "fallback":
            assert item["extractor"] == FALLBACK_NAME, article.source
            assert item["fallback_reason"].startswith(f"{outlet}: unrecognised layout")
        else:
            assert item["extractor"].startswith(f"site:{outlet}/"), article.source
            assert item["fallback_reason"] is None
        assert item["fetched_at"], article.source


def test_a_tass_article_listed_under_two_addresses_is_fetched_and_stored_once(
    replays: dict[str, Replay],
) -> None:
    """Issue 14 item 5: the sitemap lists /mezhdunarodnaya-panorama/25705751 and
    /nauka/25705751, one article (one id). The outlet's identity rule makes them one: the
    second is never asked for, so it can't be stored again, undated, through the fallback."""
    news0 = next(e for e in PLANS["tass"].exchanges if e.url.endswith("/sitemap_news0.xml"))
    assert b"/mezhdunarodnaya-panorama/25705751<" in news0.body
    assert b"/nauka/25705751<" in news0.body
    replay = replays["tass"]
    same_id = [item["url"] for item in replay.items if item["url"].endswith("/25705751")]
    assert same_id == ["https://tass.ru/mezhdunarodnaya-panorama/25705751"]
    assert not [url for url in requested_urls(replay.log) if "nauka" in url]
    assert replay.stats["newsasia/duplicate_link"] >= 1
    storage = open_storage(str(replay.db))
    try:
        stored = [article.url for article in storage.iter_articles() if "25705751" in article.url]
    finally:
        storage.close()
    assert stored == ["https://tass.ru/mezhdunarodnaya-panorama/25705751"]


@pytest.mark.parametrize("outlet", OUTLETS)
def test_replay_stores_the_articles_it_yields(replays: dict[str, Replay], outlet: str) -> None:
    replay = replays[outlet]
    storage = open_storage(str(replay.db))
    try:
        stored = {article.url: article.to_dict() for article in storage.iter_articles()}
    finally:
        storage.close()
    exported = {item["url"]: item for item in replay.items}
    assert stored.keys() == exported.keys()
    for url, article in stored.items():
        assert article == exported[url], url
    assert replay.stats["newsasia/new"] == len(PLANS[outlet].articles)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_replay_counts_the_failures(replays: dict[str, Replay], outlet: str) -> None:
    stats = replays[outlet].stats
    statuses = Counter(exchange.status for exchange in PLANS[outlet].exchanges)
    counted = {
        int(key.rsplit("/", 1)[1]): int(value)
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    assert counted == dict(statuses)  # 200s, 301s, 404s and ТАСС's 403, each one counted
    assert stats["newsasia/gone"] == len(PLANS[outlet].removed) == 1  # a removed article
    assert stats.get("newsasia/http_403", 0) == statuses[403]
    assert "newsasia_403_wall" not in replays[outlet].log


# --- newsasia crawl --offline, twice ----------------------------------------------------------


@dataclass
class OfflineRun:
    exit_code: int
    summary: dict[str, str]  # outlet -> its summary line
    log: str
    tables: dict[str, list[tuple]]


@pytest.fixture(scope="module")
def offline_runs(tmp_path_factory: pytest.TempPathFactory) -> list[OfflineRun]:
    """`newsasia crawl --offline` twice over one archive."""
    work = tmp_path_factory.mktemp("offline")
    # `newsasia crawl` passes no settings on: its children read them from a settings module.
    assignments = "".join(f"{name} = {value!r}\n" for name, value in FAST_SETTINGS.items())
    (work / "cassette_replay_settings.py").write_text(
        f"from newsasia_spider.settings import *  # noqa: F403\n{assignments}"
    )
    db = work / "archive.sqlite"
    runs = []
    for number in (1, 2):
        log_dir = work / f"logs-{number}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsasia_spider.runner.cli",
                "crawl",
                "--offline",
                "--db",
                str(db),
                "--cassettes",
                str(CASSETTES),
                "--log-dir",
                str(log_dir),
            ],
            cwd=work,
            env=child_environment(
                SCRAPY_SETTINGS_MODULE="cassette_replay_settings",
                PYTHONPATH=os.pathsep.join([str(work), str(TESTS), str(ROOT)]),
            ),
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT * 2,
        )
        (log_file,) = log_dir.iterdir()
        summary = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
        runs.append(
            OfflineRun(done.returncode, summary, log_file.read_text(encoding="utf-8"), tables(db))
        )
    return runs


def tables(db: Path) -> dict[str, list[tuple]]:
    """The archive's articles, revisions and fetch records, row by row."""
    with sqlite3.connect(db) as connection:
        return {
            name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()
            for name in ("articles", "revisions", "url_state", "crawl_state")
        }


def outlet_log(run: OfflineRun, outlet: str) -> str:
    """One outlet's lines of a `newsasia crawl` run log (child lines are "outlet | …")."""
    prefix = f"{outlet} | "
    return "\n".join(
        line.removeprefix(prefix) for line in run.log.splitlines() if line.startswith(prefix)
    )


def summary_counts(line: str) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r"\b(new|updated|unchanged|failed) (\d+)", line)}


def test_offline_crawl_stores_every_outlets_articles(offline_runs: list[OfflineRun]) -> None:
    first = offline_runs[0]
    assert first.exit_code == 0, first.log[-3000:]
    for outlet in OUTLETS:
        counts = summary_counts(first.summary[outlet])
        assert counts["new"] == len(PLANS[outlet].articles), first.summary[outlet]
        assert counts["failed"] == 0 and first.summary[outlet].endswith(": ok")
        log = outlet_log(first, outlet)
        assert requested_urls(log) == cassette_urls(outlet)
        assert scrapy_stats(log)["vcr/played"] == len(PLANS[outlet].exchanges)
    assert first.summary["total"].endswith(": ok")
    assert "'netguard.NetGuard'" in first.log and "netguard: refused" not in first.log
    assert len(first.tables["articles"]) == sum(len(plan.articles) for plan in PLANS.values())


def test_offline_crawl_twice_gives_the_same_database(offline_runs: list[OfflineRun]) -> None:
    first, second = offline_runs
    assert second.exit_code == 0, second.log[-3000:]
    # Same articles, same body hashes, no new revision, and no fetch recorded again.
    assert second.tables == first.tables
    for outlet in OUTLETS:
        counts = summary_counts(second.summary[outlet])
        assert counts == {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}, outlet


def test_second_offline_crawl_fetches_no_article(offline_runs: list[OfflineRun]) -> None:
    second = offline_runs[1]
    for outlet in OUTLETS:
        log = outlet_log(second, outlet)
        # Only robots.txt, feeds, sitemaps and first listing pages: nothing an article is on.
        assert requested_urls(log) == cassette_urls(outlet, every_run_only=True), outlet
        article_pages = {article.url for article in PLANS[outlet].articles}
        assert not article_pages & set(requested_urls(log)), outlet
        stats = scrapy_stats(log)
        assert stats["vcr/played"] == sum(cassette_urls(outlet, every_run_only=True).values())
        assert "item_scraped_count" not in stats
