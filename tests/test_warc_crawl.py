"""WARC end to end: `newsasia crawl --offline` keeps each stored article's page as the cassette
served it; `newsasia reextract` over the kept pages changes nothing while the extractors are
the same, and heals the articles a broken layout spoiled once it is fixed; `newsasia page` and
`newsasia extract FILE.warc.gz` give the kept pages back."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator

from extractors.outlets import tass
from newsasia_spider.runner.cli import main
from newsasia_spider.runner.exit_codes import EXIT_OK
from newsasia_spider.storage import open_storage
from newsasia_spider.storage.base import PageRecord
from newsasia_spider.vcr import CassetteFile, ReadableYamlSerializer
from tests.site import LocalSite
from tests.site.runner import CrawlJob, run_crawls

pytest_plugins = ["netguard"]
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("no_internet")]

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CASSETTES = ROOT / "fixtures" / "cassettes"
# ТАСС: a gzip-compressed page, a redirect, the fallback; News-Asia: windows-1251 pages.
OUTLETS = ("tass", "news-asia")
CRAWL_TIMEOUT = 180


@dataclass
class Crawled:
    work: Path
    db: Path
    warc: Path
    returncode: int
    output: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    work = tmp_path_factory.mktemp("warc-crawl")
    (work / "offline_settings.py").write_text(
        "from newsasia_spider.settings import *  # noqa: F403\n"
        "EXTENSIONS = {'netguard.NetGuard': 0}\nTELNETCONSOLE_ENABLED = False\n"
    )
    db, warc = work / "archive.sqlite", work / "warc"
    environment = {k: v for k, v in os.environ.items() if k not in ("NEWSASIA_DB",)}
    environment.update(
        NEWSASIA_WARC_DIR=str(warc),
        SCRAPY_SETTINGS_MODULE="offline_settings",
        PYTHONPATH=os.pathsep.join([str(work), str(TESTS), str(ROOT)]),
    )
    done = subprocess.run(
        [
            *(sys.executable, "-m", "newsasia_spider.runner.cli", "crawl", *OUTLETS, "--offline"),
            *("--db", str(db), "--cassettes", str(CASSETTES), "--log-dir", str(work / "logs")),
        ],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
    )
    return Crawled(work, db, warc, done.returncode, done.stdout + done.stderr)


@pytest.fixture
def archive(crawled: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Crawled:
    """A copy of the crawled archive and its WARC files for a test that changes them."""
    assert crawled.returncode == EXIT_OK, crawled.output
    db, warc = tmp_path / "archive.sqlite", tmp_path / "warc"
    with closing(sqlite3.connect(crawled.db)) as source, closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    shutil.copytree(crawled.warc, warc)
    monkeypatch.setenv("NEWSASIA_WARC_DIR", str(warc))
    monkeypatch.setenv("NEWSASIA_DB", str(db))
    return Crawled(tmp_path, db, warc, EXIT_OK, "")


def cassette_bodies(outlet: str) -> dict[str, bytes]:
    """URL -> the response body the outlet's cassette holds for it (raw wire bytes)."""
    requests, responses = CassetteFile.load_cassette(
        str(CASSETTES / f"{outlet}.yaml"), ReadableYamlSerializer
    )
    bodies = {}
    for request, response in zip(requests, responses, strict=True):
        body = response["body"]["string"]
        bodies[request.uri] = body.encode("utf-8") if isinstance(body, str) else body
    return bodies


def response_records(warc: Path) -> list[tuple[str, bytes]]:
    """(target URI, payload) of every response record in the WARC files, digests checked by
    warcio and by FastWARC."""
    records = []
    files = sorted(warc.glob("*/*.warc.gz"))
    assert files
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests=True):
                payload = record.raw_stream.read()
                assert record.digest_checker.problems == [], path
                if record.rec_type == "response":
                    records.append((record.rec_headers.get_header("WARC-Target-URI"), payload))
        with path.open("rb") as stream:
            for record in FastIterator(stream, parse_http=False):
                assert record.verify_block_digest(consume=False), path
                if record.record_type == WarcRecordType.response:
                    record.parse_http()
                    assert record.verify_payload_digest(consume=False), path
    return records


def lines_of(text: str) -> list[str]:
    """Summary lines with their column padding squeezed out."""
    return [" ".join(line.split()) for line in text.splitlines()]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(db)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("articles", "revisions", "warc_records")
        }


def articles_by_url(db: Path) -> dict[str, dict]:
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM articles").fetchall()
    return {row["canonical_url"]: dict(row) for row in rows}


def content(row: dict) -> dict:
    """An article row without the times that say when it was fetched and changed."""
    return {k: v for k, v in row.items() if k not in ("fetched_at", "last_seen", "changed_at")}


