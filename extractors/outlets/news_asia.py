"""News-Asia (news-asia.ru): a Central Asian news portal; windows-1251 pages, one known layout.

Evidence (shared/outlets/NOTES.md §1): a public scraper reads the article as the direct <p>
children of `div.content` (cp1251). The rest of the page is known only from page texts: the
header with today's date, the title followed by a "Новость дня" label, the article's date line
("05 марта 2013 11:46", or "Сегодня 05:30" beside "Комментарии [0]"), then a list of older
news, pagination, "Фоторепортажи", the poll, "Обзоры", "О стране" — all outside `div.content`.

The text is read from everything `div.content` holds, not only its direct <p>s: pages from
2010 on share the template, and older or pasted texts put paragraphs in wrapper <div>s or as
bare text broken by <br>. Widgets that might sit in the same container (poll, older-news list,
pagination, a date line) are left out by their class names and their well-known texts.

Time zone: the pages print times without an offset. They are read as Bishkek time (UTC+6), the
project's decision (NOTES §1(e): the portal reports from and mostly on Kyrgyzstan), unless the
page's metadata (JSON-LD, article:published_time) carries an explicit offset, which wins.

Dates: the header's date ("среда, 02 июля 2025") is the day the page was served, never the
article's date; it only anchors the article's relative date line ("Сегодня 05:30").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from functools import cached_property
from typing import Any, ClassVar

from selectolax.lexbor import LexborNode

from extractors.article import Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import BISHKEK, MONTHS, parse_russian_date
from extractors.errors import UnrecognisedLayout
from extractors.furniture import SENTENCE_END, FurnitureClassifier, Label, heading_text
from extractors.reading import EMBEDDED_POSTS, Block, Reading, read_blocks
from extractors.record import Outlet, Sources
from extractors.text import clean_text, credit_text, most_text, node_text

# The label set beside the title of the day's main story; not part of the title.
_DAY_LABEL = re.compile(r"^\s*Новость дня\s*|\s*Новость дня\s*$", re.IGNORECASE)
# The site name the <title> may append: "… - News-Asia", "… | Новости Центральной Азии".
# " - News-Asia", " | Новости …", " » Политика » News-Asia" (a CMS's section and site)
_TITLE_SUFFIX = re.compile(r"\s+[-|—–/»]\s+[^-|—–/]*(?:News-Asia|Новости)[^-|—–/]*$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^(?:www\.)?News-Asia(?:\.ru)?\s*(?:[-|—–/:]+|::)\s+", re.IGNORECASE)
# A <title> that names only the site says nothing about the article.
_SITE_ONLY_TITLE = re.compile(r"^(?:www\.)?News-Asia(?:\.ru)?$", re.IGNORECASE)
# The rubric heading above the story, glued to its feed link in page texts ("EXPO 2017RSS").
_RUBRIC_HEADING = re.compile(r"RSS$")
# An article date line always has a time of day; the header's date ("среда, 02 июля 2025")
# and dates inside the text ("2 июля 2025 года") never do.
_DATE_LINE = re.compile(
    r"(?P<line>(?:сегодня|вчера|позавчера)\s*,?\s*(?:в\s+)?\d{1,2}:\d{2}"
    r"|\d{1,2}\s+[а-яё]+\s+\d{4}\s*(?:г\.?)?\s*,?\s*(?:в\s+)?\d{1,2}:\d{2}"
    r"|\d{1,2}\.\d{1,2}\.\d{4}\s*,?\s*\d{1,2}:\d{2})",
    re.IGNORECASE,
)
# A block that is nothing but a date line, maybe with its comment counter.
_DATE_LINE_BLOCK = re.compile(
    rf"^\s*{_DATE_LINE.pattern}\s*(?:Комментари\w*\s*\[\d*\])?\s*$", re.IGNORECASE
)
# The date line after the article block, recognised by the comment counter beside it.
_COMMENTED_DATE_LINE = re.compile(rf"{_DATE_LINE.pattern}\s*Комментари", re.IGNORECASE)
# Text between a date line before the article and the article itself: title, label, caption.
_MAX_GAP_BEFORE_TEXT = 400
# How many text nodes of the page's start are searched for the header's date, in two looks,
# before the whole text is.
_HEADER_TEXT_NODES = (32, 128)
_HEADER_DATE = re.compile(
    r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\s*,\s*"
    r"(?P<day>\d{1,2})\s+(?P<month>[а-яё]+)\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
# The furniture a widget's title line is (the poll's, the comments', a list of stories'):
# the shared classifier's word, with this outlet's titles among its data.
_WIDGET_TITLE_KINDS = frozenset({"poll", "comments", "counter"})
# A paragraph this long that ends a sentence is the story's: a wrapper holding one is no
# widget, whatever its first line says (widgets hold titles and short teasers).
_MIN_STORY_PARAGRAPH_CHARS = 150
# The site's slogan, in the page header (NOTES §1(b)).
_SLOGAN = "Центральноазиатский информационный портал"
# Pictures of the site's chrome near the story (GUESS: file names of logos, icons, counters).
_SITE_PICTURE = re.compile(r"logo|icon|rss|banner|counter|spacer|pixel", re.IGNORECASE)
_MAX_CAPTION_CHARS = 200
# An item of the older-news list: a date line, a linked title and a lead, short.
_MAX_NEWS_ITEM_CHARS = 600


class Classic(Layout):
    """The only layout public sources show (2010–2025 pages share it)."""

    name = "classic"
    anchor = "div.content"
    body_css = "div.content"
    drop_css = (EMBEDDED_POSTS,)

    def body_container(self) -> LexborNode | None:
        """`div.content` is a generic class name: of several, the innermost one with the most
        text (a `div.content` around another is a page wrapper). One that holds the site's
        header is a wrapper of a layout this one doesn't know: the page is refused."""
        candidates = self.tree.css("div.content")
        if len(candidates) > 1:
            candidates = [node for node in candidates if len(node.css("div.content")) == 1]
        container = most_text(candidates)
        if container is not None and _SLOGAN in container.text():
            raise UnrecognisedLayout("news-asia: div.content holds the page header, not a text")
        return container

    @property
    def content(self) -> LexborNode | None:
        return self.text_element

    @cached_property
    def article_scope(self) -> LexborNode | None:
        """The element around the text that also holds its title and date line."""
        return self.content.parent if self.content is not None else None

    @cached_property
    def column(self) -> LexborNode | None:
        """The column around the article block (the older-news list follows in it)."""
        scope = self.article_scope
        return scope.parent if scope is not None and scope.parent is not None else scope

    # -- title --------------------------------------------------------------------------------
    def title(self) -> str:
        """The heading nearest before the text (the one the <title> repeats, if any), else
        og:title, else <title> without the site name, else any <h1> that is not the logo."""
        page_title = _TITLE_SUFFIX.sub("", node_text(self.first("title")))
        page_title = _DAY_LABEL.sub("", _TITLE_PREFIX.sub("", page_title))
        if _SITE_ONLY_TITLE.match(page_title):
            page_title = ""
        headings = [
            text
            for text in (_DAY_LABEL.sub("", heading_text(h)).strip() for h in self.headings())
            if text and not _RUBRIC_HEADING.search(text) and "News-Asia" not in text
        ]
        repeated = next((h for h in headings if page_title and _same_title(h, page_title)), "")
        title = (
            repeated
            or (headings[-1] if headings else "")
            or clean_text(self.meta.first_meta("og:title"))
            or page_title
            or next((text for text in self.texts("h1") if "News-Asia" not in text), "")
        )
        return _DAY_LABEL.sub("", title).strip()

    def headings(self) -> list[LexborNode]:
        """The <h1>/<h2> headings before the text, <h1>s last (they win): the article block's
        when it has an <h1>, else the column's; without any, an <h1> the text starts with."""
        if self.content is None:
            return []
        for scope in (self.article_scope, self.column):
            if scope is None:
                continue
            found: dict[str, list[LexborNode]] = {"h1": [], "h2": []}
            for node in scope.traverse():
                if node.mem_id == self.content.mem_id:
                    break
                if node.tag in found:
                    found[node.tag].append(node)
            if found["h1"] or (scope is self.column and found["h2"]):
                return found["h2"] + found["h1"]
        inner = self.content.css_first("h1")
        return [inner] if inner is not None else []

    # -- body and photo credits ---------------------------------------------------------------
    @cached_property
    def reading(self) -> Reading:
        """The text element's blocks and pictures; widgets inside it left out."""
        if self.content is None:
            return Reading()
        classifier = self.site.classifier
        return read_blocks(
            self.content, lambda n: self.is_furniture_wrapper(n) or _is_widget(n, classifier)
        )

    def text_blocks(self) -> list[Block]:
        return self.reading.blocks

    def label_block(self, block: Block, after_picture: bool) -> Label:
        """Two reads only this outlet needs: its date line standing in the text (the
        article's date), and an <h1> inside the text element (the title)."""
        if _DATE_LINE_BLOCK.match(" ".join(block.text.split())):
            return Label("date", "the article's date line")
        if block.node is not None and block.node.tag == "h1":
            return Label("chrome", "an <h1> in the text element is the title")
        return super().label_block(block, after_picture)

    def images(self) -> list[Image]:
        """og:image, then the pictures above and inside the text; credits to the first, a
        short text beside a picture above the text (its box's caption) to that picture."""
        above = self.pictures_above_text()
        images = self.images_from(
            self.meta.first_meta("og:image"),
            [img for img, _ in above] + self.reading.imgs,
            [*self.text.credits, *((None, credit) for _, (_, credit) in above if credit)],
        )
        captions = {self.absolute(_src(img)): caption for img, (caption, _) in above if caption}
        for image in images:
            image.caption = image.caption or captions.get(image.url)
        return images

    def pictures_above_text(self) -> list[tuple[LexborNode, tuple[str | None, str | None]]]:
        """<img>s of the article block before the text (the lead picture), not the site's
        icons, each with the caption and credit its own box shows ("Фото: …")."""
        scope = self.article_scope
        if scope is None or self.content is None or scope.tag in ("body", "html"):
            return []
        pictures = []
        for node in scope.traverse():
            if node.mem_id == self.content.mem_id:
                break
            if node.tag == "img" and _src(node) and not _SITE_PICTURE.search(_src(node)):
                pictures.append((node, _caption_and_credit(node, scope, self.site.classifier)))
        return pictures

    # -- dates --------------------------------------------------------------------------------
    def visible_date(self) -> datetime | date | None:
        """The article's date line: in the text element, right after it (beside the comment
        counter), or shortly before it (above the title) — never the header's date or one of
        the older-news list further down."""
        dated = self.text.of_kind("date")
        line = " ".join(dated[0].text.split()) if dated else self.date_line_around_text()
        if line is None:
            return None
        # Only "Сегодня"/"Вчера" need the page's own day; it costs a look at the page.
        today = self.page_day() if not line[0].isdigit() else None
        return parse_russian_date(line, self.site.tz, today)

    def date_line_around_text(self) -> str | None:
        return self.date_line_after_text() or self.date_line_before_text()

    def date_line_after_text(self) -> str | None:
        """The first date line after the text: in the article block, or right after the block
        beside its comment counter. A widget or a dated item (the older news) ends the look."""
        if self.content is None:
            return None
        levels = [(self.content, False)]
        if self.article_scope is not None and self.article_scope.mem_id != self.column.mem_id:
            levels.append((self.article_scope, True))
        for start, needs_counter in levels:
            for sibling in _following_elements(start):
                text = node_text(sibling)
                if match := _COMMENTED_DATE_LINE.search(text):
                    return match["line"]
                if _is_widget(sibling, self.site.classifier):
                    break
                if match := _DATE_LINE.search(text):
                    return None if needs_counter else match["line"]
        return None

    def date_line_before_text(self) -> str | None:
        """The last date line shortly before the text (above the title, as on 2013 pages)."""
        if self.content is None or self.column is None:
            return None
        text_itself = self.content.text(separator="\n").strip()
        if not text_itself:  # an empty text element: no text to stand before (and no separator)
            return None
        before, found, _ = self.column.text(separator="\n").partition(text_itself)
        if not found:
            return None
        matches = list(_DATE_LINE.finditer(before))
        if matches and len(before) - matches[-1].end() <= _MAX_GAP_BEFORE_TEXT:
            return matches[-1]["line"]
        return None

    def page_day(self) -> datetime | None:
        """The end of the day printed in the page header: what "Сегодня" means on this page."""
        body = self.tree.body
        match = _header_date(body) if body is not None else None
        month = MONTHS.get(match["month"].lower()) if match else None
        if match is None or month is None:
            return None
        try:
            day = date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
        return datetime.combine(day, time(23, 59, 59), tzinfo=self.site.tz)


