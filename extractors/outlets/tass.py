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

Inside the text column the story shares room with pictures, galleries, embedded posts, share
bars, link cards and "Подробнее…" link lines; they are read by structure (component-name
prefixes), never as paragraphs. Pictures of teasers (cards, side columns, pictures linking to
another page) are not the story's.

Text conventions: the dateline ("БИШКЕК, 26 ноября. /ТАСС/.") opens the first paragraph and is
article text. "Редакция сайта ТАСС" (the desk's byline) is not an author, and photo credits
("© Александр Казаков/ ТАСС") belong to the picture, never to the text. Times are Moscow's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Article, Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import MOSCOW, in_zone, parse_russian_date
from extractors.errors import NotAnArticle, UnrecognisedLayout
from extractors.furniture import heading_text, lead_text
from extractors.metadata import ld_names
from extractors.record import Identity, Outlet, Sources
from extractors.selectors import outermost, outside, outside_below
from extractors.text import clean_text, credit_text, join_blocks, node_text

if TYPE_CHECKING:
    from extractors.explain import Trace

# Bylines that name the agency or its desk rather than a person.
_NOT_A_PERSON = re.compile(
    r"^(?:Редакция сайта ТАСС|(?:ИТАР-)?ТАСС|TASS|ITAR-TASS)$", re.IGNORECASE
)
_TITLE_SUFFIX = re.compile(r"\s+[-|—–]\s+ТАСС$")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}$")
# Special projects (spec.tass.ru, /spec/…) and the press centre (/press/…) use other templates.
_OTHER_TEMPLATES = re.compile(r"^/(?:spec|press)(?:/|$)")
# What an error or bot-challenge page says instead of the news (TASS answers 403 to some bots;
# Cloudflare, DDoS-Guard, Yandex SmartCaptcha and PerimeterX pages have these titles).
_REFUSAL_TITLE = re.compile(
    r"^\s*(?:40[1349]\b|410\b|429\b|50[0234]\b|access denied|access to this page|forbidden|"
    r"attention required|just a moment|один момент|checking your browser|ddos-guard|"
    r"проверка браузера|вы не робот|are you a robot|доступ (?:запрещ|ограничен)|"
    r"страница не найдена|page not found|ошибка 404)",
    re.IGNORECASE,
)
_MAX_REFUSAL_TITLE = 60  # "403 Forbidden", "Just a moment...": never a headline's length
_CHALLENGE_CSS = "#challenge-form, #cf-wrapper, form[action*='challenge'], script[src*='challenge']"
# Boxes that link to other stories: their pictures are not this story's. (A BEM photo include,
# `text-include-photo`, is the story's own picture.)
_CARDS = (
    "[class*='ExternalBlock'], [class*='include']:not([class*='photo']), div.b-links, "
    "a[class*='card'], a[class*='Card'], [class*='tass_pkg_link'], #infinite_listing, aside, nav, "
    "footer"
)
_CAPTIONS = "figcaption, [class*='aption']"
_CREDITS = "[class*='opyright'], [class*='redit']"
_LABELS = f"{_CAPTIONS}, {_CREDITS}"
# Parts of the text column that hold no story text: the header (title, lead, marks), pictures
# and galleries with their captions, tags, share bars, embedded social-network posts.
_NOT_TEXT = (
    f"figure, {_LABELS}, [class*='Gallery'], [class*='allery'], [class*='NewsHeader'], "
    "[class*='news-header'], [class*='Tags_'], .tags, [class*='materialMarks'], "
    "[class*='Share'], [class*='share'], [class*='Social'], [class*='Banner'], "
    "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed, "
    "[class*='Embed'], [class*='embed']"
)
_NOT_TEXT_OR_CARDS = f"{_NOT_TEXT}, {_CARDS}"
# Next.js' image optimiser serves a picture as /_next/image?url=<the picture's address>&w=…
_NEXT_IMAGE = "/_next/image"
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)$", re.IGNORECASE)


