"""The archive on both backends: idempotent upserts, revisions, migrations, search, fetch state,
crash safety and bad targets."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from storage_backends import (  # noqa: F401  (fixtures)
    BACKENDS,
    archive_target,
    insert_row_of_old_schema,
    postgres_target,
)

from extractors import Article, Image
from newsasia_spider.storage import (
    InvalidTarget,
    SchemaTooNew,
    StorageError,
    open_storage,
)
from newsasia_spider.storage.base import IDENTITY_VERSION
from newsasia_spider.storage.migrations import latest_version

MOSCOW = timezone(timedelta(hours=3))
TABLES = ("articles", "revisions", "url_state", "crawl_state")


def make_article(number: int = 1, **changes) -> Article:
    article = Article(
        url=f"https://tass.ru/politika/{number}?utm_source=rss",
        canonical_url=f"https://tass.ru/politika/{number}",
        outlet="tass",
        title=f"Заголовок {number}",
        body=f"Текст статьи номер {number}. Второе предложение.",
        extractor="site:tass/Nextjs2022@1",
        lead="Короткий лид.",
        published=datetime(2025, 5, 1, 12, 30, tzinfo=MOSCOW) + timedelta(days=number),
        modified=datetime(2025, 5, 2, 8, 0, tzinfo=MOSCOW),
        authors=["Иван Петров"],
        section="Политика",
        tags=["Казахстан", "выборы"],
        images=[Image("https://tass.ru/i/1.jpg", "Подпись", "ТАСС")],
        language="ru",
        fetched_at=datetime(2025, 5, 3, 10, 0, tzinfo=UTC),
    )
    if "body" in changes:
        changes.setdefault("body_hash", "")
    return replace(article, **changes)


@pytest.fixture
def storage(archive_target):
    storage = open_storage(archive_target)
    yield storage
    storage.close()


def snapshot(storage, *, without: tuple[str, ...] = ("last_seen", "fetched_at")) -> dict:
    """Every row of the archive's tables, minus the named columns."""
    rows = {}
    for table in TABLES:
        names = [name for name in column_names(storage, table) if name not in without]
        rows[table] = sorted(
            map(repr, storage._fetchall(f"SELECT {', '.join(names)} FROM {table}"))
        )
    return rows


def column_names(storage, table: str) -> list[str]:
    if storage.dialect == "sqlite":
        return [row[1] for row in storage._fetchall(f"PRAGMA table_info({table})")]
    return [
        row[0]
        for row in storage._fetchall(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = ? AND table_schema = current_schema() AND column_name <> 'search'",
            (table,),
        )
    ]


# --- upserts and revisions -------------------------------------------------------------------


def test_storing_the_same_article_again_changes_only_last_seen(storage):
    article = make_article()
    assert storage.upsert_article(article) == "new"
    storage.commit()
    before = snapshot(storage)
    (first_seen,) = storage._fetchone("SELECT last_seen FROM articles")

    refetched = replace(article, fetched_at=datetime(2025, 6, 1, tzinfo=UTC))
    assert storage.upsert_article(refetched) == "unchanged"
    storage.commit()

    assert snapshot(storage) == before
    (last_seen,) = storage._fetchone("SELECT last_seen FROM articles")
    assert last_seen > first_seen
    assert [hit.canonical_url for hit in storage.search("статьи")] == [article.canonical_url]


def test_a_changed_body_becomes_a_revision(storage):
    original = make_article()
    corrected = make_article(body="Исправленный текст статьи. Второе предложение.")
    assert storage.upsert_article(original) == "new"
    assert storage.upsert_article(corrected) == "updated"
    storage.commit()

    (stored,) = storage.iter_articles()
    assert stored.body == corrected.body
    hashes = [body_hash for body_hash, _, _ in storage.revisions(original.canonical_url)]
    assert hashes == [original.body_hash, corrected.body_hash]
    # The search index follows the current body.
    assert storage.search("исправленный")
    assert not storage.search("номер")


