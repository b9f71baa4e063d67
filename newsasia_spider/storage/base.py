"""The archive's behaviour, written once for both backends.

SQLite and PostgreSQL differ only in the hooks at the end of `Storage` (connections, time and
JSON values, full-text search, the crawl lock). Shared SQL uses `?` placeholders.

Writes are batched: they join an open transaction that `commit()` ends, and each write runs
inside a savepoint, so a failed write leaves no partial rows and doesn't spoil the batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar, Literal

from extractors import Article, from_iso, outlet_for_url
from newsasia_spider.storage.errors import SchemaTooNew, StorageError
from newsasia_spider.storage.migrations import Migration, migrations
from newsasia_spider.storage.stories import Story, StoryIndex, StoryOptions
from newsasia_spider.urls import article_identity, preferred_address

Outcome = Literal["new", "updated", "unchanged"]
ARCHIVE_ID_STATE = "archive-id"  # crawl_state: the archive's own id (Storage.archive_id)
IDENTITY_VERSION = 9  # the migration that gave articles their identity column

# The article's columns in the `articles` table, besides canonical_url and the archive's times.
ARTICLE_COLUMNS = (
    "url",
    "outlet",
    "title",
    "lead",
    "body",
    "body_hash",
    "extractor",
    "published",
    "modified",
    "authors",
    "section",
    "tags",
    "images",
    "language",
    "fallback_reason",
    "fetched_at",
)
JSON_COLUMNS = frozenset({"authors", "tags", "images"})
# A change in any of these makes a stored article "updated". The body counts through its hash,
# which ignores whitespace; url and fetched_at only say how this copy was fetched.
CONTENT_COLUMNS = tuple(n for n in ARTICLE_COLUMNS if n not in ("body", "url", "fetched_at"))


@dataclass(frozen=True)
class UrlState:
    """What the last fetch of a URL answered: the spiders' conditional requests start here."""

    url: str
    etag: str | None
    last_modified: str | None
    source_lastmod: datetime | None
    fetched_at: datetime
    status: int
    canonical_url: str | None


@dataclass(frozen=True)
class SearchHit:
    canonical_url: str
    url: str
    outlet: str
    title: str
    published: datetime | date | None  # a date when the page gave the day only
    snippet: str  # words of the lead and body around the matches, matches in *stars*
    score: float  # higher is better; comparable only within one result list


@dataclass(frozen=True)
class PageRecord:
    """A WARC record of a fetched page: what it holds and where it is (newsasia_spider/warc)."""

    outlet: str
    url: str  # WARC-Target-URI
    page_key: str  # urls.url_key of the fetched address
    canonical_url: str | None  # the article extracted from it when fetched, if any
    record_type: str  # "response" or "revisit"
    record_id: str
    payload_digest: str
    status: int
    warc_file: str  # relative to the WARC directory
    warc_offset: int
    warc_length: int
    fetched_at: datetime


PAGE_RECORD_COLUMNS = tuple(PageRecord.__dataclass_fields__)


@dataclass(frozen=True)
class OutletRun:
    outlet: str
    started_at: datetime
    finished_at: datetime
    ok: bool
    stats: dict[str, Any]  # the summary line's figures and the reason
    health: dict[str, Any] | None = None  # runner/health.py's RunHealth; None before 0008


@dataclass(frozen=True)
class CrawlRun:
    id: int
    started_at: datetime
    finished_at: datetime | None  # None: the run was killed, or is still going
    outlets: list[str]
    exit_status: int | None
    outlet_runs: list[OutletRun] = field(default_factory=list)


OUTLET_RUN_COLUMNS = "outlet, started_at, finished_at, ok, stats, health"


