"""Links and their dates out of RSS/Atom feeds and sitemaps: pure functions, bytes in.

Feeds come from servers we don't control, so they are parsed with defusedxml (no DTDs, no
entity expansion); sitemaps with Scrapy's own `Sitemap` reader (lxml, entities not resolved),
after refusing any that declares entities (which lxml would leave unexpanded: an empty sitemap).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from scrapy.utils.sitemap import Sitemap

ATOM = "{http://www.w3.org/2005/Atom}"
FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
CLOSING_TAG = re.compile(rb"</(?:[\w.-]+:)?(?:urlset|sitemapindex)>\s*$")


class UnreadableSource(ValueError):
    """A feed or sitemap that isn't well-formed (or is hostile) XML. `kind` names the fault
    for the crawl stats (newsasia/fault/<kind>)."""

    def __init__(self, message: str, kind: str = "malformed_xml") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Link:
    """A page address a source lists, and when the source says it last changed (if it does)."""

    url: str
    lastmod: datetime | None = None


def feed_links(body: bytes) -> list[Link]:
    """The items of an RSS 2.0 or Atom feed: link and date (Atom updated, else published)."""
    try:
        root = fromstring(body)
    except DefusedXmlException as exc:
        raise UnreadableSource(f"a feed declaring entities: {exc}", "xml_entities") from exc
    except (ParseError, ValueError) as exc:
        raise UnreadableSource(f"not a readable feed: {exc}") from exc
    return list(_rss_items(root)) + list(_atom_entries(root))


def _rss_items(root: Element) -> Iterator[Link]:
    for item in root.iter("item"):
        url = (item.findtext("link") or "").strip()
        if not url:
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") == "true":
                url = (guid.text or "").strip()
        if url:
            yield Link(url, parse_date(item.findtext("pubDate")))


def _atom_entries(root: Element) -> Iterator[Link]:
    for entry in root.iter(f"{ATOM}entry"):
        links = entry.findall(f"{ATOM}link")
        url = next(
            (link.get("href", "") for link in links if link.get("rel", "alternate") == "alternate"),
            "",
        ).strip()
        if url:
            date = entry.findtext(f"{ATOM}updated") or entry.findtext(f"{ATOM}published")
            yield Link(url, parse_date(date))


@dataclass(frozen=True)
class SitemapLinks:
    """A sitemap's entries: sub-sitemaps for an index, pages for a urlset."""

    is_index: bool
    links: list[Link]
    complete: bool = True  # False: the XML breaks off, and links are those before the break


def sitemap_links(body: bytes) -> SitemapLinks:
    """Entries of a sitemap or sitemap index with their `lastmod`; raises UnreadableSource."""
    if _declares_entities(body):
        raise UnreadableSource("a sitemap declaring entities", "xml_entities")
    try:
        sitemap = Sitemap(body)
    except (StopIteration, SyntaxError, ValueError) as exc:  # empty or not XML at all
        raise UnreadableSource(f"not a readable sitemap: {exc}") from exc
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise UnreadableSource(f"not a sitemap: root element <{sitemap.type}>", "not_a_sitemap")
    links = [Link(entry["loc"], parse_date(entry.get("lastmod"))) for entry in sitemap]
    # lxml recovers what precedes a break: keep it, but say the sitemap wasn't read to its end.
    complete = CLOSING_TAG.search(body[-200:]) is not None
    return SitemapLinks(sitemap.type == "sitemapindex", links, complete)


def _declares_entities(body: bytes) -> bool:
    """An <!ENTITY> before the root element: no sitemap needs one, entity bombs do."""
    root = FIRST_ELEMENT.search(body)
    return b"<!ENTITY" in body[: root.start() if root else len(body)]


def parse_date(text: str | None) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date as an aware UTC datetime, or None.

    A date without a time zone is read as UTC, and a bare date as its midnight.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