def test_a_body_changed_back_reuses_its_revision(storage):
    original = make_article()
    corrected = make_article(body="Исправленный текст.")
    for article in (original, corrected, original):
        storage.upsert_article(article)
    storage.commit()
    (stored,) = storage.iter_articles()
    assert stored.body == original.body
    assert len(storage.revisions(original.canonical_url)) == 2


def test_whitespace_is_not_a_new_revision(storage):
    storage.upsert_article(make_article())
    respaced = make_article(body="Текст  статьи номер 1.\nВторое   предложение.")
    assert storage.upsert_article(respaced) == "unchanged"


def test_a_changed_title_updates_the_article_without_a_revision(storage):
    storage.upsert_article(make_article())
    assert storage.upsert_article(make_article(title="Новый заголовок")) == "updated"
    storage.commit()
    (stored,) = storage.iter_articles()
    assert stored.title == "Новый заголовок"
    assert len(storage.revisions(stored.canonical_url)) == 1
    assert storage.search("новый заголовок")[0].title == "Новый заголовок"


# --- one article, several addresses (the outlet's identity rule) ------------------------------

# ТАСС publishes one article (id 25705751) on tass.ru and on nauka.tass.ru; the identity rule
# (extractors/outlets/tass.py) makes them one, and tass.ru's address is the preferred one.
TASS_ADDRESS = "https://tass.ru/mezhdunarodnaya-panorama/25705751"
NAUKA_ADDRESS = "https://nauka.tass.ru/nauka/25705751"


def tass_copy(address: str, title: str) -> Article:
    return make_article(url=address, canonical_url=address, title=title)


@pytest.mark.parametrize("nauka_first", [True, False], ids=["nauka-first", "tass-first"])
def test_copies_of_one_article_are_one_row_at_the_preferred_address(storage, nauka_first):
    tass = tass_copy(TASS_ADDRESS, "Заголовок на tass.ru")
    nauka = tass_copy(NAUKA_ADDRESS, "Заголовок на nauka.tass.ru")
    first, second = (nauka, tass) if nauka_first else (tass, nauka)
    assert storage.upsert_article(first) == "new"
    # The tass.ru copy replaces a stored nauka one; a nauka copy leaves the tass.ru one as is.
    assert storage.upsert_article(second) == ("updated" if nauka_first else "unchanged")
    storage.commit()
    (stored,) = storage.iter_articles()
    assert (stored.canonical_url, stored.title) == (TASS_ADDRESS, "Заголовок на tass.ru")
    assert storage.article(NAUKA_ADDRESS) is None
    # Stored once more in either order, nothing changes.
    assert storage.upsert_article(nauka) == "unchanged"
    assert storage.upsert_article(tass) == "unchanged"


def test_moving_an_article_to_its_preferred_address_keeps_what_named_the_old_one(storage):
    storage.upsert_article(tass_copy(NAUKA_ADDRESS, "Заголовок"))
    storage.record_fetch(NAUKA_ADDRESS, status=200, canonical_url=NAUKA_ADDRESS)
    storage.upsert_article(tass_copy(TASS_ADDRESS, "Заголовок"))
    storage.commit()
    assert storage.url_state(NAUKA_ADDRESS).canonical_url == TASS_ADDRESS
    # The article's revisions came along: the same body, one revision.
    assert [body_hash for body_hash, _, _ in storage.revisions(TASS_ADDRESS)] == [
        tass_copy(TASS_ADDRESS, "Заголовок").body_hash
    ]


def test_an_archive_from_before_identities_is_given_them(archive_target):
    old = open_storage(archive_target, schema_version=IDENTITY_VERSION - 1)
    insert_row_of_old_schema(old, tass_copy(NAUKA_ADDRESS, "Заголовок на nauka.tass.ru"))
    old.commit()
    old.close()
    upgraded = open_storage(archive_target)
    try:
        assert upgraded.upsert_article(tass_copy(TASS_ADDRESS, "Заголовок на tass.ru")) == (
            "updated"
        )
        upgraded.commit()
        assert [a.canonical_url for a in upgraded.iter_articles()] == [TASS_ADDRESS]
    finally:
        upgraded.close()


