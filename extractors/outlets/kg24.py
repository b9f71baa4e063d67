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

Time zone: Bishkek (UTC+6; "Бишкекское время" in the header). The microdata date has no time
(and once a stray backslash: `content="2021-01-20\\"`): the time comes from the date line.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cached_property
from typing import ClassVar
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from extractors.article import Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import BISHKEK, parse_russian_date
from extractors.metadata import ld_names
from extractors.text import block_text, clean_text, credit_of, join_blocks, node_text

# The byline as every 24.kg page prints it: "10:14, 20 января 2021, Бишкек - 24.kg , Имя ФАМИЛИЯ".
_BYLINE = re.compile(
    r"\d{1,2}:\d{2},\s*\d{1,2}\s+[а-яё]+\s+\d{4}\s*,\s*Бишкек\s*[-–—]\s*[\w.-]+"
    r"(?:\s*,\s*(?P<authors>.+?))?\s*$",
    re.IGNORECASE,
)
_MAX_BYLINE_CHARS = 120
# Blocks of the related-links box and the link/counter line when they sit in the text itself.
_BOILERPLATE_BLOCK = re.compile(
    r"^(?:Читайте (?:по теме|также)\b|Ссылка:\s|просмотров:\s*\d|Версия для печати$)",
    re.IGNORECASE,
)
# The long address form, https://24.kg/<section>/<id>_<slug>/, beats the short /<id>/ one.
_LONG_ADDRESS = re.compile(r"/\d+_[^/]+/?$")
_TITLE_SUFFIX = re.compile(r"\s+».*$")  # "<title> » Власть » www.24.kg - КЫРГЫЗСТАН"
# The lead picture in microdata: an ImageObject's url (meta/link) or an <img>, or a bare address.
_LEAD_IMAGE = (
    "[itemprop=image] [itemprop=url], [itemprop=image] [itemprop=contentUrl], "
    "[itemprop=image] img, img[itemprop=image], meta[itemprop=image], link[itemprop=image]"
)
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
        "div.poTeme",
        ".social-links",
        ".social",
        "noindex",
        ".newsLink",
        ".newsPrintLink",
        ".hidden-print",
        "[data-ox-phs]",
        "ins",
    )
    date_css = ".newsDate"
    author_css = "[itemprop=author] [itemprop=name]"
    section_css = ".newsCat, [itemprop=articleSection]"
    listing_css = "#newslist, div.mainNewsinCat, h1.pageTitle, ul.pagination"

    # -- title --------------------------------------------------------------------------------
    def title(self) -> str:
        return (
            node_text(self.first(self.title_css))
            or node_text(self.first("[itemprop=headline]"))
            or clean_text(self.meta.first_meta("og:title"))
            or _TITLE_SUFFIX.sub("", node_text(self.first("title")))
        )

    # -- body and pictures --------------------------------------------------------------------
    def body_container(self) -> LexborNode | None:
        """The first selector that matches decides; of its matches, the longest text wins."""
        for selector in self.body_selectors:
            if candidates := self.tree.css(selector):
                return max(candidates, key=lambda node: len(node.text()))
        return None

    @cached_property
    def text_element(self) -> LexborNode | None:
        return self.body_node()

    @cached_property
    def body_and_credits(self) -> tuple[str, list[str]]:
        """The text, and the photo-credit paragraphs taken out of it ("Фото …" alone)."""
        if self.text_element is None:
            return "", []
        blocks = self.body_blocks(self.text_element) or [self.text_element]
        kept: list[str] = []
        credits: list[str] = []
        for text in map(block_text, blocks):
            if not text or _BOILERPLATE_BLOCK.match(text):
                continue
            credit = credit_of(text) if "\n" not in text else None
            if credit is not None:
                credits.append(credit)
            else:
                kept.append(text)
        return join_blocks(kept), credits

    def body(self) -> str:
        return self.body_and_credits[0]

    def images(self) -> list[Image]:
        """The lead picture (microdata, else og:image), then pictures in the text; credits
        found in the text go to the first picture."""
        lead = self.first(_LEAD_IMAGE)
        attrs = lead.attributes if lead is not None else {}
        lead_url = attrs.get("content") or attrs.get("src") or attrs.get("href")
        lead_url = lead_url or self.meta.first_meta("og:image")
        imgs = self.text_element.css("img") if self.text_element is not None else []
        return self.images_from(lead_url, imgs, self.body_and_credits[1])

    # -- byline: date and author ---------------------------------------------------------------
    @cached_property
    def byline(self) -> re.Match[str] | None:
        """The date line ("10:14, 20 января 2021, Бишкек - 24.kg , Имя ФАМИЛИЯ"): the
        desktop `.newsDate` (the mobile copy repeats it), else any short element by pattern."""
        dated = self.first(self.date_css)
        if dated is not None:
            candidates = [dated]
        else:
            title = self.first(self.title_css)
            scope = title.parent if title is not None else self.tree.body
            candidates = scope.css("*") if scope is not None else []
        for node in candidates:
            text = node_text(node)
            if len(text) <= _MAX_BYLINE_CHARS and (match := _BYLINE.search(text)):
                return match
        return None

    def visible_date(self) -> datetime | None:
        if self.byline is not None:
            return parse_russian_date(self.byline.group(), self.site.tz)
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


class Kg24(SiteExtractor):
    outlet = "24kg"
    domains = ("24.kg", "24-kg.com")
    tz = BISHKEK
    layouts = (Yii2021,)
    # The home page, section pages and their pagination ("/vlast/", "/vlast/page_2/").
    listing_url = re.compile(
        r"^https?://[^/?#]+(?:/(?:[a-z_]+/?)?(?:page_\d+/?)?)?(?:[?#].*)?$", re.IGNORECASE
    )
