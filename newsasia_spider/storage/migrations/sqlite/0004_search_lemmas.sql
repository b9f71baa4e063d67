-- The search index holds pymorphy3 lemmas instead of Snowball stems (storage/search_text.py):
-- stems cut surnames inconsistently, so "Жапаров" missed "Жапарова". The rows are made again
-- from the stored articles right after this script, in the same transaction.

DELETE FROM articles_fts;