class Storage:
    """The article archive. Open one with `newsasia_spider.storage.open_storage`."""

    dialect: ClassVar[str]
    target: str  # the path or the URL (password hidden), for messages
    _story_index: StoryIndex | None = None  # set by enable_stories()

    # --- articles -----------------------------------------------------------------------------

    def upsert_article(self, article: Article, *, seen: bool = True) -> Outcome:
        """Store article under its canonical URL; a new body hash also becomes a revision.

        Storing an article that is already stored unchanged updates only its last-seen time,
        and not even that with seen=False (a re-extraction of a stored page saw no site).
        """
        now = datetime.now(UTC)
        data = article.to_dict()
        identity = article_identity(article.canonical_url, article.outlet)
        with self._writing(f"cannot store {article.canonical_url}"):
            row = self._stored_copy(identity, article.canonical_url)
            if row is None:
                article_id = self._insert_article(data, identity, now)
                self._touch_revision(article_id, data, now)
                self._index_article(article_id, data, replace=False)
                self._link_story(article_id)
                return "new"
            article_id, stored_url, stored = row[0], row[1], self._decode_content(row[2:])
            if stored_url != article.canonical_url:
                # Another copy of a stored article (the same identity, another address): the
                # copy at the preferred address is the article, whichever was stored first.
                preferred = preferred_address(article.outlet, stored_url, article.canonical_url)
                if preferred == stored_url:
                    if seen:
                        self._execute(
                            "UPDATE articles SET last_seen = ? WHERE id = ?",
                            (self._to_db_time(now), article_id),
                        )
                    return "unchanged"
                self._move_article(article_id, stored_url, article.canonical_url, identity)
                stored = {}  # stored from another copy: this one's content replaces it
            if stored == {name: data[name] for name in CONTENT_COLUMNS}:
                if not seen:
                    return "unchanged"
                seen_at = self._to_db_time(now)
                self._execute(
                    "UPDATE articles SET last_seen = ? WHERE id = ?", (seen_at, article_id)
                )
                self._execute(
                    "UPDATE revisions SET last_seen = ? WHERE article_id = ? AND body_hash = ?",
                    (seen_at, article_id, data["body_hash"]),
                )
                return "unchanged"
            self._update_article(article_id, data, now)
            self._touch_revision(article_id, data, now)
            self._index_article(article_id, data, replace=True)
            self._link_story(article_id)
            return "updated"

    def iter_articles(
        self, *, outlet: str | None = None, since: datetime | date | None = None
    ) -> Iterator[Article]:
        """Stored articles (current versions), oldest first by publication date."""
        where, params = self._filters(outlet, since)
        columns = ", ".join(("canonical_url", *ARTICLE_COLUMNS))
        sql = f"SELECT {columns} FROM articles {where} ORDER BY dated_at, id"
        with self._reading("cannot read articles"):
            for row in self._stream(sql, params):
                yield self._article_from_row(row)

    def outlets(self) -> list[str]:
        """The outlets the archive holds articles of, by name."""
        with self._reading("cannot read the outlets"):
            rows = self._fetchall("SELECT DISTINCT outlet FROM articles ORDER BY outlet")
        return [outlet for (outlet,) in rows]

    def revisions(self, canonical_url: str) -> list[tuple[str, datetime, datetime]]:
        """(body_hash, first seen, last seen) of each stored version of an article, oldest first."""
        with self._reading(f"cannot read revisions of {canonical_url}"):
            rows = self._fetchall(
                "SELECT r.body_hash, r.first_seen, r.last_seen FROM revisions r"
                " JOIN articles a ON a.id = r.article_id WHERE a.canonical_url = ?"
                " ORDER BY r.first_seen, r.id",
                (canonical_url,),
            )
        return [(h, self._from_db_time(first), self._from_db_time(last)) for h, first, last in rows]

    def search(
        self,
        query: str,
        *,
        outlet: str | None = None,
        since: datetime | date | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Articles matching query (websearch syntax: words, "phrases", OR, -word), best first."""
        with self._reading(f"cannot search for {query!r}"):
            return self._search(query, outlet=outlet, since=since, limit=limit)

    def article(self, canonical_url: str) -> Article | None:
        """The stored (current) version of one article."""
        columns = ", ".join(("canonical_url", *ARTICLE_COLUMNS))
        with self._reading(f"cannot read {canonical_url}"):
            row = self._fetchone(
                f"SELECT {columns} FROM articles WHERE canonical_url = ?", (canonical_url,)
            )
        return None if row is None else self._article_from_row(row)

    # --- WARC records of fetched pages --------------------------------------------------------

    def record_page(self, record: PageRecord) -> None:
        """Remember a WARC record that is whole on disk."""
        values = [getattr(record, name) for name in PAGE_RECORD_COLUMNS]
        values[-1] = self._to_db_time(record.fetched_at)
        with self._writing(f"cannot record the WARC record of {record.url}"):
            self._execute(
                f"INSERT INTO warc_records ({', '.join(PAGE_RECORD_COLUMNS)})"
                f" VALUES ({', '.join('?' for _ in PAGE_RECORD_COLUMNS)})",
                values,
            )

    def latest_page(
        self, *, page_key: str | None = None, canonical_url: str | None = None
    ) -> PageRecord | None:
        """The newest response record of a fetched address (its key), or of an article."""
        column, value = ("page_key", page_key) if page_key else ("canonical_url", canonical_url)
        with self._reading(f"cannot read the WARC records of {value}"):
            row = self._fetchone(
                f"SELECT {', '.join(PAGE_RECORD_COLUMNS)} FROM warc_records"
                f" WHERE {column} = ? AND record_type = 'response' ORDER BY id DESC LIMIT 1",
                (value,),
            )
        return None if row is None else self._page_from_row(row)

    def pages(
        self,
        *,
        outlet: str | None = None,
        fetched_since: datetime | date | None = None,
        url: str | None = None,
    ) -> list[PageRecord]:
        """The newest response record of each fetched page, by outlet, fetch time, or address
        (its key or the canonical URL of its article), oldest page first."""
        conditions, params = ["record_type = 'response'"], []
        if outlet is not None:
            conditions.append("outlet = ?")
            params.append(outlet)
        if fetched_since is not None:
            conditions.append("fetched_at >= ?")
            params.append(self._to_db_time(as_utc_datetime(fetched_since)))
        if url is not None:
            conditions.append("(page_key = ? OR canonical_url = ? OR url = ?)")
            params += [url, url, url]
        where = " AND ".join(conditions)
        with self._reading("cannot read the WARC records"):
            rows = self._fetchall(
                f"SELECT {', '.join(PAGE_RECORD_COLUMNS)} FROM warc_records WHERE id IN"
                f" (SELECT max(id) FROM warc_records WHERE {where} GROUP BY page_key)"
                " ORDER BY id",
                params,
            )
        return [self._page_from_row(row) for row in rows]

    def link_page(self, record_id: str, canonical_url: str) -> None:
        """Say which article a kept page gives (re-extraction found one where the crawl didn't)."""
        with self._writing(f"cannot link a WARC record to {canonical_url}"):
            self._execute(
                "UPDATE warc_records SET canonical_url = ? WHERE record_id = ?",
                (canonical_url, record_id),
            )

    def warc_files_in_use(self) -> set[str]:
        with self._reading("cannot read the WARC records"):
            rows = self._fetchall("SELECT DISTINCT warc_file FROM warc_records")
        return {name for (name,) in rows}

    def forget_warc_file(self, warc_file: str) -> int:
        """Drop the records of a WARC file about to be deleted, and commit; returns how many."""
        with self._writing(f"cannot forget {warc_file}"):
            (count,) = self._fetchone(
                "SELECT count(*) FROM warc_records WHERE warc_file = ?", (warc_file,)
            )
            self._execute("DELETE FROM warc_records WHERE warc_file = ?", (warc_file,))
        self.commit()
        return count

    def _page_from_row(self, row: Sequence[Any]) -> PageRecord:
        values = dict(zip(PAGE_RECORD_COLUMNS, row, strict=True))
        values["fetched_at"] = self._from_db_time(values["fetched_at"])
        return PageRecord(**values)

    # --- stories (storage/stories.py) ---------------------------------------------------------

    def enable_stories(self, options: StoryOptions | None = None) -> None:
        """Link every article stored from now on into stories (NEWSASIA_STORIES)."""
        self._story_index = StoryIndex(self, options or StoryOptions())

    def stories(
        self,
        *,
        since: datetime | date | None = None,
        outlet: str | None = None,
        min_articles: int = 2,
    ) -> list[Story]:
        """Stories with an article since `since` (of `outlet`), newest first, with all their
        articles and which pairs share text."""
        with self._reading("cannot read stories"):
            return StoryIndex(self, StoryOptions()).stories(
                since=since, outlet=outlet, min_articles=min_articles
            )

    def story_ids(self) -> dict[str, int]:
        """canonical URL -> story id, for every article linked into a story."""
        with self._reading("cannot read story ids"):
            return StoryIndex(self, StoryOptions()).story_ids()

    def rebuild_stories(self, options: StoryOptions | None = None) -> int:
        """Compute the stories of the whole archive again (oldest first) and commit; returns
        the number of articles linked."""
        with self._writing("cannot rebuild stories"):
            count = StoryIndex(self, options or StoryOptions()).rebuild()
        self.commit()
        return count

    def _link_story(self, article_id: int) -> None:
        if self._story_index is not None:
            self._story_index.link(article_id)

    # --- incremental crawling -----------------------------------------------------------------

    def url_state(self, url: str) -> UrlState | None:
        with self._reading(f"cannot read the fetch state of {url}"):
            row = self._fetchone(
                "SELECT url, etag, last_modified, source_lastmod, fetched_at, status, canonical_url"
                " FROM url_state WHERE url = ?",
                (url,),
            )
        if row is None:
            return None
        url, etag, last_modified, source_lastmod, fetched_at, status, canonical_url = row
        return UrlState(
            url,
            etag,
            last_modified,
            self._from_db_time(source_lastmod),
            self._from_db_time(fetched_at),
            status,
            canonical_url,
        )

    def record_fetch(
        self,
        url: str,
        *,
        status: int,
        etag: str | None = None,
        last_modified: str | None = None,
        source_lastmod: datetime | None = None,
        canonical_url: str | None = None,
        outlet: str | None = None,
    ) -> None:
        """Remember what fetching url answered (outlet: from the URL's host unless given)."""
        with self._writing(f"cannot record the fetch of {url}"):
            self._execute(
                "INSERT INTO url_state (url, outlet, status, etag, last_modified, source_lastmod,"
                " canonical_url, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET outlet = excluded.outlet,"
                " status = excluded.status, etag = excluded.etag,"
                " last_modified = excluded.last_modified, source_lastmod = excluded.source_lastmod,"
                " canonical_url = excluded.canonical_url, fetched_at = excluded.fetched_at",
                (
                    url,
                    outlet or outlet_for_url(url),
                    status,
                    etag,
                    last_modified,
                    self._to_db_time(source_lastmod) if source_lastmod else None,
                    canonical_url,
                    self._to_db_time(datetime.now(UTC)),
                ),
            )

    def known_urls(self, outlet: str) -> set[str]:
        """URLs of the outlet a crawl need not fetch again: those of stored articles (as fetched
        and canonical), fetched URLs that led to one, and URLs the server said are gone.

        A fetch whose article was never committed (a killed run) is not known, so the next run
        fetches it again.
        """
        with self._reading(f"cannot read the known URLs of {outlet}"):
            rows = self._fetchall(
                "SELECT url FROM articles WHERE outlet = ?"
                " UNION SELECT canonical_url FROM articles WHERE outlet = ?"
                " UNION SELECT u.url FROM url_state u"
                " JOIN articles a ON a.canonical_url = u.canonical_url WHERE a.outlet = ?"
                " UNION SELECT url FROM url_state WHERE outlet = ? AND status IN (404, 410)",
                (outlet, outlet, outlet, outlet),
            )
        return {url for (url,) in rows}

    def get_state(self, key: str) -> str | None:
        """A value the spiders keep between runs (feed and sitemap state), None if unset."""
        with self._reading(f"cannot read state {key!r}"):
            row = self._fetchone("SELECT value FROM crawl_state WHERE key = ?", (key,))
        return None if row is None else row[0]

    def set_state(self, key: str, value: str) -> None:
        with self._writing(f"cannot write state {key!r}"):
            self._execute(
                "INSERT INTO crawl_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (key, value, self._to_db_time(datetime.now(UTC))),
            )

    def archive_id(self) -> str:
        """A random id the archive gets once and keeps (crawl_state): distributed runs name
        their Redis keys by it, so two archives sharing one Redis never share a queue."""
        with self._writing("cannot read the archive's id"):
            self._execute(
                "INSERT INTO crawl_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                (ARCHIVE_ID_STATE, uuid.uuid4().hex[:16], self._to_db_time(datetime.now(UTC))),
            )
        archive_id = self.get_state(ARCHIVE_ID_STATE)
        self.commit()
        assert archive_id is not None
        return archive_id

    # --- crawl runs (each call commits: they are the run's own record) ------------------------

    def start_crawl_run(self, outlets: Sequence[str]) -> int:
        with self._writing("cannot record the start of the crawl run"):
            (run_id,) = self._fetchone(
                "INSERT INTO crawl_runs (started_at, outlets) VALUES (?, ?) RETURNING id",
                (self._to_db_time(datetime.now(UTC)), self._to_db_json(list(outlets))),
            )
        self.commit()
        return run_id

    def record_outlet_run(
        self,
        run_id: int,
        outlet: str,
        *,
        started_at: datetime,
        finished_at: datetime,
        ok: bool,
        stats: dict[str, Any],
        health: dict[str, Any] | None = None,
    ) -> None:
        with self._writing(f"cannot record the crawl of {outlet}"):
            self._execute(
                "INSERT INTO crawl_run_outlets"
                " (run_id, outlet, started_at, finished_at, ok, stats, health)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    outlet,
                    self._to_db_time(started_at),
                    self._to_db_time(finished_at),
                    ok,
                    self._to_db_json(stats),
                    None if health is None else self._to_db_json(health),
                ),
            )
        self.commit()

    def finish_crawl_run(self, run_id: int, exit_status: int) -> None:
        with self._writing("cannot record the end of the crawl run"):
            self._execute(
                "UPDATE crawl_runs SET finished_at = ?, exit_status = ? WHERE id = ?",
                (self._to_db_time(datetime.now(UTC)), exit_status, run_id),
            )
        self.commit()

    def crawl_runs(self, limit: int = 10) -> list[CrawlRun]:
        """The latest crawl runs, newest first, with their outlets' results."""
        with self._reading("cannot read crawl runs"):
            runs = self._fetchall(
                "SELECT id, started_at, finished_at, outlets, exit_status FROM crawl_runs"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            )
            result = []
            for run_id, started, finished, outlets, exit_status in runs:
                outlet_rows = self._fetchall(
                    f"SELECT {OUTLET_RUN_COLUMNS} FROM crawl_run_outlets"
                    " WHERE run_id = ? ORDER BY started_at, outlet",
                    (run_id,),
                )
                outlet_runs = [self._outlet_run_from_row(row) for row in outlet_rows]
                result.append(
                    CrawlRun(
                        run_id,
                        self._from_db_time(started),
                        self._from_db_time(finished) if finished is not None else None,
                        self._from_db_json(outlets),
                        exit_status,
                        outlet_runs,
                    )
                )
        return result

    def outlet_runs(self, outlet: str | None = None, limit: int = 10) -> list[OutletRun]:
        """Each outlet's (or one outlet's) last `limit` runs, by outlet, newest first."""
        with self._reading("cannot read crawl runs"):
            if outlet is None:
                rows = self._fetchall("SELECT DISTINCT outlet FROM crawl_run_outlets")
                outlets = sorted(name for (name,) in rows)
            else:
                outlets = [outlet]
            runs = []
            for name in outlets:
                rows = self._fetchall(
                    f"SELECT {OUTLET_RUN_COLUMNS} FROM crawl_run_outlets WHERE outlet = ?"
                    " ORDER BY started_at DESC LIMIT ?",
                    (name, limit),
                )
                runs += [self._outlet_run_from_row(row) for row in rows]
        return runs

    def _outlet_run_from_row(self, row: Sequence[Any]) -> OutletRun:
        name, started, finished, ok, stats, health = row
        return OutletRun(
            name,
            self._from_db_time(started),
            self._from_db_time(finished),
            bool(ok),
            self._from_db_json(stats),
            None if health is None else self._from_db_json(health),
        )

    # --- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self._reading("cannot read the schema version"):
            return self._schema_version()

    def _migrate(self, up_to: int | None = None) -> None:
        """Apply the missing migrations (up to a version, for tests); refuse a newer schema."""
        known = migrations(self.dialect)
        target = known[-1].version if up_to is None else up_to
        self._refuse_newer_schema()
        if not self._missing_migrations(target):
            return
        with self._guard("cannot upgrade the database schema"):
            self._begin_migration()
            # Read again under the lock: a concurrent process may have migrated meanwhile.
            for migration in self._missing_migrations(target):
                self._apply(migration)
            self.commit()

    def _missing_migrations(self, up_to: int) -> list[Migration]:
        """Known migrations up to a version that the database lacks, in order."""
        applied: set[int] = set()
        if self._schema_version():
            rows = self._fetchall("SELECT version FROM schema_migrations")
            applied = {version for (version,) in rows}
        known = migrations(self.dialect)
        return [m for m in known if m.version <= up_to and m.version not in applied]

    def _check_readable(self) -> None:
        """For reading: the archive exists at this release's schema (reading never migrates)."""
        if self._schema_version() == 0:
            raise StorageError(f"{self.target} is not a newsasia archive (it holds no schema)")
        self._refuse_newer_schema()
        missing = self._missing_migrations(migrations(self.dialect)[-1].version)
        if missing:
            raise StorageError(
                f"{self.target} lacks schema version {missing[0].version} ({missing[0].name});"
                " run `newsasia crawl` once to upgrade it"
            )

    def _refuse_newer_schema(self) -> None:
        latest = migrations(self.dialect)[-1].version
        version = self._schema_version()
        if version > latest:
            raise SchemaTooNew(
                f"{self.target} has schema version {version}, newer than this newsasia knows"
                f" ({latest}); upgrade newsasia to use it"
            )

    def _apply(self, migration: Migration) -> None:
        self._run_script(migration.sql)
        self._after_migration(migration.version)
        self._execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, self._to_db_time(datetime.now(UTC))),
        )

    # --- shared helpers -----------------------------------------------------------------------

    def _stored_copy(self, identity: str, canonical_url: str) -> Sequence[Any] | None:
        """(id, canonical_url, *CONTENT_COLUMNS) of the stored article with this identity, else
        of the one at this address (a row whose identity an older rule computed)."""
        columns = f"id, canonical_url, {', '.join(CONTENT_COLUMNS)}"
        row = self._fetchone(
            f"SELECT {columns} FROM articles WHERE identity = ? ORDER BY id LIMIT 1", (identity,)
        )
        if row is None:
            row = self._fetchone(
                f"SELECT {columns} FROM articles WHERE canonical_url = ?", (canonical_url,)
            )
        return row

    def _move_article(self, article_id: int, old_url: str, new_url: str, identity: str) -> None:
        """Give a stored article its preferred address; what named the old one follows."""
        self._execute(
            "UPDATE articles SET canonical_url = ?, identity = ? WHERE id = ?",
            (new_url, identity, article_id),
        )
        for table in ("url_state", "warc_records"):
            self._execute(
                f"UPDATE {table} SET canonical_url = ? WHERE canonical_url = ?", (new_url, old_url)
            )

    def _fill_identities(self, batch: int = 500) -> None:
        """Give every stored article its identity (the migration that added the column)."""
        last_id = 0
        while rows := self._fetchall(
            "SELECT id, canonical_url, outlet FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, batch),
        ):
            self._executemany(
                "UPDATE articles SET identity = ? WHERE id = ?",
                [(article_identity(url, outlet), row_id) for row_id, url, outlet in rows],
            )
            last_id = rows[-1][0]

    def _insert_article(self, data: dict[str, Any], identity: str, now: datetime) -> int:
        columns = (
            "canonical_url",
            "identity",
            *ARTICLE_COLUMNS,
            "dated_at",
            "first_seen",
            "last_seen",
        )
        seen = self._to_db_time(now)
        values = [data["canonical_url"], identity, *self._article_values(data)]
        values += [self._dated_at(data) or seen, seen, seen]
        (article_id,) = self._fetchone(
            f"INSERT INTO articles ({', '.join(columns)}, changed_at)"
            f" VALUES ({', '.join('?' for _ in columns)}, ?) RETURNING id",
            (*values, seen),
        )
        return article_id

    def _update_article(self, article_id: int, data: dict[str, Any], now: datetime) -> None:
        assignments = ", ".join(f"{name} = ?" for name in ARTICLE_COLUMNS)
        seen = self._to_db_time(now)
        self._execute(
            f"UPDATE articles SET {assignments}, dated_at = coalesce(?, first_seen),"
            " last_seen = ?, changed_at = ? WHERE id = ?",
            (*self._article_values(data), self._dated_at(data), seen, seen, article_id),
        )

    def _touch_revision(self, article_id: int, data: dict[str, Any], now: datetime) -> None:
        seen = self._to_db_time(now)
        self._execute(
            "INSERT INTO revisions (article_id, body_hash, title, lead, body, extractor,"
            " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (article_id, body_hash) DO UPDATE SET last_seen = excluded.last_seen",
            (
                article_id,
                data["body_hash"],
                data["title"],
                data["lead"],
                data["body"],
                data["extractor"],
                seen,
                seen,
            ),
        )

    def _article_values(self, data: dict[str, Any]) -> list[Any]:
        return [
            self._to_db_json(data[name]) if name in JSON_COLUMNS else data[name]
            for name in ARTICLE_COLUMNS
        ]

    def _article_from_row(self, row: Sequence[Any]) -> Article:
        values = dict(zip(("canonical_url", *ARTICLE_COLUMNS), row, strict=True))
        for name in JSON_COLUMNS:
            values[name] = self._from_db_json(values[name])
        return Article.from_dict(values)

    def _decode_content(self, row: Sequence[Any]) -> dict[str, Any]:
        values = dict(zip(CONTENT_COLUMNS, row, strict=True))
        for name in JSON_COLUMNS:
            values[name] = self._from_db_json(values[name])
        return values

    def _dated_at(self, data: dict[str, Any]) -> Any:
        """When the article counts as published for --since and ordering: its time, or for a
        date alone that day's start in UTC, so that `--since DAY` keeps the articles of DAY."""
        published = data["published"]
        return self._to_db_time(as_utc_datetime(from_iso(published))) if published else None

    def _filters(
        self, outlet: str | None, since: datetime | date | None, table: str = ""
    ) -> tuple[str, list[Any]]:
        """A WHERE clause (possibly empty) for the common --outlet and --since filters."""
        prefix = f"{table}." if table else ""
        conditions, params = [], []
        if outlet is not None:
            conditions.append(f"{prefix}outlet = ?")
            params.append(outlet)
        if since is not None:
            conditions.append(f"{prefix}dated_at >= ?")
            params.append(self._to_db_time(as_utc_datetime(since)))
        return ("WHERE " + " AND ".join(conditions) if conditions else ""), params

    @contextmanager
    def _writing(self, doing: str) -> Iterator[None]:
        """Run a write inside the batch transaction and a savepoint of its own."""
        with self._guard(doing):
            self._begin()
            self._execute("SAVEPOINT newsasia_write")
        try:
            yield
        except Exception as exc:
            try:
                self._execute("ROLLBACK TO SAVEPOINT newsasia_write")
                self._execute("RELEASE SAVEPOINT newsasia_write")
            except self.database_errors:
                pass  # the connection itself is gone; the error below says why
            if isinstance(exc, self.database_errors):
                raise StorageError(f"{doing}: {one_line(exc)}") from exc
            raise
        with self._guard(doing):
            self._execute("RELEASE SAVEPOINT newsasia_write")

    @contextmanager
    def _reading(self, doing: str) -> Iterator[None]:
        with self._guard(doing):
            yield

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Turn the driver's errors into one-line StorageErrors."""
        try:
            yield
        except self.database_errors as exc:
            raise StorageError(f"{doing}: {one_line(exc)}") from exc

    # --- backend hooks ------------------------------------------------------------------------

    database_errors: ClassVar[tuple[type[Exception], ...]]

    def commit(self) -> None:
        """End the current batch: everything written since the last commit becomes durable."""
        raise NotImplementedError

    def close(self) -> None:
        """Commit and let go of the connection (and of the crawl lock, if held)."""
        raise NotImplementedError

    def acquire_crawl_lock(self) -> bool:
        """Take the one-crawl-at-a-time lock of this archive; False if another run holds it.
        Held until close()."""
        raise NotImplementedError

    @property
    def inheritable_lock_fds(self) -> tuple[int, ...]:
        """File descriptors a crawl's child processes should inherit to keep holding the lock
        if the parent dies before them."""
        return ()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        for params in rows:
            self._execute(sql, params)

    def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any] | None:
        raise NotImplementedError

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Sequence[Any]]:
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Sequence[Any]]:
        raise NotImplementedError

    def _begin(self) -> None:
        """Make sure a batch transaction is open."""
        raise NotImplementedError

    def _begin_migration(self) -> None:
        raise NotImplementedError

    def _schema_version(self) -> int:
        raise NotImplementedError

    def _run_script(self, sql: str) -> None:
        raise NotImplementedError

    def _after_migration(self, version: int) -> None:
        """Work a migration needs beyond its SQL script (a backend adds its own)."""
        if version == IDENTITY_VERSION:
            self._fill_identities()

    def _index_article(self, article_id: int, data: dict[str, Any], *, replace: bool) -> None:
        """Keep the full-text index in step with the article just written."""

    def _index_stored_articles(self, batch: int = 500) -> None:
        """Add every stored article to a full-text index a migration made or emptied."""
        last_id = 0
        while rows := self._fetchall(
            "SELECT id, title, lead, body FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, batch),
        ):
            for article_id, title, lead, body in rows:
                data = {"title": title, "lead": lead, "body": body}
                self._index_article(article_id, data, replace=False)
            last_id = rows[-1][0]

    def _search(
        self, query: str, *, outlet: str | None, since: datetime | date | None, limit: int
    ) -> list[SearchHit]:
        raise NotImplementedError

    def _to_db_time(self, moment: datetime) -> Any:
        raise NotImplementedError

    def _from_db_time(self, value: Any) -> Any:
        raise NotImplementedError

    def _to_db_json(self, value: Any) -> Any:
        raise NotImplementedError

    def _from_db_json(self, value: Any) -> Any:
        raise NotImplementedError


def as_utc_datetime(moment: datetime | date) -> datetime:
    """A --since value as an aware UTC datetime; a bare date means its midnight in UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min, tzinfo=UTC)
    if moment.tzinfo is None:
        raise ValueError(f"since must be time-zone-aware, got {moment!r}")
    return moment.astimezone(UTC)


def one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