def test_articles_come_back_exactly_as_stored(storage):
    article = make_article()
    undated = make_article(2, published=None, modified=None, lead=None, authors=[], images=[])
    storage.upsert_article(article)
    storage.upsert_article(undated)
    storage.commit()
    stored = {a.canonical_url: a for a in storage.iter_articles()}
    assert stored[article.canonical_url] == article
    assert stored[article.canonical_url].published.utcoffset() == timedelta(hours=3)
    assert stored[undated.canonical_url] == undated


def test_iter_articles_filters_by_outlet_and_date(storage):
    for number in range(1, 5):
        storage.upsert_article(make_article(number))
    storage.upsert_article(make_article(9, outlet="24kg", canonical_url="https://24.kg/9"))
    storage.commit()
    assert [a.canonical_url for a in storage.iter_articles(outlet="24kg")] == ["https://24.kg/9"]
    since = datetime(2025, 5, 4, tzinfo=MOSCOW)
    recent = [a.published for a in storage.iter_articles(outlet="tass", since=since)]
    assert recent == sorted(recent) and recent and all(p >= since for p in recent)
    assert len(recent) == 2
    assert len(list(storage.iter_articles(since=date(2025, 5, 4)))) == 3


def test_a_refused_article_leaves_no_partial_rows_and_the_batch_survives(storage):
    storage.upsert_article(make_article(1))
    with pytest.raises(StorageError, match="cannot store"):
        storage.upsert_article(make_article(2, title=None))  # NOT NULL
    storage.upsert_article(make_article(3))
    storage.commit()
    assert sorted(a.canonical_url[-1] for a in storage.iter_articles()) == ["1", "3"]
    assert storage._fetchone("SELECT count(*) FROM revisions")[0] == 2


def test_uncommitted_writes_are_invisible_to_other_connections(archive_target):
    writer = open_storage(archive_target)
    reader = open_storage(archive_target)
    try:
        writer.upsert_article(make_article())
        assert list(reader.iter_articles()) == []
        writer.commit()
        assert len(list(reader.iter_articles())) == 1
    finally:
        writer.close()
        reader.close()


# --- full-text search ----------------------------------------------------------------------


RUSSIAN_ARTICLES = [
    # (number, title, body): the query below is about presidential elections in Kazakhstan.
    (1, "Погода в Бишкеке", "В Бишкеке ожидается снег и сильный ветер. Выборы тут ни при чём."),
    (2, "Выборы президента Казахстана", "Центризбирком объявил дату выборов президента."),
    (3, "Новости экономики", "О выборах президента в Казахстане говорили и экономисты."),
    (4, "Спорт", "Сборная Узбекистана выиграла матч."),
]


@pytest.fixture
def russian_archive(storage):
    for number, title, body in RUSSIAN_ARTICLES:
        storage.upsert_article(make_article(number, title=title, body=body, lead=None))
    storage.commit()
    return storage


def test_search_ranks_russian_text_by_relevance(russian_archive):
    hits = russian_archive.search("выборы президента")
    # Inflected forms match (выборов, выборах, президента); the title match ranks first.
    assert [hit.title for hit in hits] == ["Выборы президента Казахстана", "Новости экономики"]
    assert hits[0].score > hits[1].score
    assert "*" in hits[0].snippet
    assert hits[0].published == datetime(2025, 5, 3, 12, 30, tzinfo=MOSCOW)


def test_search_syntax_phrases_or_and_exclusion(russian_archive):
    def titles(query: str) -> set[str]:
        return {hit.title for hit in russian_archive.search(query)}

    assert titles('"президента Казахстана"') == {"Выборы президента Казахстана"}
    assert titles("снег OR матч") == {"Погода в Бишкеке", "Спорт"}
    assert titles("выборы -экономисты") == {"Погода в Бишкеке", "Выборы президента Казахстана"}
    assert titles("...") == set()


def test_search_filters_and_limit(russian_archive):
    assert len(russian_archive.search("выборы", limit=1)) == 1
    assert russian_archive.search("выборы", outlet="24kg") == []
    since = datetime(2025, 5, 4, tzinfo=UTC)
    assert {hit.title for hit in russian_archive.search("выборы", since=since)} == {
        "Новости экономики"
    }


