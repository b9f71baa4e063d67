-- Full-text search with PostgreSQL's Russian configuration. A stored generated column keeps the
-- index in step with the articles by itself, existing rows included.

ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', title), 'A')
    || setweight(to_tsvector('russian', coalesce(lead, '')), 'B')
    || setweight(to_tsvector('russian', body), 'D')
) STORED;
CREATE INDEX articles_search ON articles USING gin (search);
