"""The crawl stats newsasia's components keep, by name: written by the components, read by
`newsasia crawl`'s summary (runner/summary.py) and by anyone reading a crawl's stats.

A name ending in "/" is a prefix: the rest of the key says which kind.
"""

from __future__ import annotations

# Articles, counted by the storage pipeline (and the incremental middleware for a 304).
NEW = "newsasia/new"
UPDATED = "newsasia/updated"
UNCHANGED = "newsasia/unchanged"
OUTCOME = "newsasia/"  # + the storage outcome: new, updated or unchanged
VIA_SITE = "newsasia/via_site"  # stored from a site extractor
VIA_FALLBACK = "newsasia/via_fallback"  # stored from the trafilatura fallback
STORE_FAILED = "newsasia/store_failed"  # the archive refused an article or a batch
STORAGE_ERROR = "newsasia/storage_error"  # the archive's last error message: why it refused

# Article pages, counted by the spider.
EXTRACTION_FAILED = "newsasia/extraction_failed"
NOT_ARTICLE = "newsasia/not_article"  # a listing, an error page: nothing to extract
NOT_MODIFIED = "newsasia/not_modified"  # 304 to a conditional request
GONE = "newsasia/gone"  # 404 or 410
TOO_OLD = "newsasia/too_old"  # a source dates it before NEWSASIA_MAX_AGE_DAYS
SOURCE_UNREADABLE = "newsasia/source_unreadable"  # a feed, sitemap or listing not read

# Discovery, counted by the incremental middleware.
DUPLICATE_LINK = "newsasia/duplicate_link"  # another address of an article already requested
KNOWN_SKIPPED = "newsasia/known_skipped"  # in the archive, and nothing says it changed
REVISIT = "newsasia/revisit/"  # + why a known article is fetched again: changed, due
SITEMAP_UNCHANGED = "newsasia/sitemap_unchanged"
LISTING_CAUGHT_UP = "newsasia/listing_caught_up"  # a listing's next page not followed

# Faults, refusals and back-off (downloader middlewares).
FAULT = "newsasia/fault/"  # + the kind (faults.py)
REFUSED = "newsasia/refused/"  # + the scope guard's reason
HTTP_STATUS = "newsasia/http_"  # + 403 or 429
BACKOFF_SECONDS = "newsasia/backoff_seconds"
BACKOFF_RETRIES = "newsasia/backoff_retries"
# Waits for a slot of the domain's budget shared by distributed workers (shared_politeness.py).
POLITENESS_WAITS = "newsasia/politeness/waits"

# Run health (the health add-on: spidermiddlewares/health.py, downloadermiddlewares/
# article_answers.py; read by runner/summary.py and runner/health.py).
LISTED = "newsasia/listed"  # article requests the sources gave and the archive let through
ARTICLE_ANSWER = "newsasia/article_answer/"  # + an article request's HTTP status or fault kind
HEALTH_ARTICLES = "newsasia/health/articles/"  # + site or fallback: articles extracted
MISSING = "newsasia/health/missing/"  # + site or fallback + "/" + the empty field
FALLBACK_REASON = "newsasia/health/fallback_reason/"  # + why the site extractor was skipped
AGREEMENT = "newsasia/health/agreement"  # list: token F1, site vs fallback, of sampled pages
AGREEMENT_FAILED = "newsasia/health/agreement_failed"  # sampled pages the fallback refused

# Kept pages (WARC).
WARC = "newsasia/warc/"  # + records, revisits, bytes, write_failed, no_original

# Record and replay.
VCR_PLAYED = "vcr/played"
VCR_RECORDED = "vcr/recorded"
VCR_UNRECORDED = "vcr/unrecorded"
