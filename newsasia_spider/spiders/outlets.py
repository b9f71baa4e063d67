"""The four outlets as data: where their news is listed and what an article address looks like.

Sources and patterns come from ../shared/outlets/NOTES.md; GUESS marks what no source backs.
"""

from __future__ import annotations

from newsasia_spider.spiders.base import OutletSpider


class NewsAsiaSpider(OutletSpider):
    name = "news-asia"
    domains = ("news-asia.ru",)
    home = "https://www.news-asia.ru"
    feeds = ("http://www.news-asia.ru/rss/all",)  # plain http, as public scrapers use it
    # The front page's news list; GUESS that it paginates like the tag pages (?pg=N).
    listings = ("/",)
    next_page = "{listing}?pg={page}"
    article_path = r"/view/\d+/\d+/?"


class RealistSpider(OutletSpider):
    # Domain unconfirmed (NOTES): realist.kg by default, NEWSASIA_REALIST_DOMAINS replaces it.
    name = "realist"
    domains = ("realist.kg",)
    domains_setting = "NEWSASIA_REALIST_DOMAINS"
    # WordPress defaults (GUESS): the feed, the core sitemap's post files, /page/N/.
    feeds = ("/feed/",)
    sitemaps = ("/wp-sitemap.xml",)
    follow_sitemaps = r"/wp-sitemap-posts-post-\d+\.xml$"
    listings = ("/",)
    next_page = "{listing}page/{page}/"
    # /yyyy/mm/dd/slug/ or /slug/ — not WordPress's own sections, archives and feeds.
    article_path = (
        r"/\d{4}/\d{2}/\d{2}/[^/]+/?"
        r"|/(?!(?:category|tag|page|author|feed|search|wp-[a-z-]+|comments)/)[^/.]+/?"
    )


class TassSpider(OutletSpider):
    name = "tass"
    domains = ("tass.ru",)
    feeds = ("/rss/v2.xml",)
    # The index lists news sitemaps sitemap_news0.xml (newest) .. sitemap_newsN.xml and others.
    sitemaps = ("/sitemap.xml",)
    follow_sitemaps = r"/sitemap/sitemap_news\d+\.xml$"
    # Rubric pages scroll by script: no listing to paginate.
    article_path = r"/[a-z][a-z-]*/\d{6,}"


class Kg24Spider(OutletSpider):
    name = "24kg"
    domains = ("24.kg", "24-kg.com")  # 24-kg.com serves the same articles since 2025
    feeds = ("/rss/",)
    listings = ("/vlast/", "/obschestvo/", "/biznes_info/")
    next_page = "{listing}page_{page}/"
    # /<section>/<id>_<slug>/ or the short /<section>/<id>/ (both appear in links).
    article_path = r"/[a-z_]+/\d+(?:_[^/]*)?/?"
