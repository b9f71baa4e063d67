"""Archive targets for tests: a SQLite file, or a PostgreSQL schema of its own per test.

The PostgreSQL server is the machine's (127.0.0.1:5432, database test, user postgres; another
with NEWSASIA_TEST_POSTGRES). Without one the PostgreSQL tests skip, except under CI=true, where
they fail: CI must never pass without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest

if TYPE_CHECKING:
    from extractors import Article
    from newsasia_spider.storage import Storage

POSTGRES = os.environ.get("NEWSASIA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_or_skip() -> None:
    try:
        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        reason = f"no PostgreSQL server at {POSTGRES}: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)")
        pytest.skip(reason)


@pytest.fixture
def postgres_target() -> Iterator[str]:
    """A postgresql:// URL whose tables live in a fresh schema, dropped afterwards."""
    postgres_or_skip()
    schema = f"newsasia_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        # The schema names the test's connections too, so teardown can find them.
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            # A failed test may leave an archive open inside a transaction (its traceback keeps
            # it alive): DROP SCHEMA would wait for it forever, so end those sessions first.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s AND pid <> pg_backend_pid()",
                (schema,),
            )
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def archive_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_target")
    return str(tmp_path / "archive.sqlite")


def insert_row_of_old_schema(storage: Storage, article: Article) -> int:
    """Write an article's `articles` row as a schema before article identities (0009) holds it,
    for tests of an upgrade (today's upsert_article writes columns an old schema lacks)."""
    from newsasia_spider.storage.base import ARTICLE_COLUMNS

    data = article.to_dict()
    columns = ("canonical_url", *ARTICLE_COLUMNS, "dated_at", "first_seen", "last_seen")
    seen = storage._to_db_time(datetime(2025, 11, 27, tzinfo=UTC))
    dated_at = storage._dated_at(data) or seen
    (article_id,) = storage._fetchone(
        f"INSERT INTO articles ({', '.join(columns)}, changed_at)"
        f" VALUES ({', '.join('?' for _ in columns)}, ?) RETURNING id",
        (data["canonical_url"], *storage._article_values(data), dated_at, seen, seen, seen),
    )
    return article_id
