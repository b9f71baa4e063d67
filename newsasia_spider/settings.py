"""Scrapy settings for newsasia, grouped by concern. Optional behaviour comes from the add-ons
in ADDONS, each switched by a setting here; `-s NAME=value` changes any of them for one crawl."""

BOT_NAME = "newsasia"
SPIDER_MODULES = ["newsasia_spider.spiders"]  # one spider per outlet record
NEWSPIDER_MODULE = "newsasia_spider.spiders"
COMMANDS_MODULE = "newsasia_spider.commands"  # `scrapy crawl` exits 1 on a failed crawl
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# A response yields one article or a page of links, handled synchronously; Scrapy starts this
# many asyncio workers for every response all the same (the default 100 took ~11% of a crawl's
# CPU, profiled with py-spy on bench/crawl.py).
CONCURRENT_ITEMS = 8
# The check reparses a generator callback's source for every response (bound methods never hit
# its cache): ~4% of a crawl's CPU, for a warning none of our callbacks would trigger.
WARN_ON_GENERATOR_RETURN_VALUE = False

# --- the optional behaviours: add-ons and their switches --------------------------------------
ADDONS = {
    "newsasia_spider.addons.scope_guard.ScopeGuardAddon": 100,
    "newsasia_spider.addons.fault_accounting.FaultAccountingAddon": 100,
    "newsasia_spider.addons.incremental.IncrementalAddon": 100,
    "newsasia_spider.addons.storage.StorageAddon": 100,
    "newsasia_spider.addons.record_replay.VcrAddon": 100,
    "newsasia_spider.addons.warc.WarcAddon": 200,
    "newsasia_spider.addons.distributed.DistributedAddon": 100,
    "newsasia_spider.addons.health.HealthAddon": 100,
}
# Scope/SSRF guard: no request outside the outlet's domains, no private or loopback address.
NEWSASIA_SCOPE_GUARD = True
NEWSASIA_ALLOW_LOOPBACK = False  # only the local test site sets this
# Faults counted by kind as newsasia/fault/<kind>, one log line per faulty URL (faults.py).
NEWSASIA_FAULT_ACCOUNTING = True
# Fetch only what the archive lacks or a source says changed.
NEWSASIA_INCREMENTAL = True
# Every Article into the archive.
NEWSASIA_STORAGE = True
# Every article page as fetched, as WARC/1.1 in <dir>/<outlet>/<UTC date>-<seq>.warc.gz, for
# evidence and for `newsasia reextract` (addons/warc.py).
NEWSASIA_WARC = True
# Run health (docs/health.md): requests by outcome, articles by extractor, empty fields, and on
# a sample of pages the site extractor's text against the fallback's; `newsasia health` reads it.
NEWSASIA_HEALTH = True
NEWSASIA_HEALTH_SAMPLE = 0.01  # share of the site extractor's pages the fallback reads too
NEWSASIA_HEALTH_SAMPLE_FIRST = 3  # the run's first pages of the site extractor, always compared
# Record/replay: `-s VCR_CASSETTE=fixtures/cassettes/x.yaml` replays a recorded crawl
# (docs/record-replay.md). The VCR_RECORD_MODE environment variable overrides the mode.
VCR_CASSETTE = None
VCR_RECORD_MODE = "none"  # replay only
# Our `scrapy crawl` exits 1 when a crawl closed for one of these (add-ons add their own).
NEWSASIA_FAILURE_CLOSE_REASONS: list[str] = []

# --- who we are and how hard we crawl ---------------------------------------------------------
# A site operator can reach us. `-s NEWSASIA_CONTACT=mailto:...` also changes the User-Agent.
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

# --- answers that go wrong: timeouts, sizes, retries, 403/429 ---------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
# 429 is the BackoffMiddleware's (it honours Retry-After); Scrapy's retry keeps the rest.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]
# Back-off sees answers after redirects (600) and the WARC copy (595), before decompression (590).
DOWNLOADER_MIDDLEWARES = {"newsasia_spider.downloadermiddlewares.backoff.BackoffMiddleware": 592}
NEWSASIA_403_WALL = 3  # this many 403s in a row end the outlet's run (robots.txt counts)
NEWSASIA_BACKOFF_RETRIES = 3  # retries of one request after 429 (or 403 with Retry-After)
NEWSASIA_BACKOFF_SECONDS = 5.0  # the first pause when no Retry-After is given; doubles
NEWSASIA_MAX_RETRY_AFTER = 600.0  # a longer Retry-After ends the run instead
# Back-off pauses wait on the clock; a replay of recorded traffic has no server to spare.
NEWSASIA_BACKOFF_PAUSES = True

