"""The fallback's furniture post-filters: what survives generic extraction, removed.

The fallback hands over the article as a list of `Block`s (paragraphs, headings, lists) and gets
back the blocks a reader would call the article. Which line is furniture ("read also" teasers,
newsletter and share prompts, view counters, photo credits, bylines) is the shared classifier's
call (`extractors.furniture`, the same one the site layouts use); what is left here is what only
the fallback needs: link lists by their link share, a dated line standing alone, the page title
repeated as the first line, and the related-stories tail of a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.furniture import TEXT_LABEL, Label, Shape, default_classifier

# Lines longer than this are prose, whatever words they contain.
MAX_FURNITURE_CHARS = 250
# Running text: a paragraph at least this long, ending a sentence, with few links.
MIN_PROSE_CHARS = 150
MAX_PROSE_LINK_SHARE = 0.3
SENTENCE_END = tuple(".!?…\"'”»)")

_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b")
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
    return not furniture_label(line).is_text


def furniture_label(line: str) -> Label:
    """The shared classifier's label of one line (the fallback has no markup left to show)."""
    line = line.strip()
    if not line or len(line) > MAX_FURNITURE_CHARS:
        return TEXT_LABEL
    return default_classifier().label(line)


def is_date_line(line: str) -> bool:
    """A dateline or time stamp standing alone ("Freitag, 28.04.2023, 19:25")."""
    if len(line) > 80 or line.rstrip().endswith(".") or len(_WORD.findall(line)) > 10:
        return False
    return bool(_NUMERIC_DATE.search(line) or (_TIME.search(line) and _YEAR.search(line)))


def is_link_list(block: Block) -> bool:
    """A list of links or a short line that is a link: navigation, not text."""
    return block_label(block) is not None


def block_label(block: Block) -> Label | None:
    """The classifier's label of a whole block by its structure (its link share), else None."""
    chars = len(block.text.replace("\n", ""))
    if not chars or not block.link_chars:
        return None
    shape = Shape(
        tag="list" if block.kind == "list" else block.kind,
        link_share=block.link_chars / chars,
        has_link=True,
    )
    return default_classifier().structure_label(block.text, shape)


def same_words(a: Block | str, b: Block | str) -> bool:
    """Equal texts up to case, punctuation and spacing."""
    words_a = a.words if isinstance(a, Block) else tuple(_WORD.findall(a.lower()))
    words_b = b.words if isinstance(b, Block) else tuple(_WORD.findall(b.lower()))
    return bool(words_a) and words_a == words_b


def is_related_heading(block: Block) -> bool:
    """A heading over a list of other stories ("More from …", "Читайте также")."""
    text = block.text
    heading_like = block.kind == "head" or (len(text) <= 60 and not text.endswith("."))
    return heading_like and "\n" not in text and default_classifier().opens_list(text)


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
