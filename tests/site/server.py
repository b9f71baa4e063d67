"""A local outlet-like web site on 127.0.0.1 and a random port, for crawl tests and benchmarks.

    with LocalSite("tass", articles=300) as site:
        run `scrapy crawl tass -s NEWSASIA_BASE_URL={site.base}`

Pages are made on request from templates (tests/site/templates) and an article number, so
thousands of articles cost nothing up front. The site keeps what a test needs to check and
to change: a log of every request it served, article revisions (new ETag, Last-Modified,
sitemap lastmod and text), new articles, a robots.txt, a 403 wall and 429 rate limiting, a
redesign (`renamed_classes`: every CSS class of the article pages renamed), and
broken answers chosen per path (`LocalSite.faults`, see tests/site/faults.py).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from tests.site.content import SiteArticle, make_article, origin_for
from tests.site.outlets import (
    OUTLET_SITES,
    RELATED_LINKS,
    OutletSite,
    rename_classes,
    sitemap_xml,
)

if TYPE_CHECKING:
    from tests.site.faults import Fault

SOURCES = frozenset({"feed", "sitemap", "listing"})
FORBIDDEN_PAGE = b"<html><body><h1>403 Forbidden</h1><p>Access denied.</p></body></html>"


@dataclass(frozen=True)
class Served:
    """One request the site answered."""

    path: str
    status: int
    article: int | None  # the article number, for article pages
    conditional: bool  # the request carried If-None-Match or If-Modified-Since
    at: float  # time.monotonic() when it was answered
    fault: str | None = None  # the kind of fault served instead of the page, if any
    agent: str = ""  # the User-Agent: tells crawl processes apart
    arrived: float = 0.0  # time.monotonic() when the request came in


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    article: int | None = None


class LocalSite:
    """One outlet's site. `sources` picks the discovery paths it offers (others answer 404)."""

    def __init__(
        self,
        outlet: str,
        *,
        articles: int = 40,
        per_page: int = 10,
        feed_size: int | None = 20,
        sources: frozenset[str] | set[str] = SOURCES,
        disallow: tuple[str, ...] = (),
        sitemap_size: int | None = None,
    ) -> None:
        self.outlet = outlet
        self.per_page = per_page
        self.feed_size = feed_size
        self.sources = frozenset(sources)
        self.disallow = disallow
        self.origin = origin_for(articles)
        self.total = articles
        self.revisions: Counter[int] = Counter()
        self.revised_at: dict[int, datetime] = {}
        self.requests: list[Served] = []
        self.forbidden = False
        self.throttled = 0
        self.retry_after = 1
        self.faults: dict[str, Fault] = {}  # path (without query) -> what to serve instead
        self.delay = 0.0  # seconds each answer takes (a slower site, for concurrency tests)
        self.active = 0  # requests being answered now
        self.max_active = 0  # the most requests answered at once
        # A redesign: article pages served with every CSS class renamed (outlets.rename_classes).
        self.renamed_classes = False
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.site = self  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.layout: OutletSite = OUTLET_SITES[outlet](self.base)
        if sitemap_size:
            self.layout.sitemap_size = sitemap_size
        self.thread: threading.Thread | None = None
        self._index()

    # -- life cycle ---------------------------------------------------------------------------
    def __enter__(self) -> Self:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what tests change --------------------------------------------------------------------
    def revise(self, number: int) -> None:
        """Edit an article now: new text, ETag, Last-Modified, dateModified, sitemap lastmod."""
        self.revisions[number] += 1
        self.revised_at[number] = datetime.now(UTC).replace(microsecond=0)

    def add_articles(self, count: int) -> list[int]:
        """Publish `count` new articles (the newest); returns their numbers."""
        with self.lock:
            first = self.total + 1
            self.total += count
            self._index()
        return list(range(first, self.total + 1))

    def throttle(self, count: int, retry_after: int = 1) -> None:
        """Answer the next `count` article requests with 429 and this Retry-After."""
        self.throttled, self.retry_after = count, retry_after

    # -- what tests read ----------------------------------------------------------------------
    def numbers(self) -> list[int]:
        return list(range(1, self.total + 1))

    def url(self, number: int) -> str:
        return self.layout.url(number)

    def path(self, number: int) -> str:
        return self.layout.article_paths(number)[0]

    def article_fetches(self) -> Counter[int]:
        """How many times each article was served in full (200, not a fault), by number."""
        return Counter(
            r.article for r in self.requests if r.article and r.status == 200 and not r.fault
        )

    def served(self, status: int) -> list[Served]:
        return [r for r in self.requests if r.status == status]

    # -- pages --------------------------------------------------------------------------------
    def _index(self) -> None:
        """Map every path the site serves to a page maker."""
        layout, numbers = self.layout, self.numbers()
        # A path maps to an article number, or to the function making its page.
        routes: dict[str, int | Callable[[], Page]] = {"/robots.txt": self._robots}
        for number in numbers:
            for path in layout.article_paths(number):
                routes[path] = number
        if "feed" in self.sources:
            routes[layout.feed_path] = self._feed
        if "sitemap" in self.sources and layout.sitemap_index_path():
            files = layout.sitemap_files(numbers)
            routes[layout.sitemap_index_path()] = partial(self._sitemap_index, files)
            for path, members in files.items():
                routes[path] = partial(self._sitemap, members)
        if "listing" in self.sources:
            for root in layout.listing_roots:
                members = layout.listing_members(root, numbers[::-1])
                size = self.per_page
                pages = [members[i : i + size] for i in range(0, len(members), size)]
                for page, chunk in enumerate(pages, start=1):
                    path = root if page == 1 else layout.listing_page_path(root, page)
                    routes[path] = partial(self._listing, root, page, chunk, len(pages))
        self.routes = routes

    def page(self, raw_path: str) -> Page:
        parts = urlsplit(raw_path)
        path_and_query = f"{parts.path}?{parts.query}" if parts.query else parts.path
        route = self.routes.get(path_and_query)
        if route is None and isinstance(self.routes.get(parts.path), int):
            route = self.routes[parts.path]  # tracking parameters don't change an article
        if route is None:
            return Page(404, b"<html><body>Not found</body></html>", "text/html")
        if isinstance(route, int):
            return self._article(route)
        return route()

    def article(self, number: int) -> SiteArticle:
        return make_article(number, self.origin)

    def _article(self, number: int) -> Page:
        article, revision, modified = (
            self.article(number),
            self.revisions[number],
            self._lastmod(number),
        )
        older = range(number - 1, max(0, number - 1 - RELATED_LINKS), -1)
        related = [self.article(n) for n in older]
        text = self.layout.render_article(article, revision, modified, related)
        if self.renamed_classes:
            text = rename_classes(text)
        headers = (
            ("ETag", f'"{self.outlet}-{number}-{revision}"'),
            ("Last-Modified", format_datetime(modified, usegmt=True)),
        )
        # Letters the page's charset lacks (Kyrgyz ө, ң, ү in windows-1251) become character
        # references, as a CMS writing that charset sends them.
        body = text.encode(self.layout.encoding, errors="xmlcharrefreplace")
        return Page(200, body, self.layout.html_content_type, headers, article=number)

    def _feed(self) -> Page:
        newest = islice(range(self.total, 0, -1), self.feed_size)
        text = self.layout.render_feed([self.article(n) for n in newest])
        content_type = f"application/rss+xml; charset={self.layout.charset}"
        return Page(200, text.encode(self.layout.encoding), content_type)

    def _lastmod(self, number: int) -> datetime:
        return self.revised_at.get(number) or self.article(number).published

    def _sitemap(self, members: list[int]) -> Page:
        entries = ((self.url(n), self._lastmod(n)) for n in members)
        return Page(200, sitemap_xml(entries).encode(), "application/xml")

    def _sitemap_index(self, files: dict[str, list[int]]) -> Page:
        entries = (
            (self.base + path, max(map(self._lastmod, members), default=None))
            for path, members in files.items()
        )
        return Page(200, sitemap_xml(entries, index=True).encode(), "application/xml")

    def _listing(self, root: str, page: int, chunk: list[int], last: int) -> Page:
        text = self.layout.render_listing(root, page, [self.article(n) for n in chunk], last)
        return Page(200, text.encode(self.layout.encoding), self.layout.html_content_type)

    def _robots(self) -> Page:
        rules = "".join(f"Disallow: {path}\n" for path in self.disallow)
        return Page(200, f"User-agent: *\n{rules}".encode(), "text/plain")

    # -- HTTP ---------------------------------------------------------------------------------
    def answer(self, raw_path: str, headers: dict[str, str]) -> Page:
        """The page for a request, after the site's faults and conditional-request rules."""
        if self.forbidden:
            return Page(403, FORBIDDEN_PAGE, "text/html")
        page = self.page(raw_path)
        if page.article is not None and self.throttled > 0:
            with self.lock:
                self.throttled -= 1
            retry = (("Retry-After", str(self.retry_after)),)
            return Page(429, b"Too Many Requests", "text/plain", retry, article=page.article)
        if page.status == 200 and _not_modified(page, headers):
            return Page(304, b"", page.content_type, page.headers, article=page.article)
        return page


