"""Scrapy settings for newsasia. Behaviour is switched by settings and add-ons, not flags."""

BOT_NAME = "newsasia"
SPIDER_MODULES = ["newsasia_spider.spiders"]
NEWSPIDER_MODULE = "newsasia_spider.spiders"

# --- politeness (spiders issue) -------------------------------------------------------------
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

# --- storage (storage issue) -----------------------------------------------------------------
# SQLite path or postgresql:// URL; the NEWSASIA_DB environment variable overrides it.
NEWSASIA_DB = "data/newsasia.sqlite"
NEWSASIA_DB_BATCH_SIZE = 100  # articles per transaction
NEWSASIA_DB_COMMIT_SECONDS = 2.0  # and a commit at least this often: no batch holds the database
ITEM_PIPELINES = {"newsasia_spider.pipelines.StoragePipeline": 800}
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
ADDONS: dict[str, int] = {"newsasia_spider.vcr.VcrAddon": 100}
VCR_CASSETTE = None
VCR_RECORD_MODE = "none"  # replay only; the VCR_RECORD_MODE environment variable overrides it
# Our `scrapy crawl` exits 1 when a crawl closed for one of these (add-ons add their own).
COMMANDS_MODULE = "newsasia_spider.commands"
NEWSASIA_FAILURE_CLOSE_REASONS: list[str] = []

# --- security (reliability issue) -----------------------------------------------------------
# Scope/SSRF guard before every other downloader middleware, so redirects hit it too.
NEWSASIA_ALLOW_LOOPBACK = False  # only the local test site sets this
NEWSASIA_GUARD_MIDDLEWARES = {"newsasia_spider.guard.ScopeGuardMiddleware": 50}

# --- Scrapy defaults we pin ------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# Downloader middlewares of every section above, merged once here.
DOWNLOADER_MIDDLEWARES = {**NEWSASIA_GUARD_MIDDLEWARES}