# --- incremental-crawling state ----------------------------------------------------------------


def test_fetch_state_round_trip(storage):
    assert storage.url_state("https://tass.ru/x") is None
    lastmod = datetime(2025, 5, 1, 9, 0, tzinfo=MOSCOW)
    storage.record_fetch(
        "https://tass.ru/x",
        status=200,
        etag='"abc"',
        last_modified="Thu, 01 May 2025 06:00:00 GMT",
        source_lastmod=lastmod,
        canonical_url="https://tass.ru/x",
    )
    state = storage.url_state("https://tass.ru/x")
    assert (state.status, state.etag, state.last_modified) == (
        200,
        '"abc"',
        "Thu, 01 May 2025 06:00:00 GMT",
    )
    assert state.source_lastmod == lastmod
    assert state.fetched_at.tzinfo is not None
    storage.record_fetch("https://tass.ru/x", status=304)
    assert storage.url_state("https://tass.ru/x").status == 304


def test_known_urls_are_only_those_with_a_stored_article_or_gone(storage):
    article = make_article()
    storage.record_fetch(article.url, status=200, canonical_url=article.canonical_url)
    storage.record_fetch("https://tass.ru/gone", status=404)
    storage.record_fetch("https://tass.ru/busy", status=503)
    # Fetched, but its article never stored (a killed run): the next run must fetch it again.
    assert storage.known_urls("tass") == {"https://tass.ru/gone"}
    storage.upsert_article(article)
    assert storage.known_urls("tass") == {
        article.url,
        article.canonical_url,
        "https://tass.ru/gone",
    }
    assert storage.known_urls("24kg") == set()


def test_feed_and_sitemap_state(storage):
    assert storage.get_state("tass:sitemap") is None
    storage.set_state("tass:sitemap", "2025-05-01T00:00:00+00:00")
    storage.set_state("tass:sitemap", "2025-05-02T00:00:00+00:00")
    assert storage.get_state("tass:sitemap") == "2025-05-02T00:00:00+00:00"


def test_crawl_runs_are_recorded(storage):
    run_id = storage.start_crawl_run(["tass", "24kg"])
    now = datetime.now(UTC)
    storage.record_outlet_run(
        run_id, "tass", started_at=now, finished_at=now, ok=False, stats={"reason": "x"}
    )
    (run,) = storage.crawl_runs()
    assert (run.finished_at, run.exit_status, run.outlets) == (None, None, ["tass", "24kg"])
    storage.finish_crawl_run(run_id, 1)
    (run,) = storage.crawl_runs()
    assert run.exit_status == 1 and run.finished_at is not None
    outlets = [(o.outlet, o.ok, o.stats) for o in run.outlet_runs]
    assert outlets == [("tass", False, {"reason": "x"})]


def test_one_crawl_lock_per_archive(archive_target):
    first, second = open_storage(archive_target), open_storage(archive_target)
    try:
        assert first.acquire_crawl_lock()
        assert not second.acquire_crawl_lock()
        first.close()
        assert second.acquire_crawl_lock()
    finally:
        second.close()


# --- schema migrations -----------------------------------------------------------------------


def test_a_database_of_the_first_schema_is_upgraded(archive_target):
    old = open_storage(archive_target, schema_version=1)
    assert old.schema_version() == 1
    now = old._to_db_time(datetime(2024, 1, 1, tzinfo=UTC))
    article = make_article(title="Старая статья о выборах", images=[], tags=[], authors=[])
    # Rows as the first release wrote them (it had no search index yet).
    old._execute(
        "INSERT INTO articles (canonical_url, url, outlet, title, lead, body, body_hash, extractor,"
        " published, modified, section, language, fetched_at, dated_at, first_seen, last_seen,"
        " changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.canonical_url,
            article.url,
            article.outlet,
            article.title,
            article.lead,
            article.body,
            article.body_hash,
            article.extractor,
            article.published.isoformat(),
            article.modified.isoformat(),
            article.section,
            article.language,
            article.fetched_at.isoformat(),
            old._to_db_time(article.published),
            now,
            now,
            now,
        ),
    )
    old._execute(
        "INSERT INTO revisions (article_id, body_hash, title, lead, body, extractor, first_seen,"
        " last_seen) SELECT id, body_hash, title, lead, body, extractor, first_seen, last_seen"
        " FROM articles"
    )
    old.close()

    upgraded = open_storage(archive_target)
    try:
        assert upgraded.schema_version() == latest_version(upgraded.dialect)
        assert [hit.title for hit in upgraded.search("выборы")] == ["Старая статья о выборах"]
        assert list(upgraded.iter_articles()) == [article]
        assert upgraded.upsert_article(article) == "unchanged"
        assert len(upgraded.revisions(article.canonical_url)) == 1
        assert upgraded.crawl_runs() == []
    finally:
        upgraded.close()


