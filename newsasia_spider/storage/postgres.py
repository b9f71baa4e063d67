"""The PostgreSQL archive through psycopg 3: tsvector search over lemmas, advisory locks.

The tables live in the first schema of the connection's search_path, so one database can hold
several archives (`?options=-csearch_path%3Dnews` in the URL); locks are per schema too.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb

from extractors import Article, from_iso
from newsasia_spider.storage.base import Outcome, SearchHit, Storage, one_line
from newsasia_spider.storage.errors import InvalidTarget, StorageError
from newsasia_spider.storage.search_text import make_snippet, parse_query, tsquery, tsvector

CONNECT_TIMEOUT_SECONDS = 10
# Advisory lock names, hashed with the schema so archives in one database don't block each other.
CRAWL_LOCK, MIGRATION_LOCK = "newsasia crawl", "newsasia migration"
# Errors of two writers (distributed workers) storing at once: the same article inserted by
# both, a deadlock, or a story the other merged away while this one linked to it. The write is
# repeated: it has its own savepoint, so the batch around it survives, and it reads afresh.
RACE_ATTEMPTS = 5
RACES = (
    psycopg.errors.UniqueViolation,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.ForeignKeyViolation,
)
LEMMA_SEARCH_VERSION = 4  # the migration after which `search` is filled from Python's lemmas


class PostgresStorage(Storage):
    dialect: ClassVar[str] = "postgres"
    database_errors: ClassVar[tuple[type[Exception], ...]] = (psycopg.Error,)

    def __init__(self, url: str, *, schema_version: int | None = None, read_only: bool = False):
        params = _connection_params(url)
        self.target = _describe(params)
        params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_SECONDS))
        try:
            self.connection = psycopg.connect(**params, autocommit=False)
        except psycopg.Error as exc:
            raise StorageError(f"cannot connect to {self.target}: {_reason(exc)}") from exc
        try:
            with self._guard(f"cannot open {self.target}"):
                if read_only:
                    self.connection.read_only = True  # every transaction: the server refuses writes
                    self._check_readable()
                else:
                    self._migrate(schema_version)
                self.commit()  # don't sit idle in the transaction the version check opened
        except BaseException:
            self.connection.close()
            raise

    # --- articles ----------------------------------------------------------------------------

    def upsert_article(self, article: Article, *, seen: bool = True) -> Outcome:
        for attempt in range(1, RACE_ATTEMPTS + 1):
            try:
                return super().upsert_article(article, seen=seen)
            except StorageError as exc:
                if not isinstance(exc.__cause__, RACES) or attempt == RACE_ATTEMPTS:
                    raise
            # Another connection (a distributed worker) changed what this write read. The failed
            # write went back to its savepoint; committing the rest of the batch frees the rows
            # it locked (a deadlock would come round again), and the write is repeated against
            # what the other has committed.
            self.commit()
            time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    # --- transactions and the lock ------------------------------------------------------------

    def commit(self) -> None:
        try:
            with self._guard(f"cannot commit to {self.target}"):
                self.connection.commit()
        except StorageError:
            with contextlib.suppress(psycopg.Error):  # as SQLite's: the next batch starts clean
                self.connection.rollback()
            raise

    def close(self) -> None:
        try:
            if not self.connection.closed:
                self.commit()
                # Closing ends the session and its locks, but the server notices a little
                # later: unlocking first frees the crawl lock before close() returns.
                with contextlib.suppress(psycopg.Error):
                    self.connection.execute("SELECT pg_advisory_unlock_all()")
                    self.connection.commit()
        finally:
            self.connection.close()

    def acquire_crawl_lock(self) -> bool:
        with self._guard("cannot take the crawl lock"):
            row = self._fetchone(
                "SELECT pg_try_advisory_lock(hashtext(current_schema() || ?))", (CRAWL_LOCK,)
            )
            self.commit()  # a session lock outlives the transaction
        return bool(row and row[0])

    def _begin(self) -> None:
        """psycopg opens a transaction by itself at the first statement."""

    def _begin_migration(self) -> None:
        self._execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ?))", (MIGRATION_LOCK,)
        )
        self._execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )

    def _schema_version(self) -> int:
        (exists,) = self._fetchone("SELECT to_regclass('schema_migrations') IS NOT NULL")
        if not exists:
            return 0
        (version,) = self._fetchone("SELECT max(version) FROM schema_migrations")
        return version or 0

    def _run_script(self, sql: str) -> None:
        # Without parameters psycopg sends the whole script at once, inside our transaction.
        self.connection.execute(sql)

    def _after_migration(self, version: int) -> None:
        super()._after_migration(version)
        if version == LEMMA_SEARCH_VERSION:
            self._index_stored_articles()

    # --- queries ------------------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(_placeholders(sql), params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)

    def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any] | None:
        return self.connection.execute(_placeholders(sql), params).fetchone()

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Sequence[Any]]:
        return self.connection.execute(_placeholders(sql), params).fetchall()

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        # A server-side cursor: exports of the whole archive don't load it into memory.
        with self.connection.cursor(name="newsasia_stream") as cursor:
            cursor.execute(_placeholders(sql), params)
            yield from cursor

    def _index_article(self, article_id: int, data: dict[str, Any], *, replace: bool) -> None:
        # The same lemmas as SQLite's index (search_text.py), weighted title A, lead B, body D.
        self._execute(
            "UPDATE articles SET search = setweight(?::tsvector, 'A')"
            " || setweight(?::tsvector, 'B') || setweight(?::tsvector, 'D') WHERE id = ?",
            (*(tsvector(data[name]) for name in ("title", "lead", "body")), article_id),
        )

    def _search(
        self, query: str, *, outlet: str | None, since: datetime | date | None, limit: int
    ) -> list[SearchHit]:
        parsed = parse_query(query)
        if parsed.empty:
            return []
        where, params = self._filters(outlet, since, table="a")
        where = where.replace("WHERE", "AND", 1)
        rows = self._fetchall(
            "SELECT a.canonical_url, a.url, a.outlet, a.title, a.published, a.lead, a.body,"
            " ts_rank_cd(a.search, q) AS score FROM articles a, CAST(? AS tsquery) q"
            f" WHERE a.search @@ q {where} ORDER BY score DESC, a.dated_at DESC LIMIT ?",
            (tsquery(parsed), *params, limit),
        )
        return [
            SearchHit(
                canonical_url,
                url,
                outlet_name,
                title,
                from_iso(published) if published else None,
                make_snippet(f"{lead or ''}\n{body}", parsed.wanted),
                float(score),
            )
            for canonical_url, url, outlet_name, title, published, lead, body, score in rows
        ]

    # --- values -------------------------------------------------------------------------------

    def _to_db_time(self, moment: datetime) -> datetime:
        return moment

    def _from_db_time(self, value: Any) -> Any:
        return value

    def _to_db_json(self, value: Any) -> Jsonb:
        return Jsonb(value)

    def _from_db_json(self, value: Any) -> Any:
        return value


def _placeholders(sql: str) -> str:
    """The shared SQL's `?` placeholders in psycopg's `%s` style (no `%` or `?` occurs else)."""
    return sql.replace("?", "%s")


def _connection_params(url: str) -> dict[str, str]:
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise InvalidTarget(f"malformed PostgreSQL URL: {_reason(exc)}") from exc
    for port in str(params.get("port", "")).split(","):
        if port and not port.isdigit():
            raise InvalidTarget(f"malformed PostgreSQL URL: port {port!r} is not a number")
    return {name: str(value) for name, value in params.items()}


def _describe(params: dict[str, str]) -> str:
    """The database as a URL without its password, for messages and logs."""
    user = f"{params['user']}@" if "user" in params else ""
    port = f":{params['port']}" if "port" in params else ""
    return f"postgresql://{user}{params.get('host', 'localhost')}{port}/{params.get('dbname', '')}"


def _reason(error: psycopg.Error) -> str:
    # libpq prefixes the useful part with "connection failed: connection to server at ... failed:"
    return one_line(error).split(" failed: ")[-1].strip()
