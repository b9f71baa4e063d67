-- The archive: one row per canonical URL holding its current version, every distinct body as a
-- revision, and what incremental crawling needs (fetch state per URL, feed and sitemap state).
-- Times the archive keeps are UTC ISO 8601 text; an article's own dates keep the outlet's offset.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    canonical_url   TEXT NOT NULL UNIQUE,
    url             TEXT NOT NULL,
    outlet          TEXT NOT NULL,
    title           TEXT NOT NULL,
    lead            TEXT,
    body            TEXT NOT NULL,
    body_hash       TEXT NOT NULL,
    extractor       TEXT NOT NULL,
    published       TEXT,
    modified        TEXT,
    authors         TEXT NOT NULL DEFAULT '[]',
    section         TEXT,
    tags            TEXT NOT NULL DEFAULT '[]',
    images          TEXT NOT NULL DEFAULT '[]',
    language        TEXT,
    fallback_reason TEXT,
    fetched_at      TEXT,
    dated_at        TEXT NOT NULL,  -- published in UTC, else first seen: --since and ordering
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL,
    changed_at      TEXT NOT NULL   -- when the stored content last changed
);
CREATE INDEX articles_outlet_dated ON articles (outlet, dated_at);
CREATE INDEX articles_dated ON articles (dated_at);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    body_hash   TEXT NOT NULL,
    title       TEXT NOT NULL,
    lead        TEXT,
    body        TEXT NOT NULL,
    extractor   TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    UNIQUE (article_id, body_hash)
);

CREATE TABLE url_state (
    url             TEXT PRIMARY KEY,
    outlet          TEXT NOT NULL,
    status          INTEGER NOT NULL,
    etag            TEXT,
    last_modified   TEXT,           -- the server's Last-Modified header, verbatim
    source_lastmod  TEXT,           -- the sitemap lastmod or feed date that led to this URL
    canonical_url   TEXT,
    fetched_at      TEXT NOT NULL
);
CREATE INDEX url_state_canonical ON url_state (canonical_url);
CREATE INDEX url_state_outlet ON url_state (outlet);

CREATE TABLE crawl_state (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