# --- what one run reads -------------------------------------------------------------------------
# A first run of an outlet reads its last month; 0 = no limit.
NEWSASIA_MAX_PAGES = 10000  # responses per outlet run (CLOSESPIDER_PAGECOUNT)
NEWSASIA_MAX_AGE_DAYS = 30.0  # skip feed/sitemap entries older than this
DEPTH_LIMIT = 50  # listing pages followed per section (sitemaps need 2)
# Known articles are fetched again when a source dates them later than the last fetch, or
# (conditionally: If-None-Match/If-Modified-Since) when the last fetch is this old; 0 = never.
NEWSASIA_REVISIT_DAYS = 0.0

# --- where the outlets are ----------------------------------------------------------------------
# Tests only: crawl another address instead of the outlet's own, the local test site
# (`-s NEWSASIA_BASE_URL=http://127.0.0.1:8000`): paths stay, loopback is then allowed. Never
# read from the environment but by the tests' settings module, tests.site.settings.
NEWSASIA_BASE_URL = None
NEWSASIA_REALIST_DOMAINS: list[str] = []  # the real hosts, once known (the record has a GUESS)

# --- distributed crawling (docs/distributed.md) -------------------------------------------------
# A redis:// URL makes this crawl a worker sharing one queue per outlet with every other worker
# (`newsasia worker`, `newsasia crawl --distributed`); the archive must then be PostgreSQL.
NEWSASIA_REDIS_URL = None
NEWSASIA_REDIS_PREFIX = "newsasia"  # every key starts with it (then the archive's own id)
NEWSASIA_REDIS_NAMESPACE = None  # <prefix>:<archive id>, found in the archive when not given
NEWSASIA_DISTRIBUTED_RUN = None  # the run joined; `newsasia worker` sets it
NEWSASIA_WORKER_NAME = None  # in logs, stats and WARC file names; default <host>-<pid>
NEWSASIA_WORKER_IDLE_SECONDS = 30.0  # a worker stops when the queue stays empty this long
NEWSASIA_LEASE_SECONDS = 60.0  # a silent worker's requests go back to the queue after this

# --- the archive ------------------------------------------------------------------------------
# SQLite path or postgresql:// URL; the NEWSASIA_DB environment variable overrides it.
NEWSASIA_DB = "data/newsasia.sqlite"
NEWSASIA_DB_BATCH_SIZE = 100  # articles per transaction
NEWSASIA_DB_COMMIT_SECONDS = 2.0  # and a commit at least this often: no batch holds the database
# Stories (docs/stories.md): each new or changed article is linked, as it is stored, to the
# recent articles of all outlets that share its text or report the same event.
NEWSASIA_STORIES = True
NEWSASIA_STORIES_TEXT_DAYS = 7.0  # copies are looked for this many days before and after
NEWSASIA_STORIES_TEXT_OVERLAP = 0.5  # share of the shorter text found in the other: a copy
NEWSASIA_STORIES_EVENT_DAYS = 2.0  # reports of one event lie this close in time
NEWSASIA_STORIES_EVENT_SCORE = 0.25  # weighted share of names and numbers: the same event
# Every feed format writes Articles with ISO 8601 datetimes and their offset (`-O tass.jsonl`).
FEED_EXPORTERS = {
    "json": "newsasia_spider.exporters.ArticleJsonExporter",
    "jsonlines": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "jsonl": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "jl": "newsasia_spider.exporters.ArticleJsonLinesExporter",
    "csv": "newsasia_spider.exporters.ArticleCsvExporter",
    "xml": "newsasia_spider.exporters.ArticleXmlExporter",
}

# --- kept pages (WARC) -----------------------------------------------------------------------
# The NEWSASIA_WARC_DIR environment variable overrides the folder.
NEWSASIA_WARC_DIR = "data/warc"
NEWSASIA_WARC_MAX_SIZE = 100_000_000  # bytes per file before the next one starts
NEWSASIA_WARC_SOURCES = False  # also keep feeds, sitemaps and listings
NEWSASIA_WARC_KEEP_DAYS = 0.0  # `newsasia prune-warc` deletes files older than this; 0 = keep
# A name in the file names (<date>-<seq>-<name>.warc.gz): each distributed worker sets its own.
NEWSASIA_WARC_WRITER = None