# --- the offline crawl ---------------------------------------------------------------------------


def test_each_stored_article_has_one_response_record_with_the_cassettes_body(
    crawled: Crawled,
) -> None:
    assert crawled.returncode == EXIT_OK, crawled.output
    storage = open_storage(crawled.db)
    try:
        articles = list(storage.iter_articles())
        pages = {
            a.canonical_url: storage.latest_page(canonical_url=a.canonical_url) for a in articles
        }
    finally:
        storage.close()
    assert Counter(a.outlet for a in articles) == {"tass": 5, "news-asia": 5}
    records = response_records(crawled.warc)
    # One response record per stored article, nothing else: no 404, no redirect hop, no feed.
    assert len(records) == len(articles)
    bodies = {url: body for outlet in OUTLETS for url, body in cassette_bodies(outlet).items()}
    kept = dict(records)
    assert len(kept) == len(records)
    for article in articles:
        page = pages[article.canonical_url]
        assert page is not None and page.record_type == "response" and page.status == 200
        assert page.warc_file.startswith(f"{article.outlet}/")
        assert kept[page.url] == bodies[page.url], page.url
    # The gzip answer is kept as it came: compressed, as the cassette holds it.
    assert kept["https://tass.ru/politika/25725715"].startswith(b"\x1f\x8b")


