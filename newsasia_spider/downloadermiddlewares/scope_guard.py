"""Scope and SSRF guard: no request leaves the outlet, whatever link, redirect or feed led to it.

A downloader middleware, so it sees every request once more after each redirect hop. It refuses
non-HTTP schemes, hosts outside the spider's `allowed_domains` (regardless of `dont_filter`),
and IP literals in loopback, link-local, private or reserved ranges. Loopback is allowed only
when `NEWSASIA_ALLOW_LOOPBACK` is set (the local test site), and then only the spider's own site
address, port included: a redirect to another service on the same machine is offsite. Every
refusal is counted under `newsasia/refused/<reason>` and logged once per host.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import ParseResult, SplitResult, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from newsasia_spider import stat_keys

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class ScopeGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.allow_loopback = crawler.settings.getbool("NEWSASIA_ALLOW_LOOPBACK")
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = self.refusal(request)
        if reason is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(stat_keys.REFUSED + reason)
        host = urlparse_cached(request).hostname or request.url
        if host not in self.logged:
            self.logged.add(host)
            logger.warning(
                "Refused %s request to %s (from %s)",
                reason,
                request.url,
                request.headers.get("Referer", b"").decode("latin-1") or "start",
            )
        raise IgnoreRequest(f"refused {reason} request to {request.url}")

    def refusal(self, request: Request) -> str | None:
        """Why this request must not be sent, or None."""
        parsed = urlparse_cached(request)
        if parsed.scheme not in ALLOWED_SCHEMES:
            return "scheme"
        host = (parsed.hostname or "").rstrip(".").lower()
        if not host:
            return "no_host"
        address = _ip_literal(host)
        loopback = (
            host == "localhost"
            or host.endswith(".localhost")
            or (address is not None and address.is_loopback)
        )
        if loopback:
            if not self.allow_loopback:
                return "loopback"
            return None if self.is_own_site(parsed) else "offsite"
        if address is not None and not address.is_global:
            return "private_address"
        if not self.in_scope(host):
            return "offsite"
        return None

    def is_own_site(self, parsed: ParseResult) -> bool:
        """The address is the spider's site (`site`, its base URL), port included; a spider
        without one may fetch any loopback address."""
        site = getattr(self.crawler.spider, "site", None)
        if not site:
            return True
        own = urlsplit(site)
        return (parsed.hostname, _port(parsed)) == (own.hostname, _port(own))

    def in_scope(self, host: str) -> bool:
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        return not domains or any(host == d or host.endswith("." + d) for d in domains)


def _port(parts: ParseResult | SplitResult) -> int | None:
    return parts.port or DEFAULT_PORTS.get(parts.scheme)


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
