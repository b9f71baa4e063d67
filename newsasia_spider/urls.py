"""One page, one address: the URL to fetch and the key to deduplicate by.

Outlets publish the same article under many addresses: upper- and lower-case percent-escapes,
tracking parameters, with and without `www.` or a trailing slash, an AMP copy, and on 24.kg a
short `/<section>/<id>/` share form beside the long `/<section>/<id>_<slug>/` one, served from
both 24.kg and 24-kg.com. `fetch_url` removes what never changes the page (the result is still
an address to request); `url_key` goes further, to one key per article, and is what every
"have we seen it?" question must use.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only say who sent the reader (analytics, ad clicks, newsletters).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "yclid",
        "ysclid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_openstat",
        "_ga",
        "amp",  # ?amp=1: the AMP copy of the same article
    }
)
TRACKING_PREFIXES = ("utm_",)

# Another host name for the same site: the key uses the right-hand side.
HOST_ALIASES = {"24-kg.com": "24.kg"}

# 24.kg article paths: /<section>/<id>_<slug> and /<section>/<id> are one article.
_KG24_ARTICLE = re.compile(r"^(/[a-z_]+/\d+)_[^/]*$")
_KG24_OUTLET = "24kg"
_AMP_SUFFIX = re.compile(r"/amp/?$")
# A crawl asks about the same address several times within moments (found in a listing, queued,
# fetched, recorded); canonicalising costs about a millisecond, so recent answers are kept.
_RECENT_URLS = 1 << 14


@lru_cache(maxsize=_RECENT_URLS)
def fetch_url(url: str) -> str:
    """The address to request: canonical escapes and query order, no fragment, no tracking
    parameters, not the AMP copy. Scheme, host and slashes are kept, so it stays fetchable."""
    parts = urlsplit(url.strip())
    path = _AMP_SUFFIX.sub("/", parts.path)
    query = _without_tracking(parts.query)
    return canonicalize_url(urlunsplit((parts.scheme, parts.netloc, path, query, "")))


@lru_cache(maxsize=_RECENT_URLS)
def url_key(url: str, outlet: str | None = None) -> str:
    """The deduplication key of a page: equal for every address of the same article.

    On top of `fetch_url`: https, no `www.`, host aliases resolved, no trailing slash, and the
    outlet's article-id rule (24.kg: the id without the slug). `outlet` applies that rule to a
    host the URL alone doesn't name (a mirror or the local test site).
    """
    parts = urlsplit(fetch_url(url))
    host = (parts.hostname or "").removeprefix("www.")
    host = HOST_ALIASES.get(host, host)
    netloc = f"{host}:{parts.port}" if parts.port else host
    # A local server (tests) has no TLS: only public hosts are moved to https.
    scheme = parts.scheme if _is_local(host) else "https"
    path = parts.path.rstrip("/") or "/"
    if outlet == _KG24_OUTLET or host == "24.kg":
        path = _KG24_ARTICLE.sub(r"\1", path)
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def _without_tracking(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [
        (name, value)
        for name, value in pairs
        if name.lower() not in TRACKING_PARAMS and not name.lower().startswith(TRACKING_PREFIXES)
    ]
    return query if len(kept) == len(pairs) else urlencode(kept)


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False
