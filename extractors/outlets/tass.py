"""ТАСС (tass.ru): Russia's state news agency; UTF-8 pages, three layouts over the years.

Evidence (shared/outlets/NOTES.md §3), newest layout first:
- 2022–now, Next.js: CSS-module classes carry build hashes that change between deployments
  (`NewsHeader_lead__6Z9If`, later `NewsHeader_lead__XcM1k`), so every selector matches a
  class *prefix*. Paragraphs `Paragraph_paragraph…` inside `<article>`, embedded
  `ExternalBlock…` boxes ("Читайте также") to drop, rubric `materialMarks_mark…`, tags
  `Tags_tag…`, main image `ImageSSR_image…`; the machine date is the JSON-LD `datePublished`.
- ~2019–2022, BEM: `h1.news-header__title`, `div.news-header__lead`, `div.text-content` made of
  `div.text-block`s, `<dateformat mode="abs" time="…">`, tags `a.tags__item`, `.news-media`.
- 2014–2018, "b-material": `h1.b-material__title`, `div.b-material-text__l`,
  `span.b-material__date`, link boxes `div.b-links`.

Text conventions: the dateline ("БИШКЕК, 26 ноября. /ТАСС/.") opens the first paragraph and is
article text. "Редакция сайта ТАСС" (the desk's byline) is not an author, and photo credits
("© Александр Казаков/ ТАСС") belong to the picture, never to the text. Times are Moscow's.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Article, Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import MOSCOW, parse_russian_date
from extractors.errors import NotAnArticle, UnrecognisedLayout
from extractors.metadata import ld_names
from extractors.text import clean_text, node_text

# Lines that are page furniture even when they sit inside the text column.
_FURNITURE = re.compile(
    r"^(?:Редакция сайта ТАСС|Читайте (?:также|по теме)\b.{0,200}|©.{0,150})$", re.IGNORECASE
)
# Bylines that name the agency or its desk rather than a person.
_NOT_A_PERSON = re.compile(r"^(?:Редакция сайта ТАСС|(?:ИТАР-)?ТАСС)$", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[-|—–]\s+ТАСС$")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}$")
# Special projects (spec.tass.ru, /spec/…) and the press centre (/press/…) use other templates.
_OTHER_TEMPLATES = re.compile(r"^/(?:spec|press)(?:/|$)")
# What an error or bot-challenge page says instead of the news (TASS answers 403 to some bots).
_REFUSAL_TITLE = re.compile(
    r"^\s*(?:40[13]\b|429\b|50[0234]\b|access denied|forbidden|доступ (?:запрещ|ограничен)|"
    r"just a moment|checking your browser|ddos-guard|проверка браузера)",
    re.IGNORECASE,
)
_MAX_REFUSAL_TITLE = 60  # "403 Forbidden", "Just a moment...": never a headline's length
_CHALLENGE_CSS = "#challenge-form, #cf-wrapper, form[action*='challenge'], script[src*='challenge']"
# Boxes that link to other stories: their pictures are not this story's.
_CARDS = "[class*='ExternalBlock'], [class*='include'], div.b-links, a[class*='ard']"
_CAPTIONS = "figcaption, [class*='aption']"
_CREDITS = "[class*='opyright'], [class*='redit']"
_LABELS = f"{_CAPTIONS}, {_CREDITS}"


class TassLayout(Layout):
    """What every TASS layout shares: furniture lines, people-only bylines, photo credits."""

    image_css = "img"  # the article's pictures, main one first
    drop_css = ("[class*='ExternalBlock']", "[class*='include']", "div.b-links")

    # -- text ---------------------------------------------------------------------------------
    def title(self) -> str:
        return _TITLE_SUFFIX.sub("", super().title())

    def body_blocks(self, container: LexborNode) -> list[LexborNode]:
        """Text blocks outside pictures: a caption is the picture's, not the story's."""
        in_figures = {node.mem_id for figure in container.css("figure") for node in figure.css("*")}
        return [node for node in super().body_blocks(container) if node.mem_id not in in_figures]

    def keep_block(self, block: str) -> str:
        return "" if _FURNITURE.match(block) else block

    # -- people, rubric, tags ---------------------------------------------------------------------
    def authors(self) -> list[str]:
        """Named people only: JSON-LD Person authors, else the visible byline."""
        author = self.meta.article_ld.get("author")
        people = author if isinstance(author, list) else [author]
        names = ld_names([p for p in people if isinstance(p, dict) and p.get("@type") == "Person"])
        if not names and self.author_css:
            names = self.texts(self.author_css)
        return [name for name in dict.fromkeys(names) if not _NOT_A_PERSON.match(name)]

    # -- dates --------------------------------------------------------------------------------
    def machine_published(self) -> str | None:
        if found := super().machine_published():
            return found
        node = self.first("time[datetime]")
        return node.attributes.get("datetime") if node is not None else None

    def parse_date(self, value: str | None) -> datetime | None:
        parsed = super().parse_date(value)  # "…Z" or another offset: shown in Moscow time
        return parsed.astimezone(self.site.tz) if parsed is not None else None

    def visible_date(self) -> datetime | None:
        text = node_text(self.first(self.date_css))
        if not text or _TIME_ONLY.match(text):  # a bare "14:05" has no day: not a date
            return None
        return parse_russian_date(text, self.site.tz)

    # -- pictures -------------------------------------------------------------------------------
    @cached_property
    def pictures(self) -> list[Image]:
        """The story's pictures with caption and credit; link cards to other stories skipped."""
        in_cards = {img.mem_id for card in self.tree.css(_CARDS) for img in card.css("img")}
        images: dict[str, Image] = {}
        for img in self.tree.css(self.image_css):
            image = None if img.mem_id in in_cards else self.image_of(img)
            if image is None or image.url in images:
                continue
            image.caption, image.credit = _caption_and_credit(img)
            images[image.url] = image
        return list(images.values())

    def images(self) -> list[Image]:
        return self.pictures


