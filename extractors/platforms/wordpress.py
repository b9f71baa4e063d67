"""WordPress, the platform: the single-post page as WordPress itself writes it, whatever the theme.

An outlet on WordPress declares its record with `extractor=` a `WordPressSite` subclass and, when
it keeps WordPress' defaults, `sources=WORDPRESS_SOURCES` and `article_path=WORDPRESS_POST_PATH`
(see extractors/outlets/ia_realist.py, ИА «Реалист»).

This extractor reads what WordPress writes on every single-post page: the `single`/`postid-N`
body classes, `article:published_time` and the Yoast JSON-LD graph, `time[datetime]`,
`rel="category tag"`/`rel="tag"` links, and the post-content containers of the common theme
families and builders (default `entry-content`, Newspaper's `td-post-content`/`tdb-block-inner`,
JNews' `content-inner`, Elementor Pro's post-content widget, Divi, the AMP plugin's reader pages).
The post is the element WordPress' post_class() marks around that text; the page's masthead,
menus and footer are never read. Widgets, share bars, related posts, lists of other posts,
comment forms and post navigation are dropped by structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo
from functools import cached_property
from typing import Any, ClassVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import in_zone, parse_iso, parse_russian_date
from extractors.errors import NotAnArticle
from extractors.furniture import heading_text
from extractors.metadata import ld_names
from extractors.reading import Block
from extractors.record import Sources
from extractors.selectors import areas_below, not_within, outside_below, select_outside
from extractors.text import (
    block_text,
    caption_and_credit,
    clean_text,
    join_blocks,
    most_text,
    node_text,
)

# WordPress' defaults: the feed, the core sitemap's post files (5.5+), the home page's /page/N/.
WORDPRESS_SOURCES = Sources(
    feeds=("/feed/",),
    sitemaps=("/wp-sitemap.xml",),
    follow_sitemaps=r"/wp-sitemap-posts-post-\d+\.xml$",
    listings=("/",),
    next_page="{listing}page/{page}/",
)
# Post permalinks: /yyyy/mm/dd/slug/ or /slug/ — not WordPress' own sections, archives and feeds.
WORDPRESS_POST_PATH = (
    r"/\d{4}/\d{2}/\d{2}/[^/]+/?"
    r"|/(?!(?:category|tag|page|author|feed|search|wp-[a-z-]+|comments)/)[^/.]+/?"
)

# The post's text container in the common theme families, most specific first.
_CONTENT_CSS = (
    ".tdb_single_content .tdb-block-inner",  # Newspaper (tagDiv) cloud templates
    ".td-post-content",  # Newspaper classic
    ".jeg_post_content .content-inner",  # JNews
    ".entry-content .content-inner",  # JNews (no jeg_post_content wrapper)
    ".elementor-widget-theme-post-content > .elementor-widget-container",  # Elementor Pro
    ".elementor-widget-theme-post-content",
    ".amp-wp-article-content",  # the AMP plugin's reader pages
    ".et_pb_post_content",  # Divi theme builder
    "#mvp-content-main",  # MVP themes (Zox News, Flex Mag)
    ".entry-content",  # WordPress default themes and most others
    ".post-content",
    ".single-content",
    ".single-post-content",
    ".article-content",
    ".post-entry",
    ".entry-body",
    ".post-body",
    ".the-content",
    "[itemprop='articleBody']",
    ".entry",  # classic (Kubrick-era) themes
    "article",  # an unknown theme: the post's own element, its header dropped below
)
# The element that is the whole post (title, meta, text): an <article>, WordPress' post_class()
# on it, or a page builder's single-post template, or a theme's wrapper. Looked for among the
# few elements around the text (`_is_post`), not by a selector over the whole page.
_POST_TAG = "article"
_POST_CLASSES = frozenset({"type-post", "hentry", "jeg_inner_content", "amp-wp-article"})
_POST_TEMPLATE = ("data-elementor-type", "single-post")
# Blocks inside the post that are not the post (a widget area a theme puts under the text).
_WIDGETS_CSS = (
    "aside, .widget, .sidebar, #secondary, .comments-area, #comments, [class*='related'], "
    ".jeg_postblock, .post-navigation, .elementor-widget-posts, .elementor-widget-post-navigation"
)
# The page's own masthead, menus and footer (the masthead may print today's date).
_CHROME_CSS = (
    "nav, .site-header, #masthead, #header, #site-header, .jeg_header, .jeg_topbar, "
    ".td-header-wrap, .tdc-header-wrap, "
    "[data-elementor-type='header'], [data-elementor-type='footer'], .amp-wp-header, "
    ".amp-wp-footer, .site-footer, #colophon, .jeg_footer, .td-footer-wrap, body > header, "
    "body > footer"
)
# Page parts that are never the post: widgets, menus, masthead, footers.
_OUTSIDE_CSS = f"{_WIDGETS_CSS}, {_CHROME_CSS}, footer"
# Parts of the post that are not the post's own (its widgets), and the page's chrome.
_IN_POST_JUNK = f"{_WIDGETS_CSS}, {_CHROME_CSS}"
# Boilerplate inside the post's container: pictures (they go to images), embeds, share bars,
# related posts, lists of other posts, ads, view counters, comments, the post's own header.
_DROP_CSS = (
    "figure:not(.wp-block-pullquote), .wp-caption, .gallery, .wp-block-gallery, "
    ".wp-block-image, .wp-block-embed, blockquote.twitter-tweet, blockquote.instagram-media, "
    ".wp-block-latest-posts, .wp-block-rss, .wp-block-archives, .wp-block-categories, "
    ".wp-block-tag-cloud, .sharedaddy, .sd-sharing-enabled, .addtoany_share_save_container, "
    ".a2a_kit, .heateor_sss_sharing_container, [class*='heateor_sss'], .jeg_share_button, "
    ".td-post-sharing, .share-buttons, .social-share, .ya-share2, .likely, .swp_social_panel, "
    ".shared-counts-wrap, .elementor-widget-share-buttons, .jp-relatedposts, .yarpp-related, "
    ".crp_related, [class*='related'], [id*='related'], .jeg_postblock, .elementor-widget-posts, "
    ".post-navigation, .nav-links, .tags-links, .entry-footer, .post-tags, .jeg_post_tags, "
    ".post-views, .td-a-rec, .jeg_ad, .code-block, .adsbygoogle, .widget, #comments, "
    "#respond, .comment-respond, .comment-list, .commentlist, "
    "header, .entry-header, .entry-meta, .post-meta, "
    "script, style, noscript, template, iframe, form, button"
)
_TITLE_CSS = (
    "h1.entry-title, h1.post-title, h1.jeg_post_title, h1.tdb-title-text, "
    "h1.single-post-title, h1[itemprop='headline'], .elementor-widget-theme-post-title h1, "
    "h1.amp-wp-title"
)
_SUBTITLE_CSS = (
    ".entry-subtitle, .post-subtitle, .jeg_post_subtitle, .td-post-sub-title, "
    ".tdb_single_subtitle, .elementor-widget-theme-post-excerpt, .post-excerpt, .entry-excerpt, "
    ".entry-lead, .post-lead, .standfirst, .subtitle, .lead"
)
# The publication date shown on the page, the most specific element first (a theme's date
# block may also show the modification date).
_DATE_CSS = (
    "time.entry-date.published",
    ".published",
    "[itemprop='datePublished']",
    ".entry-date",
    ".elementor-post-info__item--type-date",
    ".posted-on",
    ".post-date",
    ".entry-meta .date",
    ".jeg_meta_date",
    ".td-post-date",
    ".tdb_single_date",
)
# A time of day a theme shows beside the date ("26.11.2025" and "15:40" as separate items).
_SHOWN_TIME_CSS = ".elementor-post-info__item--type-time, .entry-time, .post-time"
_TIME_OF_DAY = re.compile(r"^(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)$")
_AUTHOR_CSS = (
    ".byline .author, .author.vcard, a[rel='author'], .byline a, .post-author a, "
    ".entry-author a, .author-name, .jeg_meta_author a, .td-post-author-name a, .tdb-author-name, "
    ".elementor-post-info__item--type-author, .amp-wp-author"
)
_SECTION_CSS = (
    "a[rel='category tag'], a[rel='category'], .cat-links a, .jeg_meta_category a, "
    ".td-category a, .tdb-category a, .elementor-post-info__terms-list-item, .ast-terms-link a"
)
_TAG_CSS = "a[rel='tag'], .tags-links a, .post-tags a, .jeg_post_tags a, .td-tags a, .tdb-tags a"
# WordPress core gives the featured image the class wp-post-image.
_FEATURED_CSS = ".post-thumbnail img, img.wp-post-image, amp-img.wp-post-image"
_IMAGE_CSS = (
    ".post-thumbnail img, img.wp-post-image, amp-img.wp-post-image, .featured-image img, "
    ".jeg_featured img, .td-post-featured-image img, .tdb_single_featured_image img, "
    ".elementor-widget-theme-post-featured-image img, figure img, figure amp-img, "
    ".wp-caption img, img[class*='wp-image-']"
)
# Elements that hold one picture and its caption.
_HOLDER_CLASSES = {
    "wp-caption",
    "post-thumbnail",
    "featured-image",
    "jeg_featured",
    "td-post-featured-image",
    "tdb_single_featured_image",
    "elementor-widget-theme-post-featured-image",
}
_CAPTION_CSS = (
    "figcaption, .wp-caption-text, .wp-element-caption, .jeg_post_caption, .caption, "
    ".widget-image-caption"
)
# The agency's dateline, "БИШКЕК (ИА Реалист).", opens every story's text.
_DATELINE = re.compile(r"^[А-ЯЁA-Z][А-ЯЁA-Z .\-]{1,40}\((?:ИА\s*)?[«\"]?Реалист[»\"]?\)")
# "Фото: пресс-служба" or "© Kabar" ending a caption: the credit.
# "26.11.2025", "26.11.2025 15:40", "26/11/2025 в 15:40": the date format of WordPress in Russian.
_NUMERIC_DATE = re.compile(
    r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"
    r"(?:\D{1,5}(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)
_SITE_SUFFIX = re.compile(r"\s+[-|—–]\s+[^-|—–]*Реалист[^-|—–]*$", re.IGNORECASE)
_NOT_A_PERSON = re.compile(r"^(?:admin|administrator|администратор)$", re.IGNORECASE)
# WordPress' body classes (body_class()): its own word on what a page is. Read from the <body>
# element itself: a selector for them would walk the whole page when it matches nothing.
_SINGLE_POST_CLASS, _POST_ID_PREFIX = "single", "postid-"
_ARCHIVE_CLASSES = ("archive", "category", "tag", "home", "blog", "search")
_ARCHIVE_BODY = ", ".join(f"body.{name}" for name in _ARCHIVE_CLASSES)


class WordPressPost(Layout):
    """A single post of any WordPress theme (what WordPress core and Yoast write)."""

    name = "wordpress"
    # WordPress marks a single post's <body> "single single-post postid-N"; a theme that
    # drops body classes still puts the post's title as the <h1> of an <article>.
    anchor = "body.single, body[class*='postid-'], article h1"
    listing_css = _ARCHIVE_BODY

    # -- the post's parts ---------------------------------------------------------------------
    # Whether a match is inside a widget, a menu or a footer is asked of the selector engine
    # (extractors.selectors.outside): it looks up from the few matches only.
    @cached_property
    def content(self) -> LexborNode | None:
        """The post's text container: of the first kind found outside widgets and sidebars,
        the one with the most text (a news ticker or a list of other posts above the post may
        use the same markup for its excerpts)."""
        for css in _CONTENT_CSS:
            if found := select_outside(self.tree, css, _OUTSIDE_CSS):
                return most_text(found)
        return None

    @cached_property
    def post(self) -> LexborNode | None:
        """The element around the text that WordPress (post_class), a page builder or the
        theme marks as the post. Neither it nor anything around it is a widget, a menu or a
        footer: the text it holds was chosen outside them."""
        node = self.content
        while node is not None and not _is_post(node):
            node = node.parent
        return node

    @cached_property
    def scope(self) -> LexborNode:
        """The post, else the page's main column."""
        main = self.post or self.tree.css_first("main, #main, #content, #primary")
        return main or self.tree.body or self.tree.root

    @cached_property
    def widget_areas(self) -> set[int]:
        """Widgets inside the page's main column, and the page's masthead, menus and footer
        (when there is no post element)."""
        areas = self.scope.css(_WIDGETS_CSS) + self.tree.css(_CHROME_CSS)
        return {area.mem_id for area in areas}

    @cached_property
    def post_widgets(self) -> set[int]:
        """The widgets, menus and mastheads inside the post (by mem_id), found once after
        prepare(): asking the engine to leave them out costs a long selector's parse on every
        question (~0.2 M instructions each)."""
        return areas_below(self.post, _IN_POST_JUNK) if self.post is not None else set()

    def in_post(self, css: str, *, page_wide: bool = True) -> list[LexborNode]:
        """Nodes matching `css` inside the post and outside any widget it holds; else (some
        themes print the title and meta above the <article>) anywhere outside the page's
        widgets, menus, masthead and footer."""
        if self.post is not None:
            # Nothing around the post is a widget (its text was chosen outside them): the
            # widgets inside it, found once, are all there is to leave out.
            found = not_within(self.post.css(css), self.post_widgets, self.post)
        else:
            found = [node for node in self.scope.css(css) if not _within(node, self.widget_areas)]
        if found or not page_wide:
            return found
        return select_outside(self.tree, css, _OUTSIDE_CSS)

    def post_texts(self, css: str) -> list[str]:
        return list(dict.fromkeys(t for t in map(node_text, self.in_post(css)) if t))

    # -- text ---------------------------------------------------------------------------------
    def title(self) -> str:
        heading = next(iter(self.in_post(_TITLE_CSS) or self.in_post("h1")), None)
        title = heading_text(heading) or clean_text(self.meta.first_meta("og:title"))
        return _SITE_SUFFIX.sub("", title)

    def body_container(self) -> LexborNode | None:
        return self.content

    def block_nodes(self, container: LexborNode) -> list[LexborNode]:
        return outside_below(container, self.block_css, _DROP_CSS)

    def text_blocks(self) -> list[Block]:
        """The post text's paragraphs, lists, quotes (with their <cite>) and subheadings,
        outside the pictures, embeds, share bars and widgets a theme puts in it."""
        container = self.text_element
        if container is None:
            return []
        nodes = self.body_blocks(container)
        return [
            Block(_quote_text(node) if node.tag == "blockquote" else block_text(node), node)
            for node in nodes
        ]

    @property
    def blocks(self) -> list[str]:
        return self.text.body

    @cached_property
    def standfirst(self) -> str | None:
        """The subtitle element, else a paragraph the theme put before the dateline."""
        subtitle = next(iter(self.post_texts(_SUBTITLE_CSS)), None)
        if subtitle:
            return subtitle
        blocks = self.blocks
        if len(blocks) > 1 and not _DATELINE.match(blocks[0]) and _DATELINE.match(blocks[1]):
            return blocks[0]
        return None

    def lead(self) -> str | None:
        return self.standfirst

    def body(self) -> str:
        blocks = self.blocks
        if blocks and blocks[0] == self.standfirst:
            blocks = blocks[1:]
        return join_blocks(blocks)

    # -- dates --------------------------------------------------------------------------------
    def machine_published(self) -> str | None:
        """The first machine date that is a date: a theme's microdata may hold the shown
        text ("26.11.2025") instead of an ISO value."""
        return self.first_iso(
            lambda: self.meta.article_ld.get("datePublished"),
            lambda: self.meta.first_meta("article:published_time"),
            lambda: next(iter(self.meta.itemprop("datePublished")), None),
            lambda: self.web_page_ld.get("datePublished"),
            lambda: self.time_attribute("time.entry-date.published[datetime], time[datetime]"),
        )

    def modified(self) -> datetime | date | None:
        machine = self.first_iso(
            lambda: self.meta.article_ld.get("dateModified"),
            lambda: self.meta.first_meta("article:modified_time"),
            lambda: next(iter(self.meta.itemprop("dateModified")), None),
            lambda: self.web_page_ld.get("dateModified"),
            lambda: self.time_attribute("time.updated[datetime]"),
        )
        return self.parse_date(machine)

    def first_iso(self, *sources: Callable[[], Any]) -> str | None:
        for source in sources:
            value = source()
            if isinstance(value, str) and parse_iso(value, self.site.tz) is not None:
                return value
        return None

    def visible_date(self) -> datetime | date | None:
        """The shown publication date: the most specific date element first, with the time of
        day shown beside it when the date itself has none."""
        for css in _DATE_CSS:
            for text in self.post_texts(css):
                if parsed := _parse_shown_date(text, self.site.tz):
                    return self.with_shown_time(parsed)
        return None

    def with_shown_time(self, day: datetime | date) -> datetime | date:
        if isinstance(day, datetime):
            return day
        shown = next(iter(self.post_texts(_SHOWN_TIME_CSS)), "")
        if match := _TIME_OF_DAY.match(shown):
            return datetime.combine(
                day, time(int(match["hour"]), int(match["minute"])), tzinfo=self.site.tz
            )
        return day

    def parse_date(self, value: str | None) -> datetime | date | None:
        # Yoast writes UTC: shown in the outlet's zone
        return in_zone(super().parse_date(value), self.site.tz)

    def time_attribute(self, css: str) -> str | None:
        node = next(iter(self.in_post(css)), None)
        return node.attributes.get("datetime") if node is not None else None

    @cached_property
    def web_page_ld(self) -> dict[str, Any]:
        """Yoast's WebPage node: it carries the dates when the graph has no Article node."""
        for item in self.meta.json_ld:
            types = item.get("@type")
            if "WebPage" in (types if isinstance(types, list) else [types]):
                return item
        return {}

    # -- people, section, tags ----------------------------------------------------------------
    def authors(self) -> list[str]:
        names = self.ld_people(self.meta.article_ld.get("author")) or self.post_texts(_AUTHOR_CSS)
        names = names or self.meta.meta.get("author", [])
        return [name for name in dict.fromkeys(names) if not _NOT_A_PERSON.match(name)]

    def ld_people(self, value: Any) -> list[str]:
        """Names of JSON-LD authors; Yoast's `{"@id": …}` references resolved in its graph."""
        by_id = {
            item["@id"]: item for item in self.meta.json_ld if isinstance(item.get("@id"), str)
        }
        people = value if isinstance(value, list) else [value]
        resolved = [
            by_id.get(p["@id"], p) if isinstance(p, dict) and "name" not in p and "@id" in p else p
            for p in people
        ]
        return ld_names(resolved)

    def section(self) -> str | None:
        section = self.meta.first_meta("article:section")
        if not section and (listed := _first(self.meta.article_ld.get("articleSection"))):
            section = listed.split(", ")[0]  # Rank Math lists every category in one string
        return clean_text(section) or next(iter(self.post_texts(_SECTION_CSS)), None)

    def tags(self) -> list[str]:
        visible = self.post_texts(_TAG_CSS)
        if visible:
            return visible
        keywords = self.meta.article_ld.get("keywords") or self.meta.meta.get("article:tag", [])
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        return list(dict.fromkeys(clean_text(k) for k in keywords if clean_text(k)))

    # -- pictures -------------------------------------------------------------------------------
    @cached_property
    def pictures(self) -> list[Image]:
        images: dict[str, Image] = {}
        pictures = self.in_post(_IMAGE_CSS, page_wide=False) or self.in_post(_FEATURED_CSS)
        for img in pictures:
            if "avatar" in (img.attributes.get("class") or ""):
                continue
            image = self.image_of(img)
            if image is not None and image.url not in images:
                image.caption, image.credit = _caption_and_credit(img)
                images[image.url] = image
        pictures = list(images.values())
        self.give_text_lines(pictures)
        return pictures

    def image_of(self, img: LexborNode, credit: str | None = None) -> Image | None:
        """A picture at the address a lazy-loading plugin keeps: the text's caption and credit
        lines name their picture by it too. No caption: the alt text is not shown, and
        `pictures` reads the <figure>'s (the labelling asks only for the address)."""
        src = _image_source(img)
        return Image(url=self.absolute(src), credit=credit) if src else None

    def images(self) -> list[Image]:
        return self.pictures