class TassLayout(Layout):
    """What every TASS layout shares: furniture lines, people-only bylines, photo credits."""

    image_css = "img"  # the article's pictures, main one first
    drop_css = (
        "[class*='ExternalBlock']",
        "[class*='include']:not([class*='photo'])",
        "div.b-links",
    )

    # -- text ---------------------------------------------------------------------------------
    def title(self) -> str:
        title = heading_text(self.first(self.title_css)) or clean_text(
            self.meta.first_meta("og:title") or _text(self.meta.article_ld.get("headline"))
        )
        return _TITLE_SUFFIX.sub("", title or node_text(self.first("main h1, h1")))

    def lead(self) -> str | None:
        return self.standfirst

    def outside_cards(self, css: str) -> list[LexborNode]:
        """Matches of `css` that are in no box about other stories."""
        # Asked straight (not `select_outside`): the standfirst, paragraphs and pictures asked
        # about are on every page, so a plain look first would only walk the page once more.
        return self.tree.css(outside(css, _CARDS))

    def first_outside_cards(self, css: str) -> LexborNode | None:
        """The first match of `css` in no box about other stories (the engine stops there:
        cheaper than all of them when the first is the one wanted)."""
        return self.tree.css_first(outside(css, _CARDS))

    @cached_property
    def standfirst(self) -> str | None:
        """The standfirst of the story's header, never one of a card about another story."""
        if not self.lead_css or (first := self.first_outside_cards(self.lead_css)) is None:
            return None
        classifier = self.site.classifier
        if text := lead_text(first, classifier):
            return text
        leads = (lead_text(node, classifier) for node in self.outside_cards(self.lead_css))
        return next(filter(None, leads), None)

    def body(self) -> str:
        """The text without the standfirst, which some pages print again as its first
        paragraph."""
        blocks = self.text.body
        if blocks and blocks[0] == self.standfirst:
            blocks = blocks[1:]
        return join_blocks(blocks)

    def block_nodes(self, container: LexborNode) -> list[LexborNode]:
        """Text blocks outside pictures, galleries, header, tags, share bars, embedded posts
        and cards."""
        return outside_below(container, self.block_css, _NOT_TEXT_OR_CARDS)

    # -- people, rubric, tags ---------------------------------------------------------------------
    def authors(self) -> list[str]:
        """Named people only: JSON-LD authors that are no organisation, else the byline."""
        author = self.meta.article_ld.get("author")
        people = author if isinstance(author, list) else [author]
        names = ld_names(
            [p for p in people if isinstance(p, str) or (isinstance(p, dict) and _is_person(p))]
        )
        if not names and self.author_css:
            names = self.texts(self.author_css)
        return [name for name in dict.fromkeys(names) if not _NOT_A_PERSON.match(name)]

    # -- dates --------------------------------------------------------------------------------
    def machine_published(self) -> str | None:
        if found := super().machine_published():
            return found
        node = self.first("time[datetime]")
        return node.attributes.get("datetime") if node is not None else None

    def parse_date(self, value: str | None) -> datetime | date | None:
        # "…Z" or another offset: shown in Moscow time
        return in_zone(super().parse_date(value), self.site.tz)

    def visible_date(self) -> datetime | date | None:
        """The first date marker that holds a day (the header's marks also hold the rubric or
        a label like "Эксклюзив"; a bare "14:05" has no day)."""
        for node in self.tree.css(self.date_css) if self.date_css else ():
            text = node_text(node)
            if not any(ch.isdigit() for ch in text) or _TIME_ONLY.match(text):
                continue
            if parsed := parse_russian_date(text, self.site.tz):
                return parsed
        return None

    # -- pictures -------------------------------------------------------------------------------
    @cached_property
    def pictures(self) -> list[Image]:
        """The story's pictures with caption and credit; pictures of cards, lists and
        sidebars, and pictures that link to another page, skipped."""
        images: dict[str, Image] = {}
        for img in self.outside_cards(self.image_css):
            if self.links_elsewhere(img):
                continue
            image = self.image_of(img)
            if image is None:
                continue
            if image.url in images:
                continue
            image.caption, image.credit = _caption_and_credit(img)
            images[image.url] = image
        pictures = list(images.values())
        self.give_text_lines(pictures)
        return pictures

    def image_of(self, img: LexborNode, credit: str | None = None) -> Image | None:
        """The picture at its own address, not the image optimiser's (the text's caption and
        credit lines name their picture by this address too)."""
        image = super().image_of(img, credit)
        if image is not None:
            image.url = _unwrap_next_image(image.url)
        return image

    def images(self) -> list[Image]:
        return self.pictures

    def links_elsewhere(self, img: LexborNode) -> bool:
        """Whether the picture is a link to another page (a teaser), not to itself enlarged."""
        node = img.parent
        for _ in range(4):
            if node is None:
                return False
            if node.tag == "a":
                href = (node.attributes.get("href") or "").strip()
                target = urlsplit(self.absolute(href)).path if href else ""
                own = urlsplit(self.url).path
                return bool(target) and target != own and not _IMAGE_FILE.search(target)
            node = node.parent
        return False


