"""24.kg (also served as 24-kg.com): a Kyrgyz news agency; UTF-8 Yii2 pages, schema.org microdata.

Evidence (shared/outlets/NOTES.md §4): the 2021 article markup, transcribed from saved pages —
`[itemscope][itemtype=…/NewsArticle][itemid=<long address>]` holding `div.newsCat` (section),
the date line twice (`.newsDate.hidden-xs` for desktop, `.newsDate.hidden-sm…` for mobile),
`h1.newsTitle`, `span[itemprop=image]`, and the text `div.cont[itemprop=articleBody]` with the
"Читайте по теме" box `div.poTeme` inside it; after it "Ссылка: <short address> просмотров: N",
"Версия для печати", "Материалы по теме"; "Популярные новости", currencies, weather around.
Later pages are known only as text; they show the same byline line ("11:35, 10 января 2022,
Бишкек - 24.kg , Жазгуль МАСАЛИЕВА"), so the text element is found by the microdata or, without
it, as the `div.cont` after `h1.newsTitle`, and the byline is read by its pattern as a last resort.
AMP copies (`…/amp`, markup unknown) are read from that byline on (layout `amp`).

Inside the text, the shared furniture classifier tells the text from "Читайте …" labels and
the link-only paragraphs after them, "Фото …" credit paragraphs, a short line beside or (in
italics) under a picture (its caption) and the lists after the story; embedded posts (tweets,
Telegram, Instagram) and the "Читайте по теме" box are dropped by their markup.

Time zone: Bishkek (UTC+6; "Бишкекское время" in the header). The microdata date has no time
(and once a stray backslash: `content="2021-01-20\\"`): the time comes from the date line.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import cache, cached_property
from typing import ClassVar
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import BISHKEK, parse_russian_date
from extractors.errors import UnrecognisedLayout
from extractors.metadata import ld_names
from extractors.reading import EMBEDDED_POSTS, Block, read_blocks
from extractors.record import Identity, Outlet, Sources
from extractors.text import block_text, clean_text, most_text, node_text

# The byline as every 24.kg page prints it: "10:14, 20 января 2021, Бишкек - 24.kg , Имя ФАМИЛИЯ"
# (also another town, several authors, and — GUESS — English or Kyrgyz month names).
_BYLINE = re.compile(
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2}),\s*(?P<day>\d{1,2})[\s-]+(?P<month>[^\W\d_]+)\.?,?"
    r"\s+(?P<year>\d{4})\s*,\s*[^\W\d_][^,\d]{0,40}?\s*[-–—]\s*[\w.-]+"
    r"(?:\s*,\s*(?P<authors>.+?))?\s*$",
    re.IGNORECASE,
)
_MAX_BYLINE_CHARS = 200
_MAX_BYLINE_DEPTH = 3  # elements the byline's parts may be split over (spans in a div)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_BYLINE_START = re.compile(r"\d{1,2}:\d{2},\s*\d{1,2}[\s-]+[^\W\d_]+\.?,?\s+\d{4}\s*,")
# Months by their first three letters: Russian (genitive or not), Kyrgyz, English.
_MONTHS = {
    prefix: number
    for number, prefixes in enumerate(
        [
            ("янв", "jan"),
            ("фев", "feb"),
            ("мар", "mar"),
            ("апр", "apr"),
            ("май", "мая", "may"),
            ("июн", "jun"),
            ("июл", "jul"),
            ("авг", "aug"),
            ("сен", "sep"),
            ("окт", "oct"),
            ("ноя", "nov"),
            ("дек", "dec"),
        ],
        start=1,
    )
    for prefix in prefixes
}
# The long address form, https://24.kg/<section>/<id>_<slug>/, beats the short /<id>/ one.
_LONG_ADDRESS = re.compile(r"/\d+_[^/]+/?$")
_TITLE_SUFFIX = re.compile(r"\s+».*$")  # "<title> » Власть » www.24.kg - КЫРГЫЗСТАН"
# The lead picture in microdata: an ImageObject's url (meta/link) or an <img>, or a bare address.
_LEAD_IMAGE = (
    "[itemprop=image] [itemprop=url], [itemprop=image] [itemprop=contentUrl], "
    "[itemprop=image] img, img[itemprop=image], meta[itemprop=image], link[itemprop=image]"
)
_PICTURES = "img, amp-img"  # AMP pages (GUESS) show pictures as <amp-img>
# Sections in another language than Russian.
_SECTION_LANGUAGES = {"kyrgyzcha": "ky", "english": "en"}


class Yii2021(Layout):
    """The layout of the saved 2021 pages; microdata optional, as later pages may drop it."""

    name = "yii2021"
    # The text element, surest first; without microdata, a div.cont on a page with a newsTitle.
    body_selectors: ClassVar[tuple[str, ...]] = (
        "div.cont[itemprop=articleBody]",
        "[itemtype$=NewsArticle] [itemprop=articleBody]",
        "h1.newsTitle ~ div.cont",
        "body:has(h1.newsTitle) div.cont",
    )
    anchor = ", ".join(body_selectors)
    title_css = "h1.newsTitle"
    body_css = anchor
    drop_css = (
        ".poTeme",
        ".social-links",
        ".social",
        "noindex",
        ".newsLink",
        ".newsPrintLink",
        ".hidden-print",
        "[data-ox-phs]",
        "ins",
        EMBEDDED_POSTS,
    )
    date_css = ".newsDate"
    author_css = "[itemprop=author] [itemprop=name]"
    section_css = ".newsCat, [itemprop=articleSection]"
    listing_css = "#newslist, div.mainNewsinCat, h1.pageTitle, ul.pagination"

    @classmethod
    def matches(cls, tree: LexborHTMLParser) -> bool:
        """The anchor's selectors one at a time, cheapest first (whether any matches is all
        that counts here): the list at once tests all four (one of them with :has()) at every
        element up to the text, and a page without microdata walks whole for an attribute test
        on every element (~0.4 M instructions) before the plain selector finds the text."""
        return any(tree.css_first(css) is not None for css in _cheapest_first(cls.body_selectors))

    # -- title --------------------------------------------------------------------------------
    def title(self) -> str:
        return (
            node_text(self.first(self.title_css))
            or node_text(self.first("[itemprop=headline]"))
            or clean_text(self.meta.article_ld.get("headline"))
            or clean_text(self.meta.first_meta("og:title"))
            or _TITLE_SUFFIX.sub("", node_text(self.first("title")))
        )

    # -- body and pictures --------------------------------------------------------------------
    def body_container(self) -> LexborNode | None:
        """The first selector that matches decides; of its matches, the longest text wins."""
        for selector in self.body_selectors:
            if candidates := self.tree.css(selector):
                return most_text(candidates)
        return None

    def text_blocks(self) -> list[Block]:
        """The text element's blocks (paragraphs, lists, quotes, subheadings, bare text)."""
        if self.text_element is None:
            return []
        return read_blocks(self.text_element, self.is_furniture_wrapper).blocks

    @cached_property
    def in_text_pictures(self) -> list[LexborNode]:
        return self.text_element.css(_PICTURES) if self.text_element is not None else []

    def text_pictures(self) -> list[LexborNode]:
        return self.in_text_pictures

    def images(self) -> list[Image]:
        """The lead picture (microdata, JSON-LD, og:image), then pictures in the text; credits
        found in the text go to the first picture, captions to their own."""
        # Every selector of the lead picture names an itemprop=image element: a page without
        # one is not walked again for all six.
        has_lead = self.first("[itemprop=image]") is not None
        lead = self.first(_LEAD_IMAGE) if has_lead else None
        attrs = lead.attributes if lead is not None else {}
        lead_url = attrs.get("content") or attrs.get("src") or attrs.get("href")
        lead_url = lead_url or _ld_image(self.meta.article_ld.get("image"))
        lead_url = lead_url or self.meta.first_meta("og:image")
        return self.images_from(lead_url, self.text_pictures(), self.text.credits)

    # -- byline: date and author ---------------------------------------------------------------
    @cached_property
    def byline_found(self) -> tuple[LexborNode, re.Match[str]] | None:
        """The date line ("10:14, 20 января 2021, Бишкек - 24.kg , Имя ФАМИЛИЯ") and its
        element: the desktop `.newsDate` (the mobile copy repeats it), else the smallest
        element around a time of day that reads as the byline."""
        dated = self.first(self.date_css)
        if dated is not None:
            text = node_text(dated)
            match = _BYLINE.search(text) if len(text) <= _MAX_BYLINE_CHARS else None
            return (dated, match) if match else None
        body = self.tree.body
        if body is None or not _BYLINE_START.search(body.text()):
            return None  # most pages without a date line: no walk over every text node
        for text_node in body.traverse(include_text=True):
            if text_node.tag != "-text" or not _TIME.search(text_node.text_content or ""):
                continue
            node = text_node.parent
            for _ in range(_MAX_BYLINE_DEPTH):
                text = node_text(node) if node is not None else ""
                if not text or len(text) > _MAX_BYLINE_CHARS:
                    break
                if match := _BYLINE.search(text):
                    return node, match
                node = node.parent
        return None

    @property
    def byline(self) -> re.Match[str] | None:
        return self.byline_found[1] if self.byline_found is not None else None

    def visible_date(self) -> datetime | date | None:
        if self.byline is not None:
            return _byline_date(self.byline, self.site.tz) or parse_russian_date(
                self.byline.group(), self.site.tz
            )
        return parse_russian_date(node_text(self.first(self.date_css)), self.site.tz)

    def authors(self) -> list[str]:
        names = self.texts(self.author_css)
        if not names and self.byline is not None and self.byline["authors"]:
            names = [clean_text(name) for name in self.byline["authors"].split(",")]
            names = [name for name in names if name]
        if not names:
            names = ld_names(self.meta.article_ld.get("author"))
        return names

    # -- addresses and language ----------------------------------------------------------------
    def canonical_url(self) -> str:
        """The long address when the page gives it (canonical link, microdata itemid,
        og:url); the short one (`#article-link`, share links) is only a fallback."""
        article = self.first("[itemscope][itemid]")
        candidates = [
            self.meta.canonical,
            article.attributes.get("itemid") if article is not None else None,
            self.meta.first_meta("og:url"),
        ]
        addresses = [self.absolute(c) for c in candidates if c and c.strip()]
        long_form = next((a for a in addresses if _LONG_ADDRESS.search(a)), None)
        return long_form or next(iter(addresses), self.url)

    def language(self) -> str | None:
        """The Kyrgyz and English sections share the Russian template: the address decides."""
        section = urlsplit(self.url).path.strip("/").split("/")[0]
        return _SECTION_LANGUAGES.get(section) or super().language()