class WordPressSite(SiteExtractor):
    """A WordPress outlet's extractor: WordPress' own single-post markup, any common theme."""

    # Jetpack's "Like this:" box heading, printed inside the post's content.
    furniture: ClassVar[Mapping[str, Mapping[str, Any]]] = {"share": {"line": ["Like this"]}}

    layouts = (WordPressPost,)

    def layout_for(self, tree: LexborHTMLParser) -> type[Layout] | None:
        # Body classes are WordPress' own word on what a page is: trust them before anchors.
        body = tree.body
        class_attribute = (body.attributes.get("class") or "") if body is not None else ""
        classes = set(class_attribute.split())
        if _SINGLE_POST_CLASS not in classes and _POST_ID_PREFIX not in class_attribute:
            if not classes.isdisjoint(_ARCHIVE_CLASSES):
                raise NotAnArticle(f"{self.outlet}: an archive or home page, not a post")
            if "error404" in classes or "page" in classes:
                raise NotAnArticle(f"{self.outlet}: a static page or error page, not a post")
        return super().layout_for(tree)


def _is_post(node: LexborNode) -> bool:
    if node.tag == _POST_TAG:
        return True
    attrs = node.attributes
    key, value = _POST_TEMPLATE
    return attrs.get(key) == value or not _POST_CLASSES.isdisjoint(
        (attrs.get("class") or "").split()
    )


