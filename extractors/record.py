"""An outlet written once: the record its spider and its site extractor are made from.

    OUTLET = Outlet(
        name="kaktus",
        domains=("kaktus.example",),
        timezone=BISHKEK,
        sources=Sources(feeds=("/rss/",), listings=("/news/",), next_page="{listing}?p={page}"),
        article_path=r"/doc/\\d+\\.html",
        identity=Identity(r"/doc/(\\d+)\\.html"),
        extractor=Kaktus,
    )

Each module of `extractors.outlets` declares its record as `OUTLET` (fundus's `Publisher` is the
model). `extractors.outlets.OUTLETS` collects them; the site extractor registry and, in
`newsasia_spider`, one spider per outlet are generated from them, so an outlet's domains, time
zone and sources are written in this one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Sources:
    """Where an outlet lists its news. Addresses are absolute, or paths on the outlet's home."""

    feeds: tuple[str, ...] = ()  # RSS or Atom
    sitemaps: tuple[str, ...] = ()  # sitemaps or sitemap indexes
    follow_sitemaps: str = ""  # regex a sub-sitemap's path must match to be read ("" = all)
    listings: tuple[str, ...] = ()  # first pages of section listings, newest first
    # The pagination rule: page N of a listing from its first page, e.g. "{listing}?pg={page}".
    next_page: str = ""


@dataclass(frozen=True)
class Identity:
    """Which part of an article's address names the article.

    `pattern` is matched against the whole path (trailing slash removed); the text of its groups,
    joined, is the path of the article's key. Addresses whose keys agree are one article, on
    whichever of `hosts` they are (empty: any of the outlet's hosts). Without a pattern, or
    when it doesn't match, the path itself is the key's path.
    """

    pattern: str = ""
    hosts: tuple[str, ...] = ()

    @cached_property
    def _compiled(self) -> re.Pattern[str] | None:
        return re.compile(self.pattern) if self.pattern else None

    def holds_on(self, host: str) -> bool:
        return not self.hosts or host in self.hosts

    def key_path(self, path: str) -> str:
        match = self._compiled.fullmatch(path) if self._compiled else None
        if match is None:
            return path
        return "/" + "".join(part for part in match.groups() if part).lstrip("/")


@dataclass(frozen=True)
class Outlet:
    """One outlet: its name, hosts, time zone, news sources, article addresses and extractor."""

    name: str  # the spider's name and the archive's `outlet` column
    domains: tuple[str, ...]  # the main domain first, then alternates; subdomains are included
    timezone: tzinfo  # the zone the outlet's pages give their times in
    sources: Sources
    article_path: str  # regex an article page's path matches in full
    # The outlet's SiteExtractor subclass (extractors.base): its markup layouts, newest first.
    extractor: type[Any]
    identity: Identity = field(default_factory=Identity)
    home: str = ""  # the site root, when it isn't https:// + the main domain
    # Hosts the outlet no longer serves from: their old pages are its articles, not crawled.
    former_domains: tuple[str, ...] = ()
    # A Scrapy setting whose value, when given, replaces `domains` (an unconfirmed domain).
    domains_setting: str | None = None
    language: str = "ru"  # the pages' language when they don't say

    @property
    def main_domain(self) -> str:
        return self.domains[0]

    @property
    def home_url(self) -> str:
        return (self.home or f"https://{self.main_domain}").rstrip("/")

    def covers(self, host: str) -> bool:
        """Whether a host is one of the outlet's domains (former ones too) or a subdomain."""
        host = host.lower().rstrip(".")
        domains = (*self.domains, *self.former_domains)
        return any(host == domain or host.endswith("." + domain) for domain in domains)

    def with_domains(self, domains: tuple[str, ...] | list[str]) -> Outlet:
        """The same outlet at other hosts (`www.` dropped): a deployment's own domain."""
        hosts = tuple(domain.lower().removeprefix("www.") for domain in domains)
        return replace(self, domains=hosts)

    def preferred_address(self, *addresses: str) -> str:
        """Which of an article's addresses is its canonical one, when copies of one article
        (one identity: `Identity`) give different addresses: the one on the identity's first
        host (or the outlet's main domain), then its other hosts in their order, then any other
        host; https before http; between equals, the alphabetically first. The choice depends
        on the addresses alone, never on which copy was fetched first (ТАСС: the main domain's
        address over the science subdomain's)."""
        hosts = self.identity.hosts or (*self.domains, *self.former_domains)

        def rank(address: str) -> tuple[int, bool, str]:
            parts = urlsplit(address)
            host = (parts.hostname or "").removeprefix("www.")
            place = hosts.index(host) if host in hosts else len(hosts)
            return (place, parts.scheme != "https", address)

        return min(addresses, key=rank)

    def site_extractor(self) -> Any:
        """A new instance of the outlet's site extractor, reading this record."""
        return self.extractor(self)
