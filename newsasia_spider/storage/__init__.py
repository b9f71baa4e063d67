"""The article archive: SQLite by default, PostgreSQL when the target is a postgresql:// URL.

    >>> storage = open_storage("data/newsasia.sqlite")   # creates or upgrades the schema
    >>> storage.upsert_article(article)                   # "new", "updated" or "unchanged"
    >>> storage.commit(); storage.close()

Writes are batched until `commit()`. Every failure is a `StorageError` with a one-line message.
"""

from __future__ import annotations

import os

from newsasia_spider.storage.base import (
    CrawlRun,
    Outcome,
    OutletRun,
    SearchHit,
    Storage,
    UrlState,
    as_utc_datetime,
)
from newsasia_spider.storage.errors import InvalidTarget, SchemaTooNew, StorageError
from newsasia_spider.storage.stories import Story, StoryArticle, StoryLink, StoryOptions

DEFAULT_TARGET = "data/newsasia.sqlite"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

__all__ = [
    "DEFAULT_TARGET",
    "CrawlRun",
    "InvalidTarget",
    "Outcome",
    "OutletRun",
    "SchemaTooNew",
    "SearchHit",
    "Storage",
    "StorageError",
    "Story",
    "StoryArticle",
    "StoryLink",
    "StoryOptions",
    "UrlState",
    "as_utc_datetime",
    "open_storage",
    "resolve_target",
]


def open_storage(target: str | os.PathLike[str], *, schema_version: int | None = None) -> Storage:
    """Open (creating or upgrading) the archive at a SQLite path or a postgresql:// URL.

    schema_version stops the upgrade at that version: for tests that need an old database.
    """
    text = os.fspath(target)
    if not text.strip():
        raise InvalidTarget("the database target is empty")
    if text.startswith(POSTGRES_SCHEMES):
        from newsasia_spider.storage.postgres import PostgresStorage

        return PostgresStorage(text, schema_version=schema_version)
    if "://" in text:
        raise InvalidTarget(f"unsupported database URL {text!r}: use a file path or postgresql://")
    from newsasia_spider.storage.sqlite import SqliteStorage

    return SqliteStorage(text, schema_version=schema_version)


def resolve_target(explicit: str | None = None, setting: str | None = None) -> str:
    """The database to use: an explicit choice (--db), else the NEWSASIA_DB environment
    variable, else the NEWSASIA_DB setting, else data/newsasia.sqlite."""
    return explicit or os.environ.get("NEWSASIA_DB") or setting or DEFAULT_TARGET
