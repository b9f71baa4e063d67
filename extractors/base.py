"""Site extractors as declarations: one class per outlet, one nested Layout per markup version.

A `Layout` names the CSS selectors of one version of an outlet's article page; each Article
field is one small method that a layout may override. A newer layout subclasses the older one
and overrides only what changed (the fundus model). `SiteExtractor.extract` picks the first
layout whose `anchor` matches and refuses pages that match none (`UnrecognisedLayout`).

Reading a page has two phases. `Layout.prepare()` makes every change to the tree, once: it
finds the text element, removes the furniture elements the layout names (`drop_css`), and reads
and labels the text's blocks with the shared furniture classifier (`extractors.furniture`),
captions and credits going to their pictures. The fields then only read: their order never
matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Article, Image, web_images
from extractors.dates import iso_has_time, parse_iso, parse_russian_date
from extractors.errors import NotAnArticle, UnrecognisedLayout
from extractors.furniture import (
    BOX_CSS,
    FurnitureClassifier,
    Label,
    TextIndex,
    heading_text,
    lead_text,
)
from extractors.metadata import PageMetadata, ld_names
from extractors.reading import Block, LabelledText, label_blocks, link_texts
from extractors.selectors import split_selectors
from extractors.text import (
    INVISIBLE_TAGS,
    block_text,
    clean_text,
    join_blocks,
    node_text,
    remove_nodes,
)

if TYPE_CHECKING:
    from extractors.explain import Trace
    from extractors.record import Outlet

# Pictures as pages write them (AMP pages as <amp-img>).
_PICTURES = "img, amp-img"
# Where a tag line outside the text is looked for: this many elements after the text element.
_TAG_BOX_SIBLINGS = 3
_MAX_TAG_BOX_CHARS = 300  # a tag line is a label and a few links; a longer box is something else
# `[itemprop=x]`, `[itemprop="x"]`: an element whose itemprop is exactly x.
_MICRODATA_NAME = re.compile(r"""\[itemprop=["']?([^"'\]\s]+)["']?\]""")


@cache
def _selector_parts(css: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The selectors of a list, each with the itemprop names it needs elements of. A selector
    with a pseudo-class (`:not(…)` may turn the need around) needs none."""
    return tuple(
        (part, frozenset() if "(" in part else frozenset(_MICRODATA_NAME.findall(part)))
        for part in split_selectors(css)
    )


def _is_within(node: LexborNode, ancestor: LexborNode) -> bool:
    around = node.parent
    while around is not None:
        if around.mem_id == ancestor.mem_id:
            return True
        around = around.parent
    return False


def _following_elements(node: LexborNode, count: int) -> list[LexborNode]:
    """Up to `count` element siblings after `node` (text and comments skipped)."""
    found, sibling = [], node.next
    while sibling is not None and len(found) < count:
        if sibling.tag not in ("-text", "-comment"):
            found.append(sibling)
        sibling = sibling.next
    return found


