"""Scrapy settings for newsasia. Behaviour is switched by settings and add-ons, not flags."""

BOT_NAME = "newsasia"
SPIDER_MODULES = ["newsasia_spider.spiders"]
NEWSPIDER_MODULE = "newsasia_spider.spiders"

# --- politeness and crawl limits (spiders issue) ----------------------------------------------
# Who we are: a site operator can reach us. `-s NEWSASIA_CONTACT=mailto:...` also changes the UA.
NEWSASIA_CONTACT = "https://github.com/newsasia/newsasia"
USER_AGENT = f"newsasia/0.1 (+{NEWSASIA_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
# 429 is the BackoffMiddleware's (it honours Retry-After); Scrapy's retry keeps the rest.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]
NEWSASIA_403_WALL = 3  # this many 403s in a row end the outlet's run (robots.txt counts)
NEWSASIA_BACKOFF_RETRIES = 3  # retries of one request after 429 (or 403 with Retry-After)
NEWSASIA_BACKOFF_SECONDS = 5.0  # the first pause when no Retry-After is given; doubles
NEWSASIA_MAX_RETRY_AFTER = 600.0  # a longer Retry-After ends the run instead
# Back-off pauses wait on the clock; a replay of recorded traffic has no server to spare.
NEWSASIA_BACKOFF_PAUSES = True
# Per-run limits. A first run of an outlet reads its last month; 0 = no limit.
NEWSASIA_MAX_PAGES = 10000  # responses per outlet run (CLOSESPIDER_PAGECOUNT)
NEWSASIA_MAX_AGE_DAYS = 30.0  # skip feed/sitemap entries older than this
DEPTH_LIMIT = 50  # listing pages followed per section (sitemaps need 2)
# Known articles are fetched again when a source dates them later than the last fetch, or
# (conditionally: If-None-Match/If-Modified-Since) when the last fetch is this old; 0 = never.
NEWSASIA_REVISIT_DAYS = 0.0
# Crawl another address instead of the outlet's own, e.g. the local test site
# (`-s NEWSASIA_BASE_URL=http://127.0.0.1:8000`): paths stay, loopback is then allowed.
NEWSASIA_BASE_URL = None
NEWSASIA_REALIST_DOMAINS: list[str] = []  # the real hosts, once known (the record has a GUESS)
NEWSASIA_CRAWL_DOWNLOADER_MIDDLEWARES = {
    "newsasia_spider.downloadermiddlewares.backoff.BackoffMiddleware": 590
}
NEWSASIA_CRAWL_SPIDER_MIDDLEWARES = {
    "newsasia_spider.spidermiddlewares.incremental.IncrementalMiddleware": 950
}

# --- storage (storage issue) -----------------------------------------------------------------
# SQLite path or postgresql:// URL; the NEWSASIA_DB environment variable overrides it.
NEWSASIA_DB = "data/newsasia.sqlite"
NEWSASIA_DB_BATCH_SIZE = 100  # articles per transaction
NEWSASIA_DB_COMMIT_SECONDS = 2.0  # and a commit at least this often: no batch holds the database
ITEM_PIPELINES = {"newsasia_spider.pipelines.storage.StoragePipeline": 800}
# Every feed format writes Articles with ISO 8601 datetimes and their offset (`-O tass.jsonl`).
FEED_EXPORTERS = {
    "json": "newsasia_spider.exporters.ArticleJsonExporter",
    "jsonlines": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "jsonl": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "jl": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "csv": "newsasia_spider.exporters.ArticleCsvExporter",
    "xml": "newsasia_spider.exporters.ArticleXmlExporter",
}

# --- record / replay (fixtures issue) --------------------------------------------------------
# `-s VCR_CASSETTE=fixtures/cassettes/x.yaml` replays a recorded crawl; docs/record-replay.md.
ADDONS: dict[str, int] = {"newsasia_spider.addons.record_replay.VcrAddon": 100}
VCR_CASSETTE = None
VCR_RECORD_MODE = "none"  # replay only; the VCR_RECORD_MODE environment variable overrides it
# Our `scrapy crawl` exits 1 when a crawl closed for one of these (add-ons add their own).
COMMANDS_MODULE = "newsasia_spider.commands"
NEWSASIA_FAILURE_CLOSE_REASONS: list[str] = ["storage_error"]

# --- security (reliability issue) -----------------------------------------------------------
# Scope/SSRF guard before every other downloader middleware, so redirects hit it too.
NEWSASIA_ALLOW_LOOPBACK = False  # only the local test site sets this
# The guard replaces Scrapy's OffsiteMiddleware, which drops offsite redirects and links when
# they are scheduled: before the guard could count them and log the refusal.
NEWSASIA_GUARD_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsasia_spider.downloadermiddlewares.scope_guard.ScopeGuardMiddleware": 50,
}
# Faults counted by kind as newsasia/fault/<kind>, one log line per faulty URL (faults.py).
NEWSASIA_FAULT_MIDDLEWARES = {
    "newsasia_spider.downloadermiddlewares.answer_faults.AnswerFaultsMiddleware": 610,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newsasia_spider.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "newsasia_spider.downloadermiddlewares.outcome_faults.OutcomeFaultsMiddleware": 540,
}
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the lost page gets faults.py's one warning instead

# --- Scrapy defaults we pin ------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# Downloader middlewares of every section above, merged once here.
DOWNLOADER_MIDDLEWARES = {
    **NEWSASIA_GUARD_MIDDLEWARES,
    **NEWSASIA_FAULT_MIDDLEWARES,
    **NEWSASIA_CRAWL_DOWNLOADER_MIDDLEWARES,
}
SPIDER_MIDDLEWARES = {**NEWSASIA_CRAWL_SPIDER_MIDDLEWARES}