def test_a_database_from_a_newer_release_is_refused_untouched(archive_target):
    storage = open_storage(archive_target)
    storage._execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        (99, "future", storage._to_db_time(datetime.now(UTC))),
    )
    storage.close()
    before = file_digest(archive_target)
    with pytest.raises(SchemaTooNew, match="schema version 99, newer than this newsasia knows"):
        open_storage(archive_target)
    assert file_digest(archive_target) == before


def file_digest(target: str) -> str | None:
    path = Path(target)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


# --- crash safety ------------------------------------------------------------------------------

KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from test_storage import make_article
    from newsasia_spider.storage import open_storage

    storage = open_storage(sys.argv[1])
    for number in range(1, 21):
        storage.upsert_article(make_article(number))
    storage.commit()
    for number in range(21, 41):  # a batch in flight when the process dies
        storage.upsert_article(make_article(number))
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_writer_leaves_a_consistent_archive(archive_target):
    tests = Path(__file__).parent
    result = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, archive_target],
        env={**os.environ, "PYTHONPATH": str(tests)},
        capture_output=True,
        check=False,
    )
    assert result.returncode == -9, result.stderr.decode()
    storage = open_storage(archive_target)
    try:
        assert len(list(storage.iter_articles())) == 20
        assert storage._fetchone("SELECT count(*) FROM revisions")[0] == 20
        assert len(storage.search("статьи", limit=100)) == 20
        if storage.dialect == "sqlite":
            assert storage._fetchone("PRAGMA integrity_check")[0] == "ok"
            storage._execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    finally:
        storage.close()


# --- bad targets ------------------------------------------------------------------------------


def test_a_corrupt_file_is_refused_untouched(tmp_path):
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(b"this is not a database, just some bytes " * 200)
    before = file_digest(str(path))
    with pytest.raises(StorageError, match="not a usable SQLite database"):
        open_storage(path)
    assert file_digest(str(path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.sqlite"]


def test_an_impossible_path_is_one_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StorageError, match="cannot create the folder"):
        open_storage(tmp_path / "file" / "archive.sqlite")
    with pytest.raises(StorageError, match="is a directory"):
        open_storage(tmp_path)


def test_a_read_only_archive_is_refused_for_writing_and_read_untouched(tmp_path):
    """Runs as root too (CI does): the read-only copy is on a read-only filesystem then."""
    from filesystems import read_only_copy

    (tmp_path / "source").mkdir()
    storage = open_storage(tmp_path / "source" / "archive.sqlite")
    storage.upsert_article(make_article(1))
    storage.close()
    with read_only_copy(tmp_path / "source") as folder:
        path = folder / "archive.sqlite"
        before = file_digest(str(path))
        with pytest.raises(StorageError, match="not writable"):
            open_storage(path)
        reader = open_storage(path, read_only=True)
        try:
            assert [a.canonical_url for a in reader.iter_articles()] == [
                make_article(1).canonical_url
            ]
            assert len(reader.search("статьи")) == 1
        finally:
            reader.close()
        assert file_digest(str(path)) == before
        assert sorted(p.name for p in folder.iterdir()) == ["archive.sqlite"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_read_only_open_creates_nothing_and_writes_nothing(backend, request, tmp_path):
    if backend == "sqlite":
        target = str(tmp_path / "archive.sqlite")
        with pytest.raises(StorageError, match="no archive at"):
            open_storage(target, read_only=True)
        assert list(tmp_path.iterdir()) == []
    else:
        target = request.getfixturevalue("postgres_target")
        with pytest.raises(StorageError, match="is not a newsasia archive"):
            open_storage(target, read_only=True)
    writer = open_storage(target)
    assert writer.schema_version() == latest_version(writer.dialect)  # nothing made it before
    writer.close()
    reader = open_storage(target, read_only=True)
    try:
        with pytest.raises(StorageError, match=r"read-?only"):
            reader.upsert_article(make_article(1))
    finally:
        reader.close()


def test_a_failed_creation_leaves_no_file(tmp_path, monkeypatch):
    from newsasia_spider.storage import sqlite as sqlite_backend

    def broken(self, schema_version):
        raise StorageError("disk full")

    monkeypatch.setattr(sqlite_backend.SqliteStorage, "_prepare", broken)
    with pytest.raises(StorageError, match="disk full"):
        open_storage(tmp_path / "new.sqlite")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://[bad",
        "postgresql://postgres@127.0.0.1:notaport/test",
        "postgresql://127.0.0.1/test?bogus=1",
        "mysql://localhost/news",
        "",
    ],
)
def test_a_malformed_database_url_is_invalid(url):
    with pytest.raises(InvalidTarget):
        open_storage(url)


