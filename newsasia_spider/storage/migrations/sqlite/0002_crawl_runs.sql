-- One row per `newsasia crawl` invocation and one per outlet it ran, for monitoring.
-- A run killed before it finished keeps finished_at and exit_status NULL.

CREATE TABLE crawl_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outlets     TEXT NOT NULL,      -- JSON array of the outlets asked for
    exit_status INTEGER
);

CREATE TABLE crawl_run_outlets (
    run_id      INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    outlet      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    ok          INTEGER NOT NULL,   -- 1 when the outlet's crawl ended normally
    stats       TEXT NOT NULL,      -- JSON: new, updated, unchanged, failed, ... and the reason
    PRIMARY KEY (run_id, outlet)
);
