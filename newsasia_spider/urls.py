"""One page, one address: the URL to fetch and the key to deduplicate by.

Outlets publish the same article under many addresses: upper- and lower-case percent-escapes,
tracking parameters, with and without `www.` or a trailing slash, an AMP copy, an alternate
domain, and forms the outlet's identity rule (extractors.record.Identity) makes one: a short
share form beside the long one with a slug, another host or section for the same article id.
`fetch_url` removes what never changes the page (the result is still an address to request);
`url_key` goes further, to one key per article, and is what every "have we seen it?" question
must use.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from extractors.outlets import outlet_for_host, outlet_named
from extractors.record import Outlet

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

_AMP_SUFFIX = re.compile(r"/amp/?$")
# A crawl asks about the same address several times within moments (found in a listing, queued,
# fetched, recorded); canonicalising costs about a millisecond, so recent answers are kept.
# (url_key isn't cached: its answer depends on the outlets registered.)
_RECENT_URLS = 1 << 14


@lru_cache(maxsize=_RECENT_URLS)
def fetch_url(url: str) -> str:
    """The address to request: canonical escapes and query order, no fragment, no tracking
    parameters, not the AMP copy. Scheme, host and slashes are kept, so it stays fetchable."""
    parts = urlsplit(url.strip())
    path = _AMP_SUFFIX.sub("/", parts.path)
    query = _without_tracking(parts.query)
    return canonicalize_url(urlunsplit((parts.scheme, parts.netloc, path, query, "")))


def url_key(url: str, outlet: str | Outlet | None = None) -> str:
    """The deduplication key of a page: equal for every address of the same article.

    On top of `fetch_url`: https, no `www.`, no trailing slash, and the outlet's rules: an
    alternate domain is its main one, and an article address is its identity (24kg: the id
    without the slug), on the main domain whichever host it is on. The outlet is the one
    whose domains hold the host, or `outlet` (a record or a registered name) for a host the
    URL alone doesn't name (a mirror or the local test site).
    """
    parts = urlsplit(fetch_url(url))
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    record = _outlet(outlet, host)
    if record is not None:
        own_host = record.covers(host)
        # The identity rule holds on its hosts, and on a host that isn't the outlet's own at all
        # (a mirror, the local test site) when the outlet is named.
        if record.identity.holds_on(host) or not own_host:
            key_path = record.identity.key_path(path)
            if own_host and key_path != path:
                host = record.main_domain  # an article's key, whichever host it is on
            path = key_path
        if host in (*record.domains, *record.former_domains):
            host = record.main_domain  # an alternate domain
    netloc = f"{host}:{parts.port}" if parts.port else host
    # A local server (tests) has no TLS: only public hosts are moved to https.
    scheme = parts.scheme if _is_local(host) else "https"
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def article_identity(canonical_url: str, outlet: str | None) -> str:
    """The archive's identity of an article: the key of its canonical address (`url_key`),
    shared by all its copies (ТАСС: one article on its main domain and its science subdomain)."""
    return url_key(canonical_url, outlet or None)


def preferred_address(outlet: str | None, *addresses: str) -> str:
    """The canonical address of an article its copies give several of: the outlet's rule
    (extractors.record.Outlet.preferred_address); for an outlet without a record, https first,
    then the alphabetically first."""
    record = _outlet(outlet or None, "")
    if record is not None:
        return record.preferred_address(*addresses)
    return min(addresses, key=lambda address: (not address.startswith("https:"), address))


def _outlet(outlet: str | Outlet | None, host: str) -> Outlet | None:
    if isinstance(outlet, Outlet):
        return outlet
    return (outlet_named(outlet) if outlet else None) or outlet_for_host(host)


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


@lru_cache(maxsize=1024)  # a crawl's few hosts; parsing an IP address was a tenth of url_key
def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False
