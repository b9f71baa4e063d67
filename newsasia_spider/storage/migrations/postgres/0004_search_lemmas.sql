-- Search over the same pymorphy3 lemmas as SQLite (storage/search_text.py) instead of the
-- `russian` configuration's Snowball stems, which cut surnames inconsistently ("Жапаров" missed
-- "Жапарова"). The lemmas are made in Python, so the column is filled by the storage code in
-- the article's transaction; existing rows are filled right after this script.

ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector NOT NULL DEFAULT '';
CREATE INDEX articles_search ON articles USING gin (search);