def _not_modified(page: Page, request_headers: dict[str, str]) -> bool:
    response_headers = dict(page.headers)
    etag = response_headers.get("ETag")
    if_none_match = request_headers.get("if-none-match")
    if etag and if_none_match:
        return etag in (tag.strip() for tag in if_none_match.split(","))
    last_modified = response_headers.get("Last-Modified")
    if_modified_since = request_headers.get("if-modified-since")
    if last_modified and if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return parsedate_to_datetime(last_modified) <= since.astimezone(UTC)
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A crawl opens many connections at once: with the default backlog of 5 the kernel drops
    # connection attempts, which the client repeats a second later (a timeout, in a fast crawl).
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler hanging up (killed, timed out, over its size limit) is routine here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive and no Nagle delay (headers and body are two writes), as a real server: the
    # site must not be what limits a crawl.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        site: LocalSite = self.server.site  # type: ignore[attr-defined]
        self.arrived = time.monotonic()
        with site.lock:
            site.active += 1
            site.max_active = max(site.max_active, site.active)
        try:
            if site.delay:
                time.sleep(site.delay)
            self.answer(site)
        finally:
            with site.lock:
                site.active -= 1

    def answer(self, site: LocalSite) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        agent = headers.get("user-agent", "")
        conditional = "if-none-match" in headers or "if-modified-since" in headers
        fault = site.faults.get(urlsplit(self.path).path)
        if fault is not None and fault.due():
            page = site.page(self.path)
            at = time.monotonic()
            site.requests.append(
                Served(
                    self.path,
                    fault.status,
                    page.article,
                    conditional,
                    at,
                    fault.kind,
                    agent,
                    self.arrived,
                )
            )
            fault.serve(self, page)
            return
        page = site.answer(self.path, headers)
        at = time.monotonic()
        served = Served(
            self.path, page.status, page.article, conditional, at, agent=agent, arrived=self.arrived
        )
        site.requests.append(served)
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(page.body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the request log is `LocalSite.requests`
