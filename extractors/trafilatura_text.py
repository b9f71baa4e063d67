"""trafilatura's reading of a page as text blocks: a precise run, and a balanced one if needed.

The precise run (it drops doubtful blocks) is the base. The caller runs the balanced one only
when the page shows prose the precise run missed; a paragraph only the balanced run found is
added back when it reads as prose (long, sentence-final punctuation, few links), since that is
what the precise run loses by mistake, while what it drops on purpose is short furniture.
Its output tree (p, head, list, quote, table) becomes `Block`s: paragraphs, list items one per
line, links counted so that navigation can be told from prose.
"""

from __future__ import annotations

from itertools import takewhile

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

from extractors.boilerplate import Block, is_prose
from extractors.furniture import ONE_LINK_SHARE, ends_sentence
from extractors.text import clean_text

_CUT_OFF = ("…", "...")
# The block elements of trafilatura's output tree; anything else is inline.
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code"})


def precise_blocks(tree: HtmlElement) -> list[Block]:
    """The article's blocks as trafilatura's precise run reads them."""
    return _trafilatura_blocks(tree, favor_precision=True)


def with_balanced_prose(tree: HtmlElement, precise: list[Block]) -> list[Block]:
    """The precise run's blocks plus the prose a balanced run finds and it missed."""
    balanced = _trafilatura_blocks(tree, favor_precision=False)
    if not precise:
        return [block for block in balanced if is_prose(block)]
    precise_texts = {block.text for block in precise}
    balanced_texts = {block.text for block in balanced}
    unmatched = sum(len(block.text) for block in precise if block.text not in balanced_texts)
    if unmatched > 0.2 * sum(len(block.text) for block in precise):
        return precise  # the runs chose different parts of the page: trust the precise one
    shared = [index for index, block in enumerate(balanced) if block.text in precise_texts]
    first, last = shared[0], shared[-1]
    ending = last + len(story_ending(balanced[last + 1 :]))
    return [
        block
        for index, block in enumerate(balanced)
        if block.text in precise_texts
        or is_prose(block)
        or (first < index <= ending and (is_sentence(block) or block.kind == "head"))
    ]


def story_ending(blocks: list[Block]) -> list[Block]:
    """The sentences that go on from the story's last paragraph, and the subheadings between
    them ("Who runs it?" over two short paragraphs): the blocks up to the first that is
    neither, without a subheading that no sentence follows."""
    ending = list(takewhile(lambda block: goes_on(block) or block.kind == "head", blocks))
    while ending and ending[-1].kind == "head":
        ending.pop()
    return ending


def goes_on(block: Block) -> bool:
    """A sentence that may go on from the story's last paragraph: not one cut off with an
    ellipsis, as the excerpt of a teaser for another story is ("АНКАРА (ИА Реалист). Турция
    внимательно отслеживает …")."""
    return is_sentence(block) and not block.text.endswith(_CUT_OFF)


def is_sentence(block: Block) -> bool:
    """A paragraph that ends a sentence and is not mostly link text: between paragraphs of
    the story, the precise run drops such paragraphs for their links alone."""
    text = block.text
    return (
        block.kind == "p" and ends_sentence(text) and block.link_chars < ONE_LINK_SHARE * len(text)
    )


def _trafilatura_blocks(tree: HtmlElement, *, favor_precision: bool) -> list[Block]:
    document = trafilatura.bare_extraction(
        tree,  # trafilatura works on its own copy
        # no url: trafilatura would resolve every link's address, and only their text is read
        favor_precision=favor_precision,
        include_comments=False,
        include_links=True,  # link text share tells navigation from prose
        with_metadata=False,
        # only the output tree is read: the "python" format would also write it out as text
        output_format="txt",
    )
    if document is None or document.body is None:
        return []
    return _mixed_blocks(document.body)


def _blocks_of(element: _Element) -> list[Block]:
    """Blocks of one element of trafilatura's output tree (p, head, list, quote, table…)."""
    if element.tag == "list":
        lines = _list_lines(element)
    elif element.tag == "table":
        lines = [
            " | ".join(cell for cell in map(_inline_text, row.iter("cell")) if cell)
            for row in element.iter("row")
        ]
    elif any(child.tag in _BLOCK_TAGS for child in element):
        return _mixed_blocks(element)
    else:
        lines = _inline_text(element, keep_breaks=True).split("\n")
    lines = [line for line in lines if line]
    return [Block(str(element.tag), lines, _link_chars(element))] if lines else []


def _mixed_blocks(container: _Element) -> list[Block]:
    """A container of blocks and loose text (a quote holding a <p> and its attribution):
    each block in turn, and each run of loose text between them as a paragraph."""
    blocks: list[Block] = []
    loose, loose_links = [container.text or ""], 0

    def flush() -> None:
        lines = [line for line in map(clean_text, "".join(loose).split("\n")) if line]
        if lines:
            blocks.append(Block("p", lines, loose_links))

    for child in container:
        if child.tag in _BLOCK_TAGS:
            flush()
            blocks.extend(_blocks_of(child))
            loose, loose_links = [], 0
        else:
            loose.append("\n" if child.tag == "lb" else _raw_text(child, keep_breaks=False))
            loose_links += _link_chars(child)
        loose.append(child.tail or "")
    flush()
    return blocks


def _list_lines(list_element: _Element) -> list[str]:
    """One line per item; a nested list's items follow their parent item's line."""
    lines = []
    for item in list_element.iterchildren("item"):
        own = [child for child in item if child.tag != "list"]
        text = clean_text((item.text or "") + "".join(_full_text(child) for child in own))
        lines.append(text)
        for sublist in item.iterchildren("list"):
            lines.extend(_list_lines(sublist))
    return lines


def _full_text(element: _Element) -> str:
    return "".join(element.itertext()) + (element.tail or "")


def _inline_text(element: _Element, keep_breaks: bool = False) -> str:
    """An element's text, whitespace collapsed; <lb/> starts a new line when `keep_breaks`."""
    return "\n".join(clean_text(line) for line in _raw_text(element, keep_breaks).split("\n"))


def _raw_text(element: _Element, keep_breaks: bool) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if keep_breaks and child.tag == "lb" else _raw_text(child, False))
        parts.append(child.tail or "")
    return "".join(parts)


def _link_chars(element: _Element) -> int:
    return sum(len(clean_text("".join(ref.itertext()))) for ref in element.iter("ref"))
