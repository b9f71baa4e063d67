"""News-Asia (news-asia.ru): a Central Asian news portal; windows-1251 pages, one known layout.

Evidence (shared/outlets/NOTES.md §1): a public scraper reads the article as the direct <p>
children of `div.content` (cp1251). The rest of the page is known only from page texts: the
header with today's date, the title followed by a "Новость дня" label, the article's date line
("05 марта 2013 11:46", or "Сегодня 05:30" beside "Комментарии [0]"), then a list of older
news, pagination, "Фоторепортажи", the poll, "Обзоры", "О стране" — all outside `div.content`.

Time zone: the pages print times without an offset. They are read as Bishkek time (UTC+6), the
project's decision (NOTES §1(e): the portal reports from and mostly on Kyrgyzstan), unless the
page's metadata (JSON-LD, article:published_time) carries an explicit offset, which wins.

Dates: the header's date ("среда, 02 июля 2025") is the day the page was served, never the
article's date; it only anchors the article's relative date line ("Сегодня 05:30").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cached_property

from selectolax.lexbor import LexborNode

from extractors.article import Image
from extractors.base import Layout, SiteExtractor
from extractors.dates import BISHKEK, MONTHS, parse_russian_date
from extractors.text import block_text, clean_text, credit_of, join_blocks, node_text

# The label set beside the title of the day's main story; not part of the title.
_DAY_LABEL = re.compile(r"^\s*Новость дня\s*|\s*Новость дня\s*$", re.IGNORECASE)
# The site name the <title> may append: "… - News-Asia", "… | Новости Центральной Азии".
_TITLE_SUFFIX = re.compile(r"\s+[-|—–/]\s+[^-|—–/]*(?:News-Asia|Новости)[^-|—–/]*$", re.IGNORECASE)
# An article date line always has a time of day; the header's date ("среда, 02 июля 2025")
# and dates inside the text ("2 июля 2025 года") never do.
_DATE_LINE = re.compile(
    r"(?P<line>(?:сегодня|вчера|позавчера)\s*,?\s*(?:в\s+)?\d{1,2}:\d{2}"
    r"|\d{1,2}\s+[а-яё]+\s+\d{4}\s*(?:г\.?)?\s*,?\s*(?:в\s+)?\d{1,2}:\d{2})",
    re.IGNORECASE,
)
# The date line after the article block, recognised by the comment counter beside it.
_COMMENTED_DATE_LINE = re.compile(rf"\s*{_DATE_LINE.pattern}\s*Комментари", re.IGNORECASE)
_HEADER_DATE = re.compile(
    r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\s*,\s*"
    r"(?P<day>\d{1,2})\s+(?P<month>[а-яё]+)\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset({"p", "ul", "ol", "blockquote", "h2", "h3", "h4", "h5"})


class Classic(Layout):
    """The only layout public sources show (2010–2025 pages share it)."""

    name = "classic"
    anchor = "div.content > p"
    body_css = "div.content"

    def body_container(self) -> LexborNode | None:
        """`div.content` is a generic class name: of several, the one with the most text in
        its own paragraphs."""
        candidates = self.tree.css("div.content")
        if len(candidates) == 1:
            return candidates[0]
        return max(candidates, key=_own_paragraphs_length, default=None)

    @cached_property
    def content(self) -> LexborNode | None:
        return self.body_node()

    @cached_property
    def article_scope(self) -> LexborNode | None:
        """The element around the text that also holds its title and date line."""
        return self.content.parent if self.content is not None else None

    # -- title --------------------------------------------------------------------------------
    def title(self) -> str:
        """The <h1> next to the text, else og:title, else another <h1> that is not the logo,
        else <title> without the site's name."""
        scope, heading = self.article_scope, None
        for _ in range(2):  # the article's own block, then the column around it
            if scope is None or heading is not None or scope.tag in ("body", "html"):
                break
            heading = scope.css_first("h1")
            scope = scope.parent
        title = (
            node_text(heading)
            or clean_text(self.meta.first_meta("og:title"))
            or next((text for text in self.texts("h1") if "News-Asia" not in text), "")
            or _TITLE_SUFFIX.sub("", node_text(self.first("title")))
        )
        return _DAY_LABEL.sub("", title).strip()

    # -- body and photo credits ---------------------------------------------------------------
    @cached_property
    def body_and_credits(self) -> tuple[str, list[str]]:
        """The article text, and the photo-credit lines taken out of it.

        Only the direct children of `div.content` are text (as in the public scraper). A
        paragraph that is nothing but a credit, and credit lines ending the last paragraph
        ("…<br>Фото: пресс-служба Президента КР"), are credits, not text.
        """
        if self.content is None:
            return "", []
        blocks = [block_text(node) for node in self.content.iter() if node.tag in _BLOCK_TAGS]
        credits: list[str] = []
        kept: list[str] = []
        for block in filter(None, blocks):
            lines = block.split("\n")
            line_credits = [credit_of(line) for line in lines]
            if all(line_credits):
                credits.extend(c for c in line_credits if c)
            else:
                kept.append(block)
        if kept:
            lines = kept[-1].split("\n")
            trailing: list[str] = []
            while len(lines) > 1 and (credit := credit_of(lines[-1])):
                trailing.insert(0, credit)
                lines.pop()
            kept[-1] = "\n".join(lines)
            credits.extend(trailing)
        return join_blocks(kept), credits

    def body(self) -> str:
        return self.body_and_credits[0]

    def images(self) -> list[Image]:
        """og:image, then the pictures around and inside the text; credits to the first."""
        imgs = self.article_scope.css("img") if self.article_scope is not None else []
        return self.images_from(self.meta.first_meta("og:image"), imgs, self.body_and_credits[1])

    # -- dates --------------------------------------------------------------------------------
    def visible_date(self) -> datetime | None:
        """The article's date line: in the block around the text, else just before that block,
        else right after it beside the comment counter — never a date of the older-news list
        that follows the article."""
        if self.content is None or self.article_scope is None:
            return None
        text_itself = self.content.text(separator="\n")
        scope_text = self.article_scope.text(separator="\n")
        match = _DATE_LINE.search(scope_text.replace(text_itself, "\n", 1))
        column = self.article_scope.parent
        if match is None and column is not None:
            before, _, after = column.text(separator="\n").partition(scope_text)
            match = _DATE_LINE.search(before) or _COMMENTED_DATE_LINE.match(after)
        if match is None:
            return None
        line = match["line"]
        # Only "Сегодня"/"Вчера" need the page's own day; it costs a look at the page.
        today = self.page_day() if not line[0].isdigit() else None
        return parse_russian_date(line, self.site.tz, today)

    def page_day(self) -> datetime | None:
        """The end of the day printed in the page header: what "Сегодня" means on this page."""
        body = self.tree.body
        match = _HEADER_DATE.search(body.text(separator=" ")) if body is not None else None
        month = MONTHS.get(match["month"].lower()) if match else None
        if match is None or month is None:
            return None
        try:
            day = date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
        return datetime.combine(day, time(23, 59, 59), tzinfo=self.site.tz)


def _own_paragraphs_length(node: LexborNode) -> int:
    return sum(len(child.text()) for child in node.iter() if child.tag == "p")


class NewsAsia(SiteExtractor):
    outlet = "news-asia"
    domains = ("news-asia.ru",)
    tz = BISHKEK
    layouts = (Classic,)
    # Home page and tag pages ("/tag/<tag>?pg=N") list news; articles live at /view/<s>/<id>.
    listing_url = re.compile(r"^https?://[^/?#]+(?:/?(?:[?#].*)?$|/tag/)", re.IGNORECASE)