class Amp(Yii2021):
    """The AMP copy of an article (`…/amp`). Its markup is unknown (GUESS); the page text shows
    the byline line first, then the text (NOTES §4(b)). So the byline is found by its pattern
    and the text is the paragraphs after it, in the nearest element that holds paragraphs."""

    name = "amp"
    anchor = "html[amp]"  # also <html ⚡>, which CSS cannot name: Kg24.layout_for checks it
    title_css = "h1"
    date_css = None
    drop_css = (
        *Yii2021.drop_css,
        "footer",
        "aside",
        "nav",
        "amp-sidebar",
        "amp-social-share",
        "amp-ad",
        "amp-embed",
        "[class*=related]",
        "[class*=share]",
        ".lineNews",
        ".blockNews",
    )

    def body_container(self) -> LexborNode | None:
        if self.byline_found is None:
            raise UnrecognisedLayout("24kg: an AMP page without the byline line")
        node = self.byline_found[0].parent
        while node is not None and len(node.css("p")) < 2 and node.tag != "body":
            node = node.parent
        return node

    @cached_property
    def after_byline(self) -> tuple[list[LexborNode], list[LexborNode]]:
        """The text blocks and pictures after the byline (title, byline and the site's logo
        before it are not the story's)."""
        if self.text_element is None or self.byline_found is None:
            return [], []
        byline_id = self.byline_found[0].mem_id
        blocks = self.body_blocks(self.text_element)
        block_ids = {block.mem_id for block in blocks}
        after: set[int] = set()
        pictures: list[LexborNode] = []
        seen = False
        for node in self.text_element.traverse():
            if node.mem_id == byline_id:
                seen = True
            elif seen and node.mem_id in block_ids:
                after.add(node.mem_id)
            elif seen and node.tag in ("img", "amp-img"):
                pictures.append(node)
        return [block for block in blocks if block.mem_id in after], pictures

    def text_blocks(self) -> list[Block]:
        return [Block(block_text(node), node) for node in self.after_byline[0]]

    def text_pictures(self) -> list[LexborNode]:
        return self.after_byline[1]


