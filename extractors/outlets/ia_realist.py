"""ИА «Реалист»: a Kyrgyz news agency on WordPress; domain unconfirmed, times in Bishkek.

Evidence (shared/outlets/NOTES.md §2): only the seed page's text. It shows a WordPress theme
(a "Recent Posts" widget with half-translated relative times, "11 часов ago"), a title, a
standfirst, and a text that opens with the agency's dateline "БИШКЕК (ИА Реалист).". The real
markup is unknown, so the outlet is read as WordPress writes any single-post page
(extractors/platforms/wordpress.py), found through WordPress' default feed, sitemap and pages.

Domain: the record's (NOTES §2's decision) until the real host is confirmed. Crawl another
host with the NEWSASIA_REALIST_DOMAINS setting, extract at one with
`OUTLET.with_domains([...]).site_extractor()`, or route any URL to the extractor with
`extractors.extract(html, url, outlet="realist")`.
"""

from __future__ import annotations

from extractors.dates import BISHKEK
from extractors.platforms.wordpress import WORDPRESS_POST_PATH, WORDPRESS_SOURCES, WordPressSite
from extractors.record import Outlet


class Realist(WordPressSite):
    """WordPress as it comes: nothing of this outlet's markup is known to differ (GUESS)."""


OUTLET = Outlet(
    name="realist",
    domains=("realist.kg",),  # GUESS: unconfirmed (NOTES §2); NEWSASIA_REALIST_DOMAINS replaces it
    domains_setting="NEWSASIA_REALIST_DOMAINS",
    timezone=BISHKEK,
    sources=WORDPRESS_SOURCES,
    article_path=WORDPRESS_POST_PATH,
    extractor=Realist,
)
