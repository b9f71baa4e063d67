"""Page furniture that survives generic extraction: what it looks like and how to remove it.

An extractor hands over the article as a list of `Block`s (paragraphs, headings, lists) and gets
back the blocks a reader would call the article. The rules are about kinds of boilerplate seen on
news sites in many languages (Russian first), never about particular sites: "read also" teasers,
link lists, newsletter and share prompts, view counters, photo credits, bylines, the page title
repeated as the first line. Each rule only touches short lines, so article prose is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Lines longer than this are prose, whatever words they contain.
MAX_FURNITURE_CHARS = 250
# A block whose text is mostly link text is navigation (a list of other stories).
LINK_TEXT_SHARE = 0.8
LINK_LIST_SHARE = 0.5
# Running text: a paragraph at least this long, ending a sentence, with few links.
MIN_PROSE_CHARS = 150
MAX_PROSE_LINK_SHARE = 0.3
SENTENCE_END = tuple(".!?…\"'”»)")

_READ_ALSO = re.compile(
    r"""^\W*(?:
        read\s+(?:more|also|next)\b|also\s+read\b|see\s+also\b|also\s+on\b|more\s*:|
        related(?:\s+(?:articles?|stories|news|posts?|links?))?\s*:|you\s+may\s+also\s+like|
        recent\s+posts|most\s+(?:read|popular)\b|
        lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|
        les\s+også|czytaj\s+(?:więcej|też|także)|lire\s+aussi|lee\s+también|leer\s+más|
        читайте\s+(?:также|тоже|ещё|еще|по\s+теме|нас)|также\s+читайте|смотрите\s+также|
        по\s+теме\s*:|подробнее\s*:|ранее\s*:|читать\s+(?:далее|полностью)|
        похожие\s+(?:новости|материалы|статьи)|последние\s+новости|другие\s+новости|
        новости\s+по\s+теме|материалы\s+по\s+теме
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings of the lists of other stories that close many pages: nothing after them is the story.
_RELATED_HEADING = re.compile(
    r"""^\W*(?:more\s+(?:from|on|stories|news)\b|related\b|recommended\b|you\s+may\s+also\s+like|
        recent\s+posts|most\s+(?:read|popular|viewed)|popular\b|trending\b|latest\s+news|
        read\s+(?:more|next|also)\b|see\s+also|also\s+read|
        mehr\s+zum\s+thema|auch\s+interessant|meistgelesen|
        читайте\s+также|также\s+читайте|смотрите\s+также|похожие\b|по\s+теме\b|
        последние\s+новости|другие\s+(?:новости|материалы)|новости\s+по\s+теме|
        самое\s+(?:читаемое|популярное)|популярное|мы\s+рекомендуем|рекомендуем\b|лента\s+новостей
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMPT = re.compile(
    r"""newsletter|subscribe\s+(?:to|now|for)\b|sign\s+up\s+(?:for|to)\s+(?:our|the)\b|
        follow\s+us\b|share\s+(?:this|it)\b|like\s+this\s+story|all\s+rights\s+reserved|
        join\s+our\b|download\s+(?:our|the)\s+app|get\s+in\s+touch\s+with|
        (?:e-?mail|write\s+to)\s+us\s+at|
        подпис(?:ывайтесь|аться|ка)|наш\s+(?:telegram|телеграм|канал)|в\s+соцсетях|
        все\s+права\s+защищены|всего\s+голосов|total\s+votes|перепечатка|
        при\s+(?:использовании|цитировании)\s+материал""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT = re.compile(
    r"""^\W*(?:photo|photos|image|images|picture|credit|credits|source|
        foto|fotos|bild|bilder|quelle|
        фото|фотография|источник|иллюстрация|видео)\b[^:]{0,30}:""",
    re.IGNORECASE | re.VERBOSE,
)
# "Фото пресс-служба МИД КР": a credit line without the colon.
_BARE_CREDIT = re.compile(r"^\W*(?:photo|foto|фото)\s+\w", re.IGNORECASE)
# "Foto [M]: Shutterstock" or "(credit: NASA)" inside a short line.
_INNER_CREDIT = re.compile(r"\b(?:photo|foto|фото|credit)\s*(?:\[\w+\]\s*)?:", re.IGNORECASE)
# Lines that are a single piece of page furniture, compared without punctuation or case.
_FURNITURE_LINES = frozenset(
    {
        *("tags", "tag", "share", "share this", "comments", "comment", "advertisement", "ad"),
        *("related", "more", "print", "email", "article content", "recommended"),
        *("recommended videos", "continue reading"),
        *("теги", "метки", "поделиться", "комментарии", "комментарий", "реклама"),
        *("подписаться", "читать далее", "источник", "версия для печати"),
    }
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b")
_COUNTER = re.compile(
    r"^\W*(?:\d+\s*)?(?:views?|comments?|shares?|просмотр\w*|комментари\w*)\s*:?\s*\d*\W*$",
    re.IGNORECASE,
)
# "11 часов ago", "5 минут назад", "2 hours ago": a time stamp of a teaser.
_RELATIVE_TIME = re.compile(
    r"^\W*\d+\s+(?:секунд|минут|час|дн|день|недел|месяц|second|minute|hour|day|week|month)\w*"
    r"\s+(?:назад|ago)\W*$",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")
_BYLINE = re.compile(r"^\W*(?:by|von|автор|авторы|текст)\s*:?\s+\w", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass
class Block:
    """One block of extracted text: its kind ("p", "head", "list", …), its lines, and how many
    of its characters sit inside links."""

    kind: str
    lines: list[str]
    link_chars: int = 0
    words: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.words = tuple(_WORD.findall(self.text.lower()))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def is_furniture(line: str) -> bool:
    """Whether one short line of text is page furniture rather than article text."""
    line = line.strip()
    if not line or len(line) > MAX_FURNITURE_CHARS:
        return False
    if " ".join(_WORD.findall(line.lower())) in _FURNITURE_LINES:
        return True
    return bool(
        _READ_ALSO.search(line)
        or _COUNTER.search(line)
        or _RELATIVE_TIME.search(line)
        or (line.startswith("©") and len(line) < 120)
        or (_URL.search(line) is not None and len(_WORD.findall(_URL.sub("", line))) <= 2)
        or (_CREDIT.search(line) and len(line) < 120)
        or (_INNER_CREDIT.search(line) and len(line) < 120)
        or (_BARE_CREDIT.search(line) and len(line) < 60 and not line.endswith("."))
        or (_BYLINE.search(line) and len(line) < 60 and not line.endswith("."))
        or (_PROMPT.search(line) and len(line) < 200)
    )


def is_date_line(line: str) -> bool:
    """A dateline or time stamp standing alone ("Freitag, 28.04.2023, 19:25")."""
    if len(line) > 80 or line.rstrip().endswith(".") or len(_WORD.findall(line)) > 10:
        return False
    return bool(_NUMERIC_DATE.search(line) or (_TIME.search(line) and _YEAR.search(line)))


def is_link_list(block: Block) -> bool:
    """A list of links or a short line that is a link: navigation, not text."""
    chars = len(block.text.replace("\n", ""))
    if block.kind == "list":
        return block.link_chars > LINK_LIST_SHARE * chars
    return block.link_chars > LINK_TEXT_SHARE * chars and chars < MAX_FURNITURE_CHARS


def same_words(a: Block | str, b: Block | str) -> bool:
    """Equal texts up to case, punctuation and spacing."""
    words_a = a.words if isinstance(a, Block) else tuple(_WORD.findall(a.lower()))
    words_b = b.words if isinstance(b, Block) else tuple(_WORD.findall(b.lower()))
    return bool(words_a) and words_a == words_b


def is_related_heading(block: Block) -> bool:
    """A heading over a list of other stories ("More from …", "Читайте также")."""
    text = block.text
    heading_like = block.kind == "head" or (len(text) <= 60 and not text.endswith("."))
    return heading_like and "\n" not in text and bool(_RELATED_HEADING.search(text))


def cut_related_tail(blocks: list[Block]) -> list[Block]:
    """The blocks before a related-stories heading that only teasers follow (no paragraph
    of prose after it) in the second half of the page."""
    for index in range(len(blocks) // 2, len(blocks)):
        if is_related_heading(blocks[index]) and not any(map(is_prose, blocks[index + 1 :])):
            return blocks[:index]
    return blocks


def is_prose(block: Block) -> bool:
    """A paragraph of running text: long, ending a sentence, mostly not links."""
    text = block.text
    return (
        block.kind == "p"
        and len(text) >= MIN_PROSE_CHARS
        and block.link_chars <= MAX_PROSE_LINK_SHARE * len(text)
        and text.endswith(SENTENCE_END)
    )


def clean_blocks(blocks: Iterable[Block], title: str | None = None) -> list[Block]:
    """The article's blocks without the repeated title, link lists and furniture lines."""
    kept = []
    for block in cut_related_tail(list(blocks)):
        if (title and same_words(block, title)) or is_link_list(block):
            continue
        running_text = block.kind in ("p", "head")  # not a list item or a table row
        lines = [
            line
            for line in block.lines
            if not is_furniture(line) and not (running_text and is_date_line(line))
        ]
        if lines == block.lines:
            kept.append(block)
        elif lines:
            kept.append(Block(block.kind, lines, block.link_chars))
    return kept