def _header_date(body: LexborNode) -> re.Match[str] | None:
    """`_HEADER_DATE.search(body.text(separator=" "))`, read from the page's start: the header's
    date is found without joining the text of the whole page (~1 M instructions on a 100 KB
    page). The text's first text nodes are joined as text() joins them; a date found in them is
    the text's first (a date can't begin inside another one: only its weekday and month are
    letters, and a month is followed by the year where a weekday is followed by a comma)."""
    texts: list[str] = []
    for node in body.traverse(include_text=True):
        if node.tag != "-text":
            continue
        texts.append(node.text_content or "")
        if len(texts) in _HEADER_TEXT_NODES and (match := _HEADER_DATE.search(" ".join(texts))):
            return match
        if len(texts) >= _HEADER_TEXT_NODES[-1]:
            break
    return _HEADER_DATE.search(body.text(separator=" "))


def _is_widget(node: LexborNode, classifier: FurnitureClassifier) -> bool:
    """A wrapper that is page furniture, not text: by its class or id, by its title (a line
    the classifier calls a list's heading, a poll's or the comments'), or as the older-news
    list (several date lines, or one date line, a link and little text). A wrapper that holds
    a paragraph of the story is read, whatever its first line."""
    if classifier.wrapper_label(node) is not None:
        return True
    text = node.text(separator="\n")
    if (_opens_with_widget_title(text, classifier) or "Всего голосов" in text) and not (
        _holds_story_paragraph(node)
    ):
        return True
    date_lines = _DATE_LINE.findall(text)
    if not date_lines or node.css_first("a") is None:
        return False
    if len(date_lines) > 1:
        return True
    return len(text) <= _MAX_NEWS_ITEM_CHARS and _DATE_LINE.match(text.lstrip()) is not None