def _within(node: LexborNode, areas: set[int]) -> bool:
    """Whether `node` is one of `areas` (by mem_id) or inside one."""
    while node is not None:
        if node.mem_id in areas:
            return True
        node = node.parent
    return False


def _quote_text(quote: LexborNode) -> str:
    """A quote's paragraphs and, as its last paragraph, its attribution (<cite>)."""
    text = block_text(quote)
    cite = node_text(quote.css_first("cite"))
    return join_blocks((text, cite)) if cite and not text.endswith(cite) else text


def _parse_shown_date(text: str, tz: tzinfo) -> datetime | date | None:
    """A shown date: WordPress' Russian numeric format first, else the Russian date forms."""
    match = _NUMERIC_DATE.search(text)
    if match is None:
        return parse_russian_date(text, tz)
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        if match["hour"] is None:
            return day
        return datetime.combine(day, time(int(match["hour"]), int(match["minute"])), tzinfo=tz)
    except ValueError:  # "31.02.2025": not a date
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value)


def _image_source(img: LexborNode) -> str | None:
    """The picture's address; lazy-loading plugins keep it in a data attribute."""
    attrs = img.attributes
    for key in ("data-lazy-src", "data-src", "data-original", "src"):
        value = (attrs.get(key) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (attrs.get("data-lazy-srcset") or attrs.get("srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def _caption_and_credit(img: LexborNode) -> tuple[str | None, str | None]:
    """The visible caption of a picture's <figure> or `.wp-caption`, its credit split off."""
    holder = img.parent
    for _ in range(4):  # <figure>/<div class="wp-caption">, a link or two around the <img>
        if holder is None or holder.tag == "figure" or _HOLDER_CLASSES & _classes(holder):
            break
        holder = holder.parent
    if holder is None or not (holder.tag == "figure" or _HOLDER_CLASSES & _classes(holder)):
        return None, None
    return caption_and_credit(node_text(holder.css_first(_CAPTION_CSS)))


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())
