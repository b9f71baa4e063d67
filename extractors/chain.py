"""The extraction chain: the outlet's site extractor first, the trafilatura fallback after it."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from extractors import fallback
from extractors.article import Article
from extractors.decode import decode_page
from extractors.errors import ExtractionError, NotAnArticle, UnrecognisedLayout
from extractors.outlets import SiteExtractor, site_extractor_for
from extractors.record import Outlet

if TYPE_CHECKING:
    from extractors.explain import Trace

Force = Literal["site", "fallback"]

# A site extractor's body shorter than this (characters) is a miss; real briefs run ~250.
MIN_BODY_CHARS = 100
# A generic extraction shorter than this is a menu or a stub, not an article (one sentence).
MIN_FALLBACK_BODY_CHARS = 60
# HTML parsers slow down with the square of nesting depth (50,000 levels: seconds per parse);
# real pages nest a few dozen deep, so a page nested deeper than this is refused unparsed.
MAX_NESTING = 20_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def extract(
    html: bytes | str,
    url: str,
    *,
    force: Force | None = None,
    outlet: str | Outlet | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
    trace: Trace | None = None,
    search_dates: bool = True,
) -> Article:
    """Extract the lead article of a page.

    `force="fallback"` skips the site extractor, `force="site"` refuses the fallback.
    `outlet` (an outlet record, or a registered outlet's name) chooses the site extractor when
    the URL's host alone doesn't say (a mirror, a configured domain, an outlet not registered);
    `encoding` is the transport's charset hint (HTTP header). `trace` (an
    `extractors.explain.Trace`) records what was kept and removed, and why.
    `search_dates=False` spares the fallback its slow search of the text for a date, for
    callers that read only the text (crawl health's site-vs-fallback agreement).
    Raises ExtractionError (UnrecognisedLayout, NotAnArticle, Undecodable) and nothing else.
    """
    if force not in (None, "site", "fallback"):
        raise ValueError(f"force must be 'site', 'fallback' or None, not {force!r}")
    try:
        article = _extract(html, url, force, outlet, encoding, trace, search_dates)
    except ExtractionError:
        raise
    except Exception as exc:  # a bug or a pathological page must not escape as another type
        raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    if fetched_at is not None:
        article.fetched_at = fetched_at
    return article


def outlet_for_url(url: str) -> str:
    """The outlet name for a URL: a known outlet's name, else the bare host."""
    site = site_extractor_for(url)
    if site is not None:
        return site.outlet
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _extract(
    html: bytes | str,
    url: str,
    force: Force | None,
    outlet: str | Outlet | None,
    encoding: str | None,
    trace: Trace | None = None,
    search_dates: bool = True,
) -> Article:
    text, source = decode_page(html, encoding)  # source: the text, or its UTF-8 bytes
    if nesting_depth(text, source) > MAX_NESTING:
        raise NotAnArticle(f"elements nested over {MAX_NESTING} deep")
    site = site_extractor_for(url, outlet)
    if force == "fallback":
        reason = "forced fallback" if site else None
    elif site is None:
        if force == "site":
            raise UnrecognisedLayout(f"no site extractor for {urlsplit(url).hostname}")
        reason = None
    else:
        try:
            article = site.extract(source, url, trace)
        except UnrecognisedLayout as exc:
            if force == "site":
                raise
            reason = f"{site.outlet}: unrecognised layout ({exc})"
        else:
            problem = implausibility(article)
            if problem is None:
                return article
            if force == "site":
                raise UnrecognisedLayout(f"{site.outlet}: implausible article ({problem})")
            reason = f"{site.outlet}: implausible article ({problem})"
    article = fallback.extract(
        text, url, outlet=_outlet_name(site, url), trace=trace, search_dates=search_dates
    )
    if len(article.body.strip()) < MIN_FALLBACK_BODY_CHARS:
        raise NotAnArticle(f"only {len(article.body.strip())} characters of text on the page")
    article.fallback_reason = reason
    return article


def nesting_depth(html: str, source: bytes | str | None = None) -> int:
    """An upper bound of the page's element nesting (unclosed <p>/<li> count as open).
    `source`: the page as given to the parser, when it is the UTF-8 bytes of `html`."""
    if _tag_marks(source if isinstance(source, bytes) else html) <= MAX_NESTING:
        return 0  # can't nest deeper than it has tags: most pages stop here, unscanned
    depth = deepest = 0
    for closing, name in _TAG.findall(html):
        if closing:
            depth = max(depth - 1, 0)
        elif name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _tag_marks(page: str | bytes) -> int:
    """How many "<" a page holds. In bytes, what replace() drops: it finds them with memchr,
    half the instructions of count() (a "<" is one byte in UTF-8, never part of another
    character); in a str, count() is the cheaper."""
    if isinstance(page, bytes):
        return len(page) - len(page.replace(b"<", b""))
    return page.count("<")


def implausibility(article: Article) -> str | None:
    """Why a site extractor's article can't be right, or None when it looks plausible."""
    if not article.title.strip():
        return "no title"
    if len(article.body.strip()) < MIN_BODY_CHARS:
        return f"body of {len(article.body.strip())} characters"
    return None


def _outlet_name(site: SiteExtractor | None, url: str) -> str:
    return site.outlet if site is not None else outlet_for_url(url)