def test_an_unreachable_postgres_is_one_clear_error():
    with pytest.raises(
        StorageError, match=r"cannot connect to postgresql://postgres@127\.0\.0\.1:1/"
    ):
        open_storage("postgresql://postgres:secret@127.0.0.1:1/test")


def test_errors_never_show_the_password():
    with pytest.raises(StorageError) as caught:
        open_storage("postgresql://postgres:hunter2@127.0.0.1:1/test")
    assert "hunter2" not in str(caught.value)


def test_sqlite_is_in_wal_mode(tmp_path):
    storage = open_storage(tmp_path / "a.sqlite")
    storage.close()
    with sqlite3.connect(tmp_path / "a.sqlite") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_writing_sqlite_connection_caches_pages_and_keeps_savepoint_journals_in_memory(
    tmp_path,
):
    storage = open_storage(tmp_path / "a.sqlite")
    try:
        # Negative: KiB. SQLite's default, -2000, holds ~2 MB of the story and search indexes.
        (cache,) = storage.connection.execute("PRAGMA cache_size").fetchone()
        assert cache == -64 * 1024
        # 2: MEMORY; the default, 0, writes each article's savepoint journal to a temporary file.
        assert storage.connection.execute("PRAGMA temp_store").fetchone() == (2,)
    finally:
        storage.close()


# Two processes open a new archive at the same moment (two cron crawls on a first run): each
# waits at a barrier, then opens it for writing and reports how it went.
_OPEN_AT_ONCE = textwrap.dedent(
    """
    import sys
    from multiprocessing import Barrier, Process, Queue

    from newsasia_spider.storage.sqlite import SqliteStorage

    def open_it(path, barrier, results):
        barrier.wait()
        try:
            SqliteStorage(path).close()
            results.put("ok")
        except Exception as exc:
            results.put(repr(exc))

    if __name__ == "__main__":
        for run in range(int(sys.argv[2])):
            path, barrier, results = f"{sys.argv[1]}/{run}.sqlite", Barrier(2), Queue()
            openers = [Process(target=open_it, args=(path, barrier, results)) for _ in range(2)]
            for opener in openers:
                opener.start()
            for opener in openers:
                opener.join()
            print(results.get(), results.get())
    """
)


def test_two_processes_opening_a_new_archive_at_once_both_open_it(tmp_path: Path) -> None:
    # Before the opening was serialised, 7 of 40 such pairs failed both ("database is locked",
    # then "disk I/O error": the loser removed the files it thought it had made).
    script = tmp_path / "open_at_once.py"
    script.write_text(_OPEN_AT_ONCE, encoding="utf-8")
    (tmp_path / "archives").mkdir()
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "archives"), "30"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["ok"] * 60, done.stdout
