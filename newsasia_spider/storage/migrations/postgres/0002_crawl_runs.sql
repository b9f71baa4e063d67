-- One row per `newsasia crawl` invocation and one per outlet it ran, for monitoring.
-- A run killed before it finished keeps finished_at and exit_status NULL.

CREATE TABLE crawl_runs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    outlets     JSONB NOT NULL,     -- the outlets asked for
    exit_status INTEGER
);

CREATE TABLE crawl_run_outlets (
    run_id      BIGINT NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    outlet      TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    ok          BOOLEAN NOT NULL,   -- the outlet's crawl ended normally
    stats       JSONB NOT NULL,     -- new, updated, unchanged, failed, ... and the reason
    PRIMARY KEY (run_id, outlet)
);
