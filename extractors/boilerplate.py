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

from extractors.furniture import (
    FULL_STOPS,
    PLAIN,
    TEXT_LABEL,
    Label,
    Shape,
    default_classifier,
    ends_sentence,
    reading_length,
)

# Lines longer than this are prose, whatever words they contain.
MAX_FURNITURE_CHARS = 250
# Running text: a paragraph at least this long (in Latin letters' worth), ending a sentence,
# with few links.
MIN_PROSE_CHARS = 150
MAX_PROSE_LINK_SHARE = 0.3
# A linked paragraph between the story's paragraphs with this many words is a sentence.
MIN_SENTENCE_WORDS = 10

_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b")
_WORD = re.compile(r"\w+")
# A note's number in square brackets: "[2]" cited in a sentence, and opening the note itself.
_NOTE_NUMBER = re.compile(r"\[(\d{1,3})\]")
# A copyright notice with its year: "© 2019 Associated Press. All Rights Reserved. …".
_COPYRIGHT_NOTICE = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:19|20)\d\d\b", re.I)


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


def furniture_label(line: str, closing: bool = False, link_share: float = 0.0) -> Label:
    """The shared classifier's label of one line (the fallback has no markup left to show but
    links); `closing`: the line is among those that close the text (after its last paragraph,
    nothing but furniture after it, no heading); `link_share`: the share of its characters in
    links, for a block that is this line alone."""
    line = line.strip()
    if not line or len(line) > MAX_FURNITURE_CHARS:
        return TEXT_LABEL
    classifier = default_classifier()
    shape = Shape(link_share=link_share, has_link=True) if link_share else PLAIN
    return classifier.label_last(line, shape) if closing else classifier.label(line, shape)


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
    start = related_tail_start(blocks)
    return blocks if start is None else blocks[:start]


def related_tail_start(blocks: list[Block]) -> int | None:
    """Where the related-stories tail begins (its heading), else None."""
    for index in range(len(blocks) // 2, len(blocks)):
        if is_related_heading(blocks[index]) and not any(map(is_prose, blocks[index + 1 :])):
            return index
    return None


def is_linked_sentence(block: Block) -> bool:
    """A paragraph that is one whole sentence, however much of it is a link: a capital first
    letter (or a letter of a script without capitals: Arabic, Hebrew, Devanagari…), at least
    MIN_SENTENCE_WORDS words, a full stop, "!", "?" or "…" at the end. A teaser's link is a
    headline, which ends without a full stop."""
    text = block.text
    first = text[:1]
    return (
        block.kind == "p"
        and "\n" not in text
        and first.isalpha()
        and not first.islower()
        and text.endswith(FULL_STOPS)
        and len(block.words) >= MIN_SENTENCE_WORDS
    )


def is_prose(block: Block) -> bool:
    """A paragraph of running text: long, ending a sentence, mostly not links."""
    text = block.text
    return (
        block.kind == "p"
        and block.link_chars <= MAX_PROSE_LINK_SHARE * len(text)
        and ends_sentence(text)
        and (len(text) >= MIN_PROSE_CHARS or reading_length(text) >= MIN_PROSE_CHARS)
    )


@dataclass
class Pruned:
    """What the post-filters made of one block: what is kept of it (None: nothing), and each
    removed piece (the whole block, or some of its lines) with the reason."""

    block: Block
    kept: Block | None
    removed: list[tuple[str, Label]] = field(default_factory=list)


def clean_blocks(blocks: Iterable[Block], title: str | None = None) -> list[Block]:
    """The article's blocks without the repeated title, link lists and furniture lines."""
    return [pruned.kept for pruned in prune_blocks(blocks, title) if pruned.kept is not None]


def prune_blocks(blocks: Iterable[Block], title: str | None = None) -> list[Pruned]:
    """Each block with what `clean_blocks` keeps of it and why the rest goes."""
    blocks = list(blocks)
    tail = related_tail_start(blocks)
    # The lines after the last paragraph of prose with nothing but furniture after them close
    # the text: there a line opening "Reporting by …" or "По материалам …", or a name alone,
    # is the story's source, not a sentence of it. A line with text after it (a recipe's
    # "Ingredients" over its list, "Inquiry" over a phone number) labels what follows.
    prose = [index for index, block in enumerate(blocks) if is_prose(block)]
    last_prose = prose[-1] if prose else None
    cited = _cited_notes(blocks)
    pruned = []
    text_after = False
    for index in reversed(range(len(blocks))):  # backwards: what follows a line is known
        block = blocks[index]
        whole = _whole_block_label(block, index, tail, blocks, title)
        # a one-line block's links are its line's ("Related post: <a>…</a>", "READ MORE | <a>…")
        one_line = len(block.lines) == 1 and block.text
        link_share = block.link_chars / len(block.text) if one_line else 0.0
        if (
            (whole is not None or link_share)
            and prose
            and prose[0] < index < prose[-1]
            and is_linked_sentence(block)
        ):
            # a sentence of the story that is all one link: its lines are judged as words
            whole, link_share = None, 0.0
        if whole is not None and whole.by_links and _note_number(block) in cited:
            whole, link_share = None, 0.0  # a note the text cites ("[1] Ruskin KJ. …")
        if whole is not None:
            pruned.append(Pruned(block, None, [(block.text, whole)]))
            continue
        running_text = block.kind in ("p", "head")  # not a list item or a table row
        lines, removed = [], []
        for line in reversed(block.lines):
            closing = last_prose is not None and index > last_prose and not text_after
            label = furniture_label(line, closing and block.kind != "head", link_share)
            if label.is_text and running_text and is_date_line(line):
                label = Label("date", "a date line standing alone")
            elif label.kind == "chrome" and closing and _COPYRIGHT_NOTICE.match(line):
                # the story's terms where its text ends (a wire story's "© 2019 Associated
                # Press. All Rights Reserved."): the benchmarks' truths keep them, and the
                # site's own copyright sits in its footer, which trafilatura does not read
                label = TEXT_LABEL
            if label.is_text:
                lines.append(line)
                text_after = True
            else:
                removed.append((line, label))
        lines.reverse()
        removed.reverse()
        if lines == block.lines:
            kept: Block | None = block
        else:
            kept = Block(block.kind, lines, block.link_chars) if lines else None
        pruned.append(Pruned(block, kept, removed))
    pruned.reverse()
    return pruned


def _note_number(block: Block) -> str | None:
    """The number of the note a block opens with ("[1] Ruskin KJ, …" → "1"), else None."""
    match = _NOTE_NUMBER.match(block.text)
    return match[1] if match else None


def _cited_notes(blocks: list[Block]) -> set[str]:
    """The note numbers the text cites inside its blocks ("… per shift [1], …"): the blocks
    opening with them are the text's notes or references, whatever their links."""
    return {
        match[1]
        for block in blocks
        for match in _NOTE_NUMBER.finditer(block.text)
        if match.start() > 0
    }


def _whole_block_label(
    block: Block, index: int, tail: int | None, blocks: list[Block], title: str | None
) -> Label | None:
    if tail is not None and index >= tail:
        heading = blocks[tail].text
        return Label("related", f"in the list of other stories under '{heading}'")
    if title and same_words(block, title):
        return Label("chrome", "the page's title repeated")
    return block_label(block)