class NextJs2022(TassLayout):
    """The current site (2022–): React components with hashed CSS-module class names."""

    name = "nextjs-2022"
    anchor = "[class*='Paragraph_paragraph']"
    title_css = "[class*='NewsHeader'] h1, h1[class*='title']"
    # NewsHeader_lead…, and the same component in other page headers (ExplainerHeader_lead…)
    lead_css = "[class*='Header_lead']"
    body_css = "article"  # the one around the paragraphs (`Content_wrapper…`): body_container
    # Paragraphs, and quote components (`Quote_…`) whose text is not in a paragraph.
    block_css = (
        f"{Layout.block_css}, div[class*='Paragraph_paragraph'], "
        "div[class^='Quote_'], div[class*=' Quote_']"
    )
    date_css = ", ".join(
        (
            "[class*='NewsHeader'] [class*='marker']",
            "[class*='PublishedMark']",
            "[class*='ds_ext_marker']",
        )
    )
    author_css = "[class*='NewsHeader'] [class*='Author_name'], [class*='Authors_author']"
    section_css = "a[class*='materialMarks_mark']"  # the rubric's link; other marks are labels
    tags_css = "a[class*='Tags_tag'], [class*='Tags_'] a"  # read by tag_texts()
    image_css = "img[class*='ImageSSR_image']"
    listing_css = "#infinite_listing"

    def tag_texts(self) -> list[str]:
        """The tag links (`tags_css`): the links in a `Tags_…` box, and a `Tags_tag…` link
        that stands in none, in page order."""
        # Every `Tags_tag…` link is a `Tags_…` box itself: the boxes hold every tag link.
        links = []
        for box in outermost(self.tree.css("[class*='Tags_']")):
            is_tag_link = box.tag == "a" and "Tags_tag" in (box.attributes.get("class") or "")
            links += [link for link in box.css("a") if link.mem_id != box.mem_id or is_tag_link]
        return list(dict.fromkeys(text for text in map(node_text, links) if text))

    def body_container(self) -> LexborNode | None:
        """The <article> nearest around the first paragraph, else the nearest element
        around all of them (paragraphs of cards about other stories not counted)."""
        container = self.first_outside_cards(self.anchor)
        if container is None:
            return None
        while container is not None and container.tag != "article":
            container = container.parent
        if container is not None:
            return container
        paragraphs = self.outside_cards(self.anchor)
        container = paragraphs[0].parent
        wanted = _ids(paragraphs)
        while container.parent is not None and not wanted <= _ids(container.css(self.anchor)):
            container = container.parent
        return container


class Bem2019(TassLayout):
    """~2019–2022: BEM class names, the date in a `<dateformat time="…">` element."""

    name = "bem-2019"
    # `article__title`/`article__text`: the same years' special design (the 2018 World Cup)
    anchor = (
        "h1.news-header__title, h1.explainer__title, div.text-content div.text-block, "
        "div.article__text"
    )
    title_css = "h1.news-header__title, h1.explainer__title, h1.article__title"
    lead_css = "div.news-header__lead"
    body_css = "div.text-content, div.text-block, div.article__text"
    date_css = "dateformat[mode='abs'], dateformat"
    tags_css = "a.tags__item"
    image_css = ".news-media img, div.text-content img, div.article__text img"

    def body_container(self) -> LexborNode | None:
        """`div.text-content`, else the nearest element around every `div.text-block`."""
        if found := self.first("div.text-content, div.article__text"):
            return found
        blocks = self.tree.css("div.text-block")
        if not blocks:
            return None
        container, wanted = blocks[0], _ids(blocks)
        while container.parent is not None and not wanted <= _ids(container.css("div.text-block")):
            container = container.parent
        return container

    def visible_date(self) -> datetime | date | None:
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
    layouts = (NextJs2022, Bem2019, BMaterial2014)
    # The desk's byline, printed as a paragraph under some texts.
    furniture: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "chrome": {"line": ["Редакция сайта ТАСС"]}
    }

    def extract(self, html: str | bytes, url: str, trace: Trace | None = None) -> Article:
        parts = urlsplit(url)
        if (parts.hostname or "").startswith("spec.") or _OTHER_TEMPLATES.match(parts.path):
            raise UnrecognisedLayout(f"tass: {parts.path} uses a special-project template")
        return super().extract(html, url, trace)

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
    a "©"; it is returned without its label or sign (`credit_text`). The alt text is not
    shown, so it is no caption.
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
    return clean_text(caption) or None, credit_text(credit) or None


def _ids(nodes: list[LexborNode]) -> set[int]:
    return {node.mem_id for node in nodes}


def _is_person(author: dict) -> bool:
    kind = author.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return not any(k in ("Organization", "NewsMediaOrganization") for k in kinds)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _unwrap_next_image(url: str) -> str:
    """The picture's own address behind Next.js' image optimiser, else `url` unchanged."""
    parts = urlsplit(url)
    if parts.path != _NEXT_IMAGE:
        return url
    original = next(iter(parse_qs(parts.query).get("url", [])), "")
    return urljoin(url, original) if original else url


OUTLET = Outlet(
    name="tass",
    domains=("tass.ru",),
    former_domains=("itar-tass.com",),  # the agency's address until 2014
    timezone=MOSCOW,
    sources=Sources(
        feeds=("/rss/v2.xml",),
        # The index lists news sitemaps sitemap_news0.xml (newest) .. sitemap_newsN.xml and others.
        sitemaps=("/sitemap.xml",),
        follow_sitemaps=r"/sitemap/sitemap_news\d+\.xml$",
        # Rubric pages scroll by script: no listing to paginate.
    ),
    article_path=r"/[a-z][a-z-]*/\d{6,}",
    # An article is its number, whatever the rubric, on the news hosts: tass.ru/nauka/<id>
    # moves to nauka.tass.ru/nauka/<id>, and an id listed under two rubrics is one article.
    # (Special projects, spec.tass.ru, are other pages.)
    identity=Identity(r"/[a-z][a-z-]*(/\d{6,})", hosts=("tass.ru", "nauka.tass.ru")),
    extractor=Tass,
)
