"""The SQLite archive: one file, WAL mode, FTS5 over lemmas, a lock file for crawls."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from extractors import from_iso
from newsasia_spider.storage.base import SearchHit, Storage, one_line
from newsasia_spider.storage.errors import StorageError
from newsasia_spider.storage.search_text import fts_query, index_text, make_snippet, parse_query

NOT_A_DATABASE = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})  # vs. I/O, locks, a full disk
BUSY_TIMEOUT_SECONDS = 30.0  # a writer waits this long for another one before giving up
WRITER_CACHE_KIB = 64 * 1024  # page cache of a writing connection, allocated as it fills
# Migrations after which articles_fts is filled from the stored articles: 3 creates it, 4 empties
# it to hold lemmas instead of stems (an archive older than 3 is indexed twice, once).
SEARCH_INDEX_VERSIONS = (3, 4)
# bm25 weights of the FTS columns: a word in the title counts most, in the lead more than the body.
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0


class SqliteStorage(Storage):
    dialect: ClassVar[str] = "sqlite"
    database_errors: ClassVar[tuple[type[Exception], ...]] = (sqlite3.Error,)

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        schema_version: int | None = None,
        read_only: bool = False,
    ):
        self.path = Path(path)
        self.target = str(path)
        self._lock_file: int | None = None
        if read_only:
            self.connection = _connect_for_reading(self.path)
            try:
                self._check_readable()
            except sqlite3.DatabaseError as exc:
                self.connection.close()
                raise _unusable(self.path, exc) from exc
            except BaseException:
                self.connection.close()
                raise
            return
        _check_writable(self.path)
        with _opening(self.path):
            created = not self.path.exists()
            try:
                self.connection = sqlite3.connect(
                    self.path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS
                )
            except sqlite3.Error as exc:
                raise StorageError(f"cannot open {self.path}: {one_line(exc)}") from exc
            try:
                self._prepare(schema_version)
            except BaseException:
                self.connection.close()
                if created:  # leave nothing half-made behind
                    for suffix in ("", "-wal", "-shm", "-journal"):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(f"{self.path}{suffix}")
                raise

    def _prepare(self, schema_version: int | None) -> None:
        try:
            # The first read tells a SQLite file from anything else, before anything is written.
            self._schema_version()
        except sqlite3.DatabaseError as exc:
            raise _unusable(self.path, exc) from exc
        # Checked before the PRAGMAs below, so a newer database stays byte-for-byte intact.
        self._refuse_newer_schema()
        with self._guard(f"cannot open {self.path}"):
            self.connection.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is crash-safe: a power cut may lose the last commits, never
            # consistency.
            self.connection.execute("PRAGMA synchronous = NORMAL")
            # The default 2 MiB page cache holds a small share of the story and search indexes
            # a crawl writes into, and pages are read back from the OS on every article.
            self.connection.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            # Each article is written in a savepoint, whose journal of the pages it changes is a
            # temporary file by default: in memory it is a few dozen pages, and no write call.
            self.connection.execute("PRAGMA temp_store = MEMORY")
            self.connection.execute("PRAGMA foreign_keys = ON")
        self._migrate(schema_version)

    # --- transactions and the lock ------------------------------------------------------------

    def commit(self) -> None:
        try:
            with self._guard(f"cannot commit to {self.path}"):
                if self.connection.in_transaction:
                    self.connection.execute("COMMIT")
        except StorageError:
            # A refused batch (a full disk) is lost either way: the next one starts clean,
            # rather than inside this one and committing it later, uncounted.
            with contextlib.suppress(sqlite3.Error):
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.connection.close()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None

    def acquire_crawl_lock(self) -> bool:
        lock_path = f"{self.path}.lock"
        try:
            descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"cannot create the lock file {lock_path}: {exc.strerror}") from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._lock_file = descriptor
        return True

    @property
    def inheritable_lock_fds(self) -> tuple[int, ...]:
        # flock belongs to the open file: children holding it keep the lock past a killed parent.
        return () if self._lock_file is None else (self._lock_file,)

    def _begin(self) -> None:
        if not self.connection.in_transaction:
            # IMMEDIATE takes the write lock now, so a busy database waits here, not mid-batch.
            self.connection.execute("BEGIN IMMEDIATE")

    def _begin_migration(self) -> None:
        self._begin()
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )

    def _schema_version(self) -> int:
        exists = self.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if not exists:
            return 0
        row = self.connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def _run_script(self, sql: str) -> None:
        # Not executescript(): it commits first, and a migration must be one transaction.
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.connection.execute(statement)
                statement = ""
        if statement.strip() and not _only_comments(statement):
            raise StorageError(f"incomplete SQL statement in a migration: {statement.strip()!r}")

    def _after_migration(self, version: int) -> None:
        super()._after_migration(version)
        if version in SEARCH_INDEX_VERSIONS:
            self._index_stored_articles()

    # --- queries ------------------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)

    def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any] | None:
        return self.connection.execute(sql, params).fetchone()

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Sequence[Any]]:
        return self.connection.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        yield from self.connection.execute(sql, params)

    def _index_article(self, article_id: int, data: dict[str, Any], *, replace: bool) -> None:
        if replace:
            self.connection.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        self.connection.execute(
            "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
            (article_id, *(index_text(data[name]) for name in ("title", "lead", "body"))),
        )

    def _search(
        self, query: str, *, outlet: str | None, since: datetime | date | None, limit: int
    ) -> list[SearchHit]:
        parsed = parse_query(query)
        if parsed.empty:
            return []
        where, params = self._filters(outlet, since, table="a")
        where = where.replace("WHERE", "AND", 1)
        rows = self.connection.execute(
            "SELECT a.canonical_url, a.url, a.outlet, a.title, a.published, a.lead, a.body,"
            f" bm25(articles_fts, {TITLE_WEIGHT}, {LEAD_WEIGHT}, {BODY_WEIGHT}) AS rank"
            " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? {where} ORDER BY rank, a.dated_at DESC LIMIT ?",
            (fts_query(parsed), *params, limit),
        ).fetchall()
        return [
            SearchHit(
                canonical_url,
                url,
                outlet_name,
                title,
                from_iso(published) if published else None,
                make_snippet(f"{lead or ''}\n{body}", parsed.wanted),
                -rank,  # bm25 is lower for better matches
            )
            for canonical_url, url, outlet_name, title, published, lead, body, rank in rows
        ]

    # --- values -------------------------------------------------------------------------------

    def _to_db_time(self, moment: datetime) -> str:
        # One fixed-width UTC form, so text comparison is time comparison.
        return moment.astimezone(UTC).isoformat(timespec="microseconds")

    def _from_db_time(self, value: Any) -> Any:
        return datetime.fromisoformat(value) if value is not None else None

    def _to_db_json(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def _from_db_json(self, value: Any) -> Any:
        return json.loads(value)


def _connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: no file is created, no schema changed.

    A file we may write is opened as usual but query-only, so the last reader still tidies the
    WAL files away on close. Otherwise SQLite's read-only mode; on a read-only filesystem that
    can't make the WAL index file either, and the database is read as immutable: nobody can be
    writing it there.
    """
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a database file")
    if not path.exists():
        raise StorageError(f"no archive at {path}")
    location = urllib.parse.quote(str(path.absolute()))

    def connect(mode: str) -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{location}?{mode}", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS
        )

    try:
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            connection = connect("mode=rw")
            connection.execute("PRAGMA query_only = ON")
            return connection
        connection = connect("mode=ro")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            connection.close()
            if exc.sqlite_errorname != "SQLITE_CANTOPEN" or os.access(path.parent, os.W_OK):
                raise
            connection = connect("mode=ro&immutable=1")
        return connection
    except sqlite3.Error as exc:
        raise _unusable(path, exc) from exc


def _unusable(path: Path, error: sqlite3.Error) -> StorageError:
    """Opening failed: the file is no SQLite database, or the system refused (I/O, full disk)."""
    if isinstance(error, sqlite3.DatabaseError) and error.sqlite_errorname in NOT_A_DATABASE:
        return StorageError(f"{path} is not a usable SQLite database ({one_line(error)})")
    return StorageError(f"cannot open {path}: {one_line(error)}")


@contextlib.contextmanager
def _opening(path: Path) -> Iterator[None]:
    """Held while an archive is opened for writing (created, its journal mode set, migrated):
    two crawls starting on a new archive at once both created and migrated it, and the one that
    lost removed the other's files ("database is locked", then "disk I/O error"). A flock on the
    folder, not on the file: closing any descriptor of the database file would drop SQLite's own
    POSIX locks on it. Held for milliseconds, or a migration's length."""
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the flock


def _check_writable(path: Path) -> None:
    """Fail before opening when the database or its folder can't be written (WAL needs both)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the folder {path.parent}: {exc.strerror}") from exc
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a database file")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StorageError(f"{path} is not writable")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageError(f"cannot write in the folder {path.parent}")


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())
