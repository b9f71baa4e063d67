-- Where each fetched page is kept in the WARC files (newsasia_spider/warc): one row per response
-- or revisit record written, added only once the record is whole on disk. An article's page is
-- the newest response record whose canonical_url is the article's; `newsasia reextract` reads
-- the newest response record of each page_key.

CREATE TABLE warc_records (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outlet          TEXT NOT NULL,
    url             TEXT NOT NULL,      -- WARC-Target-URI: the address that answered
    page_key        TEXT NOT NULL,      -- the fetched address's key (urls.url_key)
    canonical_url   TEXT,               -- the article extracted from it when fetched, if any
    record_type     TEXT NOT NULL,      -- response | revisit
    record_id       TEXT NOT NULL,      -- WARC-Record-ID
    payload_digest  TEXT NOT NULL,      -- WARC-Payload-Digest (a revisit's: the earlier one's)
    status          INTEGER NOT NULL,
    warc_file       TEXT NOT NULL,      -- relative to NEWSASIA_WARC_DIR: <outlet>/<file>
    warc_offset     BIGINT NOT NULL,
    warc_length     BIGINT NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX warc_records_page ON warc_records (page_key, id);
CREATE INDEX warc_records_canonical ON warc_records (canonical_url, id);
CREATE INDEX warc_records_file ON warc_records (warc_file);
CREATE UNIQUE INDEX warc_records_record_id ON warc_records (record_id);
