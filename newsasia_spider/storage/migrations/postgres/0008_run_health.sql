-- The health of each outlet run (docs/health.md): requests by outcome, articles by extractor,
-- the fallback's reasons, empty fields, site-vs-fallback agreement. NULL for runs recorded
-- before this migration. `newsasia health` reads an outlet's last runs: hence the index.

ALTER TABLE crawl_run_outlets ADD COLUMN health JSONB;

CREATE INDEX crawl_run_outlets_by_outlet ON crawl_run_outlets (outlet, started_at);