def _opens_with_widget_title(text: str, classifier: FurnitureClassifier) -> bool:
    first_line = next((line for line in map(clean_text, text.split("\n")) if line), "")
    if not first_line:
        return False
    return (
        classifier.opens_list(first_line, alone=True)
        or classifier.label(first_line).kind in _WIDGET_TITLE_KINDS
    )


def _holds_story_paragraph(node: LexborNode) -> bool:
    return any(
        len(text) >= _MIN_STORY_PARAGRAPH_CHARS and text.endswith(SENTENCE_END)
        for text in map(node_text, node.css("p"))
    )


def _src(img: LexborNode) -> str:
    attrs = img.attributes
    return attrs.get("data-src") or attrs.get("data-original") or attrs.get("src") or ""


def _caption_and_credit(
    img: LexborNode, scope: LexborNode, classifier: FurnitureClassifier
) -> tuple[str | None, str | None]:
    """The text of the picture's own box: a credit line ("Фото: …", or no label: "Kabar",
    "Кадр из видео"), else a short caption."""
    box = img.parent
    while box is not None and box.tag in ("a", "span"):
        box = box.parent
    if box is None or box.mem_id == scope.mem_id:
        return None, None
    lines = [clean_text(line) for line in box.text(separator="\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines or sum(map(len, lines)) > _MAX_CAPTION_CHARS:
        return None, None
    is_credit = [classifier.caption_or_credit(line).kind == "credit" for line in lines]
    credits = [credit_text(line) for line, credit in zip(lines, is_credit, strict=True) if credit]
    caption = " ".join(line for line, credit in zip(lines, is_credit, strict=True) if not credit)
    return caption or None, "; ".join(credits) or None


def _following_elements(node: LexborNode) -> Iterator[LexborNode]:
    sibling = node.next
    while sibling is not None:
        if not sibling.tag.startswith("-"):
            yield sibling
        sibling = sibling.next


def _same_title(heading: str, page_title: str) -> bool:
    return heading in page_title or page_title in heading


class NewsAsia(SiteExtractor):
    layouts = (Classic,)
    # The site's widget titles and labels (page texts, NOTES §1(b)), should they stand in the
    # text element: the poll's shares, photo reports, reviews, the header's links, the day's-story
    # label, pagination ("1 ... 634 635 ... 2707"). "Наш опрос" is in the shared phrase file.
    furniture: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        # the poll's answers' shares, "42 %", as its page texts show them
        "poll": {"pattern": [r"^\d{1,3}\s*%$"], "class": ["rating"]},
        "related": {
            "line": ["Фоторепортажи", "Обзоры", "О стране", "Народный репортер"],
            # the widgets' class names, should they stand in the text element (GUESS: the
            # names are unknown): the older-news list, photo reports, reviews
            "class": [
                "newslist",
                "news-list",
                "photoreport",
                "photoreports",
                "fotoreport",
                "obzor",
                "obzory",
                "review",
                "reviews",
            ],
        },
        "chrome": {"line": ["Новость дня", "Напишите нам", "RSS"], "pattern": [r"^[\d\s.…]+$"]},
    }
    # Home page and tag pages ("/tag/<tag>?pg=N") list news; articles live at /view/<s>/<id>.
    listing_url = re.compile(r"^https?://[^/?#]+(?:/?(?:[?#].*)?$|/tag/)", re.IGNORECASE)


OUTLET = Outlet(
    name="news-asia",
    domains=("news-asia.ru",),
    home="https://www.news-asia.ru",
    timezone=BISHKEK,
    sources=Sources(
        feeds=("http://www.news-asia.ru/rss/all",),  # plain http, as public scrapers use it
        # The front page's news list; GUESS that it paginates like the tag pages (?pg=N).
        listings=("/",),
        next_page="{listing}?pg={page}",
    ),
    article_path=r"/view/\d+/\d+/?",
    extractor=NewsAsia,
)
