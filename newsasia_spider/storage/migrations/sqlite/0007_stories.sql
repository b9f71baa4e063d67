-- Stories: articles of all outlets reporting one event, and which pairs share text.
-- Kept in step by the storage code (storage/stories.py) in the same transaction as the article.
-- story_bands and story_terms are the lookup indexes: (key, time) finds an article's
-- candidates among recent ones without scanning the archive. Times are articles.dated_at.
-- Their rows are deleted by their whole key (story_articles keeps the signature and terms), so
-- they carry no index on article_id: articles are never deleted, only relinked.

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE story_articles (
    article_id    INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL REFERENCES stories (id),
    dated_at      TEXT NOT NULL,
    signature     BLOB NOT NULL,     -- MinHash of the text's word 5-grams
    shingle_count INTEGER NOT NULL,
    terms         TEXT NOT NULL      -- its rows of story_terms, space-separated
);
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE story_bands (
    band_key    INTEGER NOT NULL,    -- LSH band of the signature
    dated_at    TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, dated_at, article_id)
) WITHOUT ROWID;

CREATE TABLE story_terms (
    term        TEXT NOT NULL,       -- a normalised name or a number of the text
    dated_at    TEXT NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (term, dated_at, article_id)
) WITHOUT ROWID;

-- How many linked articles hold each term (its rarity); the row '#articles' counts them all.
CREATE TABLE story_term_counts (
    term        TEXT PRIMARY KEY,
    articles    INTEGER NOT NULL
);

CREATE TABLE story_links (
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    other_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,     -- 'same_text' (copy, syndication) or 'same_event'
    text_overlap  REAL NOT NULL,     -- shared 5-grams / 5-grams of the shorter text
    event_score   REAL NOT NULL,     -- weighted share of names and numbers in common
    PRIMARY KEY (article_id, other_id),
    CHECK (article_id < other_id)
);
CREATE INDEX story_links_other ON story_links (other_id);
