-- An article's identity: the key every address of it shares (newsasia_spider/urls.py url_key,
-- the outlet's identity rule: ТАСС's tass.ru and nauka.tass.ru copies of one id are one key).
-- A copy arriving under another address joins the stored article; which address stays
-- canonical is the outlet's rule (extractors/record.py Outlet.preferred_address). Rows stored
-- before this migration are given their identity by the code that applies it.
ALTER TABLE articles ADD COLUMN identity TEXT;
CREATE INDEX articles_identity ON articles (identity);