def _byline_date(byline: re.Match[str], tz: tzinfo) -> datetime | None:
    month = _MONTHS.get(byline["month"][:3].lower())
    if month is None:
        return None
    try:
        return datetime(
            int(byline["year"]),
            month,
            int(byline["day"]),
            int(byline["hour"]),
            int(byline["minute"]),
            tzinfo=tz,
        )
    except ValueError:
        return None


@cache
def _cheapest_first(selectors: tuple[str, ...]) -> list[str]:
    """Selectors by what lexbor pays to test one element: tags and classes, then attributes,
    then :has() (which looks through a subtree)."""
    return sorted(selectors, key=lambda css: (":has(" in css, "[" in css))


def _ld_image(value: object) -> str | None:
    """A JSON-LD image: an address, an ImageObject, or a list of either (the first)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) and value.strip() else None


def _is_amp(tree: LexborHTMLParser) -> bool:
    html = tree.css_first("html")
    return html is not None and ("amp" in html.attributes or "⚡" in html.attributes)


class Kg24(SiteExtractor):
    layouts = (Yii2021, Amp)
    # The home page, section pages and their pagination ("/vlast/", "/vlast/page_2/").
    listing_url = re.compile(
        r"^https?://[^/?#]+(?:/(?:[a-z_]+/?)?(?:page_\d+/?)?)?(?:[?#].*)?$", re.IGNORECASE
    )

    def layout_for(self, tree: LexborHTMLParser) -> type[Layout] | None:
        layout = super().layout_for(tree)
        return Amp if layout is None and _is_amp(tree) else layout


OUTLET = Outlet(
    name="24kg",
    domains=("24.kg", "24-kg.com"),  # 24-kg.com serves the same articles since 2025
    timezone=BISHKEK,
    sources=Sources(
        feeds=("/rss/",),
        listings=("/vlast/", "/obschestvo/", "/biznes_info/"),
        next_page="{listing}page_{page}/",
    ),
    # /<section>/<id>_<slug>/ or the short /<section>/<id>/ (both appear in links) ...
    article_path=r"/[a-z_]+/\d+(?:_[^/]*)?/?",
    # ... are one article: /<section>/<id>.
    identity=Identity(r"(/[a-z_]+/\d+)(?:_[^/]*)?"),
    extractor=Kg24,
)
