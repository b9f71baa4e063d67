-- Full-text index over title, lead and body. SQLite has no Russian stemmer, so the rows hold
-- Snowball stems made in Python (storage/search_text.py) and are kept in step by the storage
-- code in the same transaction as the article; the rowid is articles.id.
-- Rows for articles already stored are added right after this script, in the same transaction.

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, lead, body,
    tokenize = 'unicode61 remove_diacritics 0'
);