class NextJs2022(TassLayout):
    """The current site (2022–): React components with hashed CSS-module class names."""

    name = "nextjs-2022"
    anchor = "[class*='Paragraph_paragraph']"
    title_css = "[class*='NewsHeader'] h1, h1[class*='title']"
    lead_css = "[class*='NewsHeader_lead']"
    body_css = "article"  # the one around the paragraphs (`Content_wrapper…`): body_container
    block_css = f"{Layout.block_css}, div[class*='Paragraph_paragraph']"
    date_css = ", ".join(
        (
            "[class*='NewsHeader'] [class*='marker']",
            "[class*='PublishedMark']",
            "[class*='ds_ext_marker']",
        )
    )
    author_css = "[class*='NewsHeader'] [class*='Author_name'], [class*='Authors_author']"
    section_css = "[class*='materialMarks_mark']"
    tags_css = "a[class*='Tags_tag']"
    image_css = "img[class*='ImageSSR_image']"
    listing_css = "#infinite_listing"

    def body_container(self) -> LexborNode | None:
        """The <article> nearest around the first paragraph, else the nearest element
        around all of them."""
        paragraphs = self.tree.css(self.anchor)
        if not paragraphs:
            return None
        container = paragraphs[0]
        while container is not None and container.tag != "article":
            container = container.parent
        if container is not None:
            return container
        container = paragraphs[0].parent
        while container.parent is not None and len(container.css(self.anchor)) < len(paragraphs):
            container = container.parent
        return container


class Bem2019(TassLayout):
    """~2019–2022: BEM class names, the date in a `<dateformat time="…">` element."""

    name = "bem-2019"
    anchor = "h1.news-header__title, h1.explainer__title, div.text-content div.text-block"
    title_css = "h1.news-header__title, h1.explainer__title, h1.article__title"
    lead_css = "div.news-header__lead"
    body_css = "div.text-content, div.text-block"
    date_css = "dateformat[mode='abs'], dateformat"
    tags_css = "a.tags__item"
    image_css = ".news-media img, div.text-content img"

    def visible_date(self) -> datetime | None:
        node = self.first("dateformat[time]")
        stamp = node.attributes.get("time") if node is not None else None
        if stamp and stamp.strip().isdigit():  # some pages give Unix seconds
            return datetime.fromtimestamp(int(stamp), self.site.tz)
        return self.parse_date(stamp) or super().visible_date()


class BMaterial2014(TassLayout):
    """2014–2018 (also on itar-tass.com): the "b-material" blocks."""

    name = "b-material-2014"
    anchor = "div.b-material-text__l, div.b-material-text"
    title_css = "h1.b-material__title"
    lead_css = ".b-material__preview"
    body_css = "div.b-material-text__l, div.b-material-text"
    date_css = ".b-material__date"
    image_css = ".b-material-img img, .b-material-before-body__media img"
    # The 2018 home page and rubric pages list news in the same block family.
    listing_css = ".b-news-item, .b-spotlight__content, .b-lenta-top__content"


class Tass(SiteExtractor):
    outlet = "tass"
    domains = ("tass.ru", "itar-tass.com")
    tz = MOSCOW
    layouts = (NextJs2022, Bem2019, BMaterial2014)

    def extract(self, html: str, url: str) -> Article:
        parts = urlsplit(url)
        if (parts.hostname or "").startswith("spec.") or _OTHER_TEMPLATES.match(parts.path):
            raise UnrecognisedLayout(f"tass: {parts.path} uses a special-project template")
        return super().extract(html, url)

    def layout_for(self, tree: LexborHTMLParser) -> type[Layout] | None:
        layout = super().layout_for(tree)
        if layout is None and _is_refusal(tree):  # an article page is never one: checked last
            raise NotAnArticle("tass: an error or bot-challenge page, not an article")
        return layout


def _is_refusal(tree: LexborHTMLParser) -> bool:
    title = node_text(tree.css_first("title")) or node_text(tree.css_first("h1"))
    short_refusal = len(title) <= _MAX_REFUSAL_TITLE and _REFUSAL_TITLE.match(title)
    return bool(short_refusal) or tree.css_first(_CHALLENGE_CSS) is not None


def _caption_and_credit(img: LexborNode) -> tuple[str | None, str | None]:
    """The visible caption and credit of a picture ("Подпись © Фамилия/ ТАСС").

    They sit in the picture's holder: a <figure>, a media block (`news-media`,
    `NewsHeader_media…`), or the nearest wrapper holding this one picture and a caption or
    credit element. The credit stands in its own element (`…copyright…`, `…credit…`) or after
    a "©"; it is returned without the "©". The alt text is not shown, so it is no caption.
    """
    holder, tight = img.parent, False
    for _ in range(4):  # the few wrappers a picture component puts around the <img>
        if holder is None or holder.tag == "body":
            return None, None
        tight = holder.tag == "figure" or "media" in (holder.attributes.get("class") or "").lower()
        if tight or (holder.css_first(_LABELS) is not None and len(holder.css("img")) == 1):
            break
        holder = holder.parent
    else:
        return None, None
    credit = node_text(holder.css_first(_CREDITS))
    caption = node_text(holder.css_first(_CAPTIONS))
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)]
    if "©" in caption:
        caption, found = caption.split("©", 1)
        credit = credit or found
    if not credit and tight and "©" in (text := node_text(holder)):
        credit = text.split("©", 1)[1]
    return clean_text(caption) or None, clean_text(credit.lstrip("©")) or None