def test_reextract_over_the_crawl_exits_0_and_changes_nothing(
    archive: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(archive.db)
    assert main(["reextract"]) == EXIT_OK
    lines = lines_of(capsys.readouterr().out)
    assert [line.split()[0] for line in lines] == ["news-asia", "tass", "total"]
    via_site = sum(r["extractor"].startswith("site:") for r in articles_by_url(archive.db).values())
    assert lines[-1].startswith(
        f"total new 0, changed 0, unchanged 10, failed 0, via site {via_site},"
    )
    assert snapshot(archive.db) == before


def test_reextract_heals_what_a_broken_layout_spoiled_and_leaves_the_rest(
    archive: Crawled, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = articles_by_url(archive.db)
    affected = {u for u, row in original.items() if row["extractor"] == "site:tass/nextjs-2022@1"}
    tass_articles = [row for row in original.values() if row["outlet"] == "tass"]
    assert 4 <= len(affected) <= len(tass_articles)

    # A redesign breaks the current ТАСС layout: what a crawl then stores is the fallback's.
    monkeypatch.setattr(tass.NextJs2022, "anchor", "[class*='NoSuchParagraph']")
    assert main(["reextract"]) == EXIT_OK
    broken = articles_by_url(archive.db)
    assert {url for url in original if broken[url] != original[url]} == affected
    assert all(broken[url]["extractor"].startswith("trafilatura@") for url in affected)

    # The layout is fixed: re-extraction brings back the site extractor's articles.
    monkeypatch.undo()
    monkeypatch.setenv("NEWSASIA_WARC_DIR", str(archive.warc))
    monkeypatch.setenv("NEWSASIA_DB", str(archive.db))
    capsys.readouterr()
    assert main(["reextract", "--outlet", "tass"]) == EXIT_OK
    summary = lines_of(capsys.readouterr().out)[0]
    others = len(tass_articles) - len(affected)
    via_site = sum(row["extractor"].startswith("site:") for row in tass_articles)
    assert summary.startswith(
        f"tass new 0, changed {len(affected)}, unchanged {others}, failed 0,"
        f" via site {via_site}, via fallback {len(tass_articles) - via_site},"
    )
    healed = articles_by_url(archive.db)
    for url in original:
        assert content(healed[url]) == content(original[url]), url
        if url not in affected:
            assert healed[url] == original[url], url  # not even a time touched
    # Each text is a revision (the archive keeps one per distinct body), with the extractor
    # that produced it first.
    with closing(sqlite3.connect(archive.db)) as connection:
        for url in affected:
            revisions = connection.execute(
                "SELECT r.body_hash, r.extractor FROM revisions r"
                " JOIN articles a ON a.id = r.article_id WHERE a.canonical_url = ? ORDER BY r.id",
                (url,),
            ).fetchall()
            site = (original[url]["body_hash"], "site:tass/nextjs-2022@1")
            if broken[url]["body_hash"] == original[url]["body_hash"]:
                assert revisions == [site], url
            else:
                assert revisions[0] == site and len(revisions) == 2, url
                assert revisions[1][1].startswith("trafilatura@"), url
    # A second run changes nothing.
    before = snapshot(archive.db)
    assert main(["reextract"]) == EXIT_OK
    assert "changed 0," in capsys.readouterr().out.splitlines()[-1]
    assert snapshot(archive.db) == before


def test_reextract_stores_articles_of_pages_that_gave_none_when_fetched(
    archive: Crawled, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archive whose kept pages gave no article (the extractors failed on them) gets them
    from a re-extraction: the same articles a working crawl stored."""
    crawled = open_storage(archive.db)
    fresh = open_storage(tmp_path / "fresh.sqlite")
    try:
        stored = {a.canonical_url: a for a in crawled.iter_articles()}
        for page in crawled.pages():
            values = {name: getattr(page, name) for name in PageRecord.__dataclass_fields__}
            fresh.record_page(PageRecord(**{**values, "canonical_url": None}))
        fresh.commit()
    finally:
        crawled.close()
        fresh.close()
    assert main(["reextract", "--db", str(tmp_path / "fresh.sqlite")]) == EXIT_OK
    assert lines_of(capsys.readouterr().out)[-1].startswith("total new 10, changed 0,")
    rebuilt = open_storage(tmp_path / "fresh.sqlite")
    try:
        for article in rebuilt.iter_articles():
            expected = stored[article.canonical_url]
            assert article.body == expected.body and article.extractor == expected.extractor
            assert article.fetched_at is not None
            assert rebuilt.latest_page(canonical_url=article.canonical_url) is not None
        assert len(list(rebuilt.iter_articles())) == len(stored)
    finally:
        rebuilt.close()


def test_reextract_selects_by_outlet_address_and_fetch_date(
    archive: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reextract", "--url", "https://tass.ru/politika/25725715/?utm_source=x"]) == 0
    assert lines_of(capsys.readouterr().out)[0].startswith("tass new 0, changed 0, unchanged 1,")
    assert main(["reextract", "--since", "2999-01-01"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "no kept page matches" in captured.err
    assert lines_of(captured.out) == [lines_of(captured.out)[0]]
    assert lines_of(captured.out)[0].startswith("total new 0, changed 0, unchanged 0,")
    assert main(["reextract", "--outlet", "news-asia"]) == EXIT_OK
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == [
        "news-asia",
        "total",
    ]


def test_reextract_fails_on_a_missing_warc_file_and_stores_the_rest(
    archive: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(archive.warc / "news-asia")
    assert main(["reextract"]) == 1
    captured = lines_of(capsys.readouterr().out)
    assert captured[0].startswith("news-asia new 0, changed 0, unchanged 0, failed 0,")
    assert captured[0].endswith(": FAILED (5 unreadable WARC records)")
    assert captured[1].startswith("tass new 0, changed 0, unchanged 5,")


def test_reextract_waits_for_no_crawl(archive: Crawled, capsys: pytest.CaptureFixture[str]) -> None:
    crawl = open_storage(archive.db)
    try:
        assert crawl.acquire_crawl_lock()
        assert main(["reextract"]) == 3
        assert "a crawl is running" in capsys.readouterr().err
    finally:
        crawl.close()


# --- the kept pages given back ---------------------------------------------------------------


def test_page_writes_the_kept_page_as_it_was_served(archive: Crawled, tmp_path: Path) -> None:
    news_asia = cassette_bodies("news-asia")["https://www.news-asia.ru/view/1/36612"]
    url = "https://www.news-asia.ru/view/1/36612"
    assert main(["page", url, "-o", str(tmp_path / "n.html")]) == EXIT_OK
    written = (tmp_path / "n.html").read_bytes()
    assert written == news_asia  # windows-1251, as served
    assert "windows-1251" in written[:2000].decode("ascii", "replace")

    compressed = cassette_bodies("tass")["https://tass.ru/politika/25725715"]
    assert main(["page", "https://tass.ru/politika/25725715", "-o", str(tmp_path / "t.html")]) == 0
    assert (tmp_path / "t.html").read_bytes() == gzip.decompress(compressed)


def test_page_of_an_unknown_address_is_a_clear_error(
    archive: Crawled, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["page", "https://tass.ru/politika/1"]) == 1
    assert "no kept page of https://tass.ru/politika/1" in capsys.readouterr().err


def test_extract_reads_a_warc_file(crawled: Crawled, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = (crawled.warc / "tass").iterdir()
    storage = open_storage(crawled.db)
    try:
        stored = {a.url: a for a in storage.iter_articles(outlet="tass")}
    finally:
        storage.close()
    assert main(["extract", str(path)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    extracted = {item["url"]: item for item in map(json.loads, lines)}
    assert set(extracted) == set(stored)
    for url, item in extracted.items():
        assert item["title"] == stored[url].title and item["body"] == stored[url].body

    assert main(["extract", str(path), "--url", "https://tass.ru/ekonomika/25731204"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["title"] == stored["https://tass.ru/ekonomika/25731204"].title
    assert main(["extract", str(path), "--url", "https://tass.ru/nothing/1"]) == 1
    assert "no response record for https://tass.ru/nothing/1" in capsys.readouterr().err


def test_prune_warc_keeps_everything_by_default_and_recent_files_always(
    archive: Crawled, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(archive.warc.glob("*/*.warc.gz"))
    assert main(["prune-warc"]) == EXIT_OK
    assert "every WARC file is kept" in capsys.readouterr().out
    assert main(["prune-warc", "--keep-days", "1"]) == EXIT_OK
    assert capsys.readouterr().out.startswith("pruned 0 WARC files")
    assert sorted(archive.warc.glob("*/*.warc.gz")) == files
    assert main(["prune-warc", "--keep-days", "-1"]) == 2
    monkeypatch.setenv("NEWSASIA_WARC_KEEP_DAYS", "forever")
    assert main(["prune-warc"]) == 2
    assert "not a number of days: 'forever'" in capsys.readouterr().err


# --- revisits and sources, on the local test site ------------------------------------------------


def fast_settings(site: LocalSite, work: Path, **settings: Any) -> dict[str, Any]:
    return {
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "NEWSASIA_MAX_AGE_DAYS": 0,
        "NEWSASIA_BASE_URL": site.base,
        "NEWSASIA_DB": str(work / "archive.sqlite"),
        **settings,
    }


def local_crawl(site: LocalSite, work: Path, **settings: Any) -> dict[str, Any]:
    result = run_crawls([CrawlJob(site.outlet, fast_settings(site, work, **settings))], work)
    assert result.stats[0].get("log_count/ERROR", 0) == 0, result.log[-3000:]
    return result.stats[0]


def all_records(warc: Path) -> list[dict[str, str]]:
    records = []
    for path in sorted(warc.glob("*/*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests=True):
                record.raw_stream.read()
                assert record.digest_checker.problems == [], path
                records.append(dict(record.rec_headers.headers))
    return records


def test_a_304_is_a_revisit_record_and_sources_are_kept_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSASIA_WARC_DIR", str(tmp_path / "warc"))  # as NEWSASIA_DB: it wins
    with LocalSite("tass", articles=4) as site:
        first = local_crawl(site, tmp_path, NEWSASIA_WARC_SOURCES=True)
        site.revise(2)
        again = local_crawl(site, tmp_path, NEWSASIA_REVISIT_DAYS=1e-9)
    records = all_records(tmp_path / "warc")
    responses = [r for r in records if r["WARC-Type"] == "response"]
    revisits = [r for r in records if r["WARC-Type"] == "revisit"]
    articles = {site.base + site.path(n) for n in site.numbers()}
    article_responses = [r for r in responses if r["WARC-Target-URI"] in articles]
    # First crawl: the 4 articles and the sources (feed, sitemaps); second: article 2 changed.
    assert len(article_responses) == 4 + 1
    sources = {r["WARC-Target-URI"] for r in responses} - articles
    assert any(url.endswith("/rss/v2.xml") for url in sources), sources
    assert any("sitemap" in url for url in sources), sources
    assert first["newsasia/warc/records"] == len(responses) - 1
    # The three unchanged articles answered 304: revisits of their first response.
    assert again["newsasia/warc/revisits"] == len(revisits) == 3
    first_ids = {r["WARC-Target-URI"]: r["WARC-Record-ID"] for r in article_responses[:4]}
    for revisit in revisits:
        assert revisit["WARC-Profile"].endswith("/revisit/server-not-modified")
        assert revisit["WARC-Refers-To"] == first_ids[revisit["WARC-Target-URI"]]
    assert site.base + site.path(2) not in {r["WARC-Target-URI"] for r in revisits}
    # Only article pages are the archive's to re-extract; the newest response of each.
    storage = open_storage(tmp_path / "archive.sqlite")
    try:
        pages = storage.pages()
    finally:
        storage.close()
    assert {page.url for page in pages} == articles
    (revised,) = [page for page in pages if page.url == site.base + site.path(2)]
    assert revised.record_id == article_responses[-1]["WARC-Record-ID"]


def test_a_warc_folder_that_cannot_be_written_costs_no_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "warc"
    blocked.write_text("a file where the WARC folder should be")
    monkeypatch.setenv("NEWSASIA_WARC_DIR", str(blocked))
    with LocalSite("24kg", articles=3) as site:
        result = run_crawls([CrawlJob(site.outlet, fast_settings(site, tmp_path))], tmp_path)
    stats = result.stats[0]
    assert stats["newsasia/new"] == 3  # the articles are stored all the same
    assert stats["newsasia/warc/write_failed"] == 3  # each page counted
    assert stats["log_count/ERROR"] == 1  # logged once
    assert result.log.count("cannot write") == 1 and "Traceback" not in result.log