class Layout:
    """One markup version of an outlet's article page.

    Class attributes are the declaration; methods read them and may be overridden one by one.
    """

    name: ClassVar[str] = ""
    anchor: ClassVar[str] = ""  # matches this layout's article pages and nothing older
    title_css: ClassVar[str] = "h1"
    lead_css: ClassVar[str | None] = None
    body_css: ClassVar[str] = ""  # the element holding the article text
    block_css: ClassVar[str] = "p, ul, ol, h2, h3, h4, h5, blockquote"  # text blocks inside it
    drop_css: ClassVar[tuple[str, ...]] = ()  # furniture elements inside the body: prepare() drops
    date_css: ClassVar[str | None] = None  # visible date, read when no machine date exists
    author_css: ClassVar[str | None] = None
    section_css: ClassVar[str | None] = None
    tags_css: ClassVar[str | None] = None
    listing_css: ClassVar[str | None] = None  # marks a section/listing page: not an article

    def __init__(
        self,
        tree: LexborHTMLParser,
        url: str,
        site: SiteExtractor,
        trace: Trace | None = None,
    ) -> None:
        self.tree = tree
        self.url = url
        self.site = site
        self.meta = PageMetadata(tree)
        self.text_element: LexborNode | None = None  # set by prepare()
        self.text = LabelledText()  # the text element's blocks, labelled: set by prepare()
        # The text element's links and pictures, found once for the labelling: set by prepare()
        self.text_index: TextIndex | None = None
        self.boxed_tags: list[str] = []  # a tag box's links, read by prepare() (`box_tags`)
        self.trace = trace  # records what prepare() removes and why (`newsasia explain`)

    @classmethod
    def matches(cls, tree: LexborHTMLParser) -> bool:
        """Whether a page is of this layout: its anchor matches."""
        return tree.css_first(cls.anchor) is not None

    # -- the one step that changes the tree ----------------------------------------------------
    def prepare(self) -> None:
        """Every change to the tree, before any field reads it: the text element found, its
        furniture elements and invisible elements removed, its blocks read and labelled."""
        if self.trace is not None:
            self.trace.start_site(self)  # before the tree changes: where every element stands
        self.text_element = self.body_container()
        if self.text_element is not None:
            traced = self.trace.dropping(self) if self.trace is not None else None
            boxes_after = _following_elements(self.text_element, _TAG_BOX_SIBLINGS)
            self.boxed_tags = next(filter(None, map(self.box_tags, boxes_after)), [])

            def dropped(node: LexborNode) -> None:
                # A tag box the layout drops as furniture is read for its tags first.
                self.boxed_tags = self.boxed_tags or self.box_tags(node)
                if traced is not None:
                    traced(node)

            if self.drop_css:
                remove_nodes(self.text_element, self.drop_css, dropped)
            # Before the invisible elements go: a poll's button is what marks its box.
            self._drop_boxes(self.text_element)
            remove_nodes(self.text_element, (INVISIBLE_TAGS,), dropped)
            self.meta.tree_changed()
            self.text = self.read_text()

    def _drop_boxes(self, text_element: LexborNode) -> None:
        """The boxes inside the text that their own lines mark as widgets (a poll, an ad, a
        player, a gallery), whatever their class names: removed, the outermost first."""
        classifier = self.site.classifier

        @cache
        def text_chars() -> int:  # asked only of a box that its lines mark
            return len(" ".join((text_element.text() or "").split()))

        boxes = []
        for node in text_element.css(BOX_CSS):
            if any(_is_within(node, box) for box, _ in boxes):
                continue
            label = classifier.box_label(node, text_chars)
            if label is not None:
                boxes.append((node, label))
        for node, label in boxes:
            if self.trace is not None:
                self.trace.skipped_wrapper(node, label)
            node.decompose()

    def read_text(self) -> LabelledText:
        """The text element's blocks, each labelled text or a kind of furniture."""
        blocks = self.text_blocks()
        if self.text_element is not None:
            self.text_index = TextIndex(self.text_element)
        return label_blocks(blocks, self.label_block, self.picture_in, self.site.classifier)

    def text_blocks(self) -> list[Block]:
        """The text element's blocks, in page order (override to read them otherwise)."""
        if self.text_element is None:
            return []
        return [Block(block_text(node), node) for node in self.body_blocks(self.text_element)]

    def label_block(self, block: Block, after_picture: bool) -> Label:
        """The classifier's label of one block (a layout adds the reads only it knows)."""
        classifier = self.site.classifier
        if block.node is None:
            return classifier.label(block.text)
        return classifier.label_node(
            block.node,
            block.text,
            within=self.text_element,
            after_picture=after_picture,
            index=self.text_index,
        )

    def is_furniture_wrapper(self, node: LexborNode) -> bool:
        """A wrapper inside the text that its class or id names furniture (a poll widget, a
        share bar, a related box): its blocks are not read."""
        label = self.site.classifier.wrapper_label(node)
        if label is not None and self.trace is not None:
            self.trace.skipped_wrapper(node, label)
        return label is not None

    def picture_in(self, node: LexborNode) -> str | None:
        """The address of the first picture inside a block, if any."""
        if self.text_index is not None:
            img = self.text_index.first_picture(node)
        else:
            img = node.css_first(_PICTURES)
        image = self.image_of(img) if img is not None else None
        return image.url if image is not None else None

    # -- helpers ------------------------------------------------------------------------------
    def first(self, css: str | None) -> LexborNode | None:
        css = self.answerable(css)
        return self.tree.css_first(css) if css else None

    def texts(self, css: str | None) -> list[str]:
        """Distinct non-empty texts of every match, in page order."""
        css = self.answerable(css)
        if not css:
            return []
        return list(dict.fromkeys(t for t in map(node_text, self.tree.css(css)) if t))

    def answerable(self, css: str | None) -> str | None:
        """`css` without the selectors of its list that name microdata the page lacks (an
        element whose itemprop is exactly x, `[itemprop=x]`): they can't match, and asking
        costs an attribute test on every element of the page. None when none is left."""
        parts = _selector_parts(css) if css else ()
        if not any(names for _, names in parts):
            return css
        kept = [part for part, names in parts if all(map(self.meta.itemprop_nodes, names))]
        return ", ".join(kept) or None

    def body_container(self) -> LexborNode | None:
        """The element holding the article text (override to choose among several)."""
        return self.first(self.body_css)

    def block_nodes(self, container: LexborNode) -> list[LexborNode]:
        """The elements `block_css` names in the text element (override to leave some out)."""
        return container.css(self.block_css)

    def body_blocks(self, container: LexborNode) -> list[LexborNode]:
        """Top-level text blocks: a <p> inside a matched <blockquote> is not read twice."""
        matched = self.block_nodes(container)
        ids = {node.mem_id for node in matched}
        blocks = []
        for node in matched:
            parent = node.parent
            while parent is not None and parent.mem_id != container.mem_id:
                if parent.mem_id in ids:
                    break
                parent = parent.parent
            else:
                blocks.append(node)
        return blocks

    # -- fields -------------------------------------------------------------------------------
    def title(self) -> str:
        return heading_text(self.first(self.title_css)) or clean_text(
            self.meta.first_meta("og:title")
        )

    def lead(self) -> str | None:
        return lead_text(self.first(self.lead_css), self.site.classifier) or None

    def body(self) -> str:
        return join_blocks(self.text.body)

    def published(self) -> datetime | date | None:
        """The machine date when it has a time of day, else the visible date, else the
        machine date alone (a date): 24kg's microdata, for one, gives the day only."""
        machine = self.machine_published()
        parsed = self.parse_date(machine)
        if parsed is not None and iso_has_time(machine):
            return parsed
        return self.visible_date() or parsed

    def machine_published(self) -> str | None:
        """The publication date as the page's metadata gives it (JSON-LD, meta, microdata)."""
        value = (
            self.meta.article_ld.get("datePublished")
            or self.meta.first_meta("article:published_time")
            or next(iter(self.meta.itemprop("datePublished")), None)
        )
        return value if isinstance(value, str) else None

    def modified(self) -> datetime | date | None:
        machine = (
            self.meta.article_ld.get("dateModified")
            or self.meta.first_meta("article:modified_time")
            or next(iter(self.meta.itemprop("dateModified")), None)
        )
        return self.parse_date(machine)

    def visible_date(self) -> datetime | date | None:
        node = self.first(self.date_css)
        return parse_russian_date(node_text(node), self.site.tz) if node is not None else None

    def parse_date(self, value: str | None) -> datetime | date | None:
        return parse_iso(value, self.site.tz) if isinstance(value, str) else None

    def authors(self) -> list[str]:
        if self.author_css:
            return self.texts(self.author_css)
        return ld_names(self.meta.article_ld.get("author")) or self.meta.meta.get(
            "article:author", []
        )

    def section(self) -> str | None:
        """The visible rubric, else the machine one (JSON-LD, article:section)."""
        if visible := self.texts(self.section_css):
            return visible[0]
        section = self.meta.article_ld.get("articleSection") or self.meta.first_meta(
            "article:section"
        )
        if isinstance(section, list):
            section = section[0] if section else None
        return clean_text(section) or None

    def tags(self) -> list[str]:
        visible = self.tag_texts() or self.tag_line()
        return visible or list(dict.fromkeys(self.meta.meta.get("article:tag", [])))

    def tag_texts(self) -> list[str]:
        """The tags the page shows in its tag element (`tags_css`)."""
        return self.texts(self.tags_css)

    def tag_line(self) -> list[str]:
        """The links of a tag line ("Теги: …", labelled by the classifier): what the page
        shows as the article's tags when no tag element is declared. In the text, else in a tag
        box that prepare() read before dropping it or right after the text element."""
        for block in self.text.of_kind("tags"):
            if names := link_texts(block.node):
                return names
        return self.boxed_tags

    def box_tags(self, node: LexborNode) -> list[str]:
        """The links of a box the classifier labels a tag line by its own class or id names
        or by its words ("Теги: …"), else nothing. Only short boxes with links are looked at."""
        text = node_text(node) if node.css_first("a") is not None else ""
        if not text or len(text) > _MAX_TAG_BOX_CHARS:
            return []
        classifier = self.site.classifier
        named = classifier.wrapper_label(node)  # a print-hidden box is named chrome: read on
        if (named is None or named.kind != "tags") and not classifier.is_plain_kind(text, "tags"):
            return []
        return link_texts(node)

    def images(self) -> list[Image]:
        image = self.meta.first_meta("og:image")
        return [Image(url=self.absolute(image))] if image else []

    def image_of(self, img: LexborNode, credit: str | None = None) -> Image | None:
        """An <img> as an Image: lazy-loading attributes first, caption from the enclosing
        <figure>'s <figcaption>, else the alt/title text; None without a usable address."""
        attrs = img.attributes
        src = next(
            (attrs[key] for key in ("data-src", "data-original", "src") if attrs.get(key)), None
        )
        if not src or src.startswith("data:"):
            return None
        caption = ""
        figure = img.parent
        while figure is not None and figure.tag not in ("figure", "body"):
            figure = figure.parent
        if figure is not None and figure.tag == "figure":
            caption = node_text(figure.css_first("figcaption"))
        caption = caption or clean_text(attrs.get("alt") or attrs.get("title"))
        return Image(url=self.absolute(src), caption=caption or None, credit=credit)

    def images_from(
        self,
        lead: str | None,
        imgs: Iterable[LexborNode],
        credits: Iterable[tuple[str | None, str]] = (),
    ) -> list[Image]:
        """The lead picture's address and the story's <img>s as Images, each address once (a
        later copy may bring the caption), with the text's captions and `credits` given to
        their pictures (`give_text_lines`; they replace an alt text)."""
        images: dict[str, Image] = {}
        if lead:
            url = self.absolute(lead)
            images[url] = Image(url=url)
        for img in imgs:
            image = self.image_of(img)
            if image is None:
                continue
            known = images.setdefault(image.url, image)
            known.caption = known.caption or image.caption
        pictures = list(images.values())
        self.give_text_lines(pictures, credits, replace=True)
        return pictures

    def give_text_lines(
        self,
        pictures: list[Image],
        credits: Iterable[tuple[str | None, str]] | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """The caption and credit lines written in the text, given to the picture each stands
        by (`LabelledText.captions`, `.credits`, the text's own credits unless `credits` are
        given); a credit that stands by no picture to the first picture. Several credits of one
        picture are joined with "; ". With `replace` they replace what the picture has (an alt
        text, no credit of its own), else a caption only fills what its own markup left empty
        (a <figcaption> wins) and credits add to the credit its markup gives."""
        images = {image.url: image for image in pictures}
        for url, caption in self.text.captions.items():
            if url in images and (replace or images[url].caption is None):
                images[url].caption = caption
        by_picture: dict[str, list[str]] = {}
        for url, credit in self.text.credits if credits is None else credits:
            owner = url if url in images else (pictures[0].url if pictures else None)
            if owner is not None:
                by_picture.setdefault(owner, []).append(credit)
        for url, found in by_picture.items():
            own = images[url].credit
            credits_of_picture = found if replace or own is None else [own, *found]
            images[url].credit = "; ".join(dict.fromkeys(credits_of_picture))

    def canonical_url(self) -> str:
        canonical = self.meta.canonical
        return self.absolute(canonical) if canonical else self.url

    def language(self) -> str | None:
        # <html> is the root: the parser folds the attributes of any stray <html> tag into it,
        # so a page has no other <html lang> to look for.
        root = self.tree.root
        lang = root.attributes.get("lang") if root is not None else None
        return (lang or self.site.language).split("-")[0].lower() or None

    def absolute(self, href: str) -> str:
        href = href.strip()
        return href if href.startswith(("https://", "http://")) else urljoin(self.url, href)


class SiteExtractor:
    """An outlet's extractor: its layouts (newest first). The outlet's name, domains and time
    zone come from its record (extractors.record.Outlet), which makes the extractor."""

    version: ClassVar[str] = "1"
    layouts: ClassVar[tuple[type[Layout], ...]] = ()
    # The outlet's own furniture phrases, in the shape of extractors/furniture_phrases.toml.
    furniture: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    # Addresses that are never articles (tag pages, pagination), refused before parsing.
    listing_url: ClassVar[re.Pattern[str] | None] = None

    def __init__(self, record: Outlet) -> None:
        self.record = record
        self.outlet: str = record.name
        self.tz: tzinfo = record.timezone
        self.language: str = record.language

    @property
    def classifier(self) -> FurnitureClassifier:
        """The furniture classifier with this outlet's own phrases added, built once per
        extractor class (compiling its phrase lists took ~7 ms: a crawl makes an extractor
        for every page)."""
        return _classifier_of(type(self))

    def covers(self, host: str) -> bool:
        return self.record.covers(host)

    def layout_for(self, tree: LexborHTMLParser) -> type[Layout] | None:
        return next((lay for lay in self.layouts if lay.matches(tree)), None)

    def extract(self, html: str | bytes, url: str, trace: Trace | None = None) -> Article:
        """The article of a page: its text, or its bytes when they are UTF-8 (parsed as such;
        extractors.decode.decode_page says which to give)."""
        if self.listing_url is not None and self.listing_url.search(url):
            raise NotAnArticle(f"{self.outlet}: a listing address, not an article ({url})")
        tree = LexborHTMLParser(html)
        layout_cls = self.layout_for(tree)
        if layout_cls is None:
            if any(lay.listing_css and tree.css_first(lay.listing_css) for lay in self.layouts):
                raise NotAnArticle(f"{self.outlet}: a listing page, not an article")
            known = ", ".join(lay.name for lay in self.layouts)
            raise UnrecognisedLayout(f"none of the {self.outlet} layouts match ({known})")
        layout = layout_cls(tree, url, self, trace)
        layout.prepare()
        return Article(
            url=url,
            canonical_url=layout.canonical_url(),
            outlet=self.outlet,
            title=layout.title(),
            lead=layout.lead(),
            body=layout.body(),
            published=layout.published(),
            modified=layout.modified(),
            authors=layout.authors(),
            section=layout.section(),
            tags=layout.tags(),
            images=web_images(layout.images(), url),
            language=layout.language(),
            extractor=f"site:{self.outlet}/{layout.name}@{self.version}",
        )


@cache
def _classifier_of(extractor: type[SiteExtractor]) -> FurnitureClassifier:
    # `furniture` is a class attribute: the class is the key of its phrases.
    return FurnitureClassifier(extractor.furniture)
