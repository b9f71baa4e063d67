"""Reading an article's text element block by block, whatever wraps the paragraphs, and
labelling each block text or furniture.

Editors and old pages don't always give one <p> per paragraph: paragraphs come in wrapper
<div>s, as <div>s themselves, or as bare text broken by <br>. `read_blocks` returns the text
blocks in page order for all of these; the outlet says which wrappers are furniture.
`label_blocks` puts the furniture classifier's label on each block (captions and credits with
the picture they belong to): the reading `Layout.prepare` leaves for the fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from selectolax.lexbor import LexborNode

from extractors.furniture import (
    SENTENCE_END,
    TEXT_LABEL,
    FurnitureClassifier,
    Label,
    Shape,
    all_in,
)
from extractors.text import (
    block_text,
    caption_and_credit,
    clean_text,
    credit_of,
    credit_text,
    node_text,
)

# Embedded posts (Twitter, Instagram, Telegram, Facebook, TikTok): the post's own text and
# "View this post on Instagram" are not the article's. Outlets drop them with their boilerplate.
EMBEDDED_POSTS = (
    "blockquote.twitter-tweet, blockquote.twitter-video, blockquote.instagram-media, "
    "blockquote.telegram-post, [data-telegram-post], .fb-post, blockquote.tiktok-embed"
)
_TEXT_BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "dl", "blockquote", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_WRAPPER_TAGS = frozenset({"div", "section", "article", "main", "center", "aside", "figure"})
# An inline element around these is a wrapper too (a <span> around <p>s parses so).
_NESTED_BLOCKS = "p, div, ul, ol, blockquote, table, h2, h3, h4"
_MAX_DEPTH = 4
# A line break in source text is a space; only <br> breaks a line.
_BR = "\n"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # a blank <br> line: a new paragraph


@dataclass
class Block:
    """One paragraph, list, quote or subheading; `node` is None for bare text."""

    text: str
    node: LexborNode | None = None


@dataclass
class Reading:
    """A text element's blocks and pictures, in page order."""

    blocks: list[Block] = field(default_factory=list)
    imgs: list[LexborNode] = field(default_factory=list)


def read_blocks(
    container: LexborNode, is_furniture: Callable[[LexborNode], bool] = lambda node: False
) -> Reading:
    """The text blocks of `container`: its paragraphs, lists, quotes and headings, the same
    inside wrapper <div>s (unless `is_furniture` says a wrapper is a widget), and bare text
    split into paragraphs at blank <br> lines; and its pictures outside those widgets."""
    reading = Reading()
    skipped: set[int] = set()
    _read(container, reading, is_furniture, skipped, depth=0)
    # Pictures in one pass at the end: a selector per block costs more than the block.
    reading.imgs = [img for img in container.css("img") if not _inside(img, skipped, container)]
    return reading


def _read(
    node: LexborNode,
    reading: Reading,
    is_furniture: Callable[[LexborNode], bool],
    skipped: set[int],
    depth: int,
) -> None:
    run: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            run.append((child.text_content or "").replace("\n", " "))
        elif tag == "br":
            run.append(_BR)
        elif tag == "img" or tag.startswith("-"):  # pictures are gathered later; comments
            continue
        elif tag in _TEXT_BLOCK_TAGS:
            _flush(run, reading)
            reading.blocks.append(Block(block_text(child), child))
        elif tag in _WRAPPER_TAGS or child.css_first(_NESTED_BLOCKS) is not None:
            _flush(run, reading)
            if tag != "figure" and (depth >= _MAX_DEPTH or is_furniture(child)):
                skipped.add(child.mem_id)
            elif tag != "figure":  # a figure is a picture and its caption, not text
                before = len(reading.blocks)
                _read(child, reading, is_furniture, skipped, depth + 1)
                # A wrapper whose text is one paragraph is that paragraph: its element tells
                # the classifier its links and pictures ("<div><a>…</a></div>", a teaser).
                if len(reading.blocks) == before + 1 and reading.blocks[-1].node is None:
                    reading.blocks[-1].node = child
        else:  # inline markup: <a>, <b>, <strong>, <span>, <font>
            run.extend(_inline_pieces(child))
    _flush(run, reading)


def _inside(node: LexborNode, ids: set[int], root: LexborNode) -> bool:
    if not ids:
        return False
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _inline_pieces(node: LexborNode) -> list[str]:
    if node.css_first("br") is None:
        return [(node.text(deep=True, separator="") or "").replace("\n", " ")]
    pieces: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            pieces.append((child.text_content or "").replace("\n", " "))
        elif child.tag == "br":
            pieces.append(_BR)
        elif not child.tag.startswith("-"):
            pieces.extend(_inline_pieces(child))
    return pieces


def _flush(run: list[str], reading: Reading) -> None:
    """Bare text gathered so far as paragraphs; its single <br>s are line breaks."""
    text = "".join(run)
    run.clear()
    if not text or text.isspace():  # the whitespace between tags
        return
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = (clean_text(line) for line in paragraph.split(_BR))
        text = "\n".join(line for line in lines if line)
        if text:
            reading.blocks.append(Block(text))


# -- labelling: which blocks are the text, which are furniture --------------------------------
# A paragraph of running text: long, ending a sentence, few links (after a list heading, one
# of these means the heading was the article's own subheading, not the start of a list).
_MIN_PROSE_CHARS = 80
_MAX_LIST_LABEL_CHARS = 80
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


@dataclass
class LabelledBlock:
    """A block of the text element with the classifier's word on it."""

    text: str
    node: LexborNode | None
    label: Label
    picture: str | None = None  # the picture this block is a caption or credit of


@dataclass
class LabelledText:
    """A text element read and labelled: what `Layout.prepare` leaves for the fields to read."""

    blocks: list[LabelledBlock] = field(default_factory=list)

    @property
    def body(self) -> list[str]:
        return [block.text for block in self.blocks if block.label.is_text]

    def of_kind(self, kind: str) -> list[LabelledBlock]:
        return [block for block in self.blocks if block.label.kind == kind]

    @property
    def captions(self) -> dict[str, str]:
        """Captions by their picture's address (the first caption of a picture wins)."""
        found: dict[str, str] = {}
        for block in self.of_kind("caption"):
            if block.picture:
                found.setdefault(block.picture, block.text)
        return found

    @property
    def credits(self) -> list[tuple[str | None, str]]:
        """Credits without their label ("Фото:", "©"), each with its picture when known."""
        return [(block.picture, credit_text(block.text)) for block in self.of_kind("credit")]


def label_blocks(
    blocks: list[Block],
    label: Callable[[Block, bool], Label],
    picture_of: Callable[[LexborNode], str | None],
    classifier: FurnitureClassifier,
) -> LabelledText:
    """Each block labelled (`label(block, after_picture)`), in three steps that only read:
    each block on its own, with the picture it stands beside or under; then the list of
    other stories a heading opens at the end ("Материалы по теме"), whatever the blocks after
    it say; then the closing lines ("По материалам …") that only count where the text ends.
    Furniture lines inside a paragraph of text (a credit after a <br>) are split off."""
    labelled: list[LabelledBlock] = []
    picture: str | None = None
    for block in blocks:
        previous, picture = picture, picture_of(block.node) if block.node is not None else None
        if not block.text:
            continue
        # A picture that no block holds (a bare <img>, a <figure>, a box around a picture)
        # stands right before the block as well as a paragraph that is a picture does.
        previous = previous or _picture_before(block.node, picture_of)
        block_label = label(block, previous is not None)
        # A paragraph of several lines (<br>) is judged line by line unless its structure
        # decided: the words of one line ("… нас в Telegram") say nothing of the others.
        if (
            (block_label.is_text or block_label.by_words)
            and "\n" in block.text
            and _is_paragraph(block.node)
        ):
            under = previous if picture is None else None
            labelled.extend(_split_lines(block, classifier, picture or previous, under))
            continue
        owner = None
        if block_label.kind in ("caption", "credit"):
            owner = picture or previous
            if owner is None and block_label.kind == "credit":
                owner = _picture_before(block.node, picture_of, captioned=True)
        if block_label.kind == "caption" and "\n" in block.text:
            labelled.extend(_caption_lines(block, block_label, owner, classifier))
            continue
        labelled.extend(
            _with_caption_apart(LabelledBlock(block.text, block.node, block_label, owner))
        )
    _label_list_labels(labelled)
    _label_after_list_heading(labelled, classifier)
    _label_closing_lines(labelled, classifier)
    return LabelledText(labelled)


def _picture_before(
    node: LexborNode | None,
    picture_of: Callable[[LexborNode], str | None],
    *,
    captioned: bool = False,
) -> str | None:
    """The picture of the element right before `node` when that element is a picture and
    nothing else (no text of its own): an <img>, a <figure> without a caption, a box. With
    `captioned`, one with its own text too (a <figure> and its caption): a line its words call
    a credit is that picture's, though a plain line under it is no caption."""
    if node is None:
        return None
    sibling = node.prev
    while sibling is not None and sibling.tag in ("-text", "-comment"):
        if sibling.tag == "-text" and (sibling.text_content or "").strip():
            return None  # bare text stands between
        sibling = sibling.prev
    if sibling is None or sibling.tag.startswith("-"):
        return None
    # The picture first (a lookup): most siblings are paragraphs without one.
    picture = picture_of(sibling)
    if picture is None or captioned:
        return picture
    return picture if not (sibling.text() or "").strip() else None


def _caption_lines(
    block: Block, caption: Label, picture: str | None, classifier: FurnitureClassifier
) -> list[LabelledBlock]:
    """A caption of several lines (<br>) by a picture whose lines hold its credit ("Участники
    форума<br>Фото — Sputnik"): the caption lines and the credit lines apart, each the
    picture's. With no credit line it stays one caption."""
    lines = block.text.split("\n")
    labels = [classifier.caption_or_credit(line, caption.reason) for line in lines]
    if all(label.kind == "caption" for label in labels):
        return [LabelledBlock(block.text, block.node, caption, picture)]
    captions = [line for line, label in zip(lines, labels, strict=True) if label.kind == "caption"]
    apart = [LabelledBlock("\n".join(captions), block.node, caption, picture)] if captions else []
    apart += [
        LabelledBlock(line, block.node, label, picture)
        for line, label in zip(lines, labels, strict=True)
        if label.kind == "credit"
    ]
    return apart


def _with_caption_apart(block: LabelledBlock) -> list[LabelledBlock]:
    """A credit line that opens with its picture's caption ("Путин и Жапаров. Фото: …") as
    the caption and the credit."""
    if block.label.kind != "credit":
        return [block]
    caption, credit = caption_and_credit(block.text)
    if not caption or not credit or credit_of(block.text):
        return [block]
    return [
        LabelledBlock(
            caption, block.node, Label("caption", "the words before a credit"), block.picture
        ),
        LabelledBlock(credit, block.node, block.label, block.picture),
    ]


def _is_paragraph(node: LexborNode | None) -> bool:
    return node is None or node.tag not in ("ul", "ol", "dl", "table", "pre")


def _split_lines(
    block: Block,
    classifier: FurnitureClassifier,
    picture: str | None,
    under_picture: str | None = None,
) -> list[LabelledBlock]:
    """A paragraph's lines: furniture lines split off, the text lines kept together. Each
    line is labelled with its own links (a line that is a link, "Читайте нас в <a>…</a>"),
    then as a box of pointers written with <br>s: a line that opens a list of stories
    ("Читайте также:") and the titles after it, a line ending in ":" above link lines. Under
    a picture (`under_picture`), a paragraph of a credit line and one other line is the
    picture's caption and credit: that line is read as a line under a picture."""
    links = link_texts(block.node)
    lines = block.text.split("\n")
    labels = [classifier.label(line, _line_shape(line, links)) for line in lines]
    _label_pointer_boxes(lines, labels, classifier)
    text_lines = [index for index, label in enumerate(labels) if label.is_text]
    if under_picture and len(text_lines) == 1 and any(lb.kind == "credit" for lb in labels):
        line = lines[text_lines[0]]
        under = _line_shape(line, links)._replace(after_picture=True)
        labels[text_lines[0]] = classifier.label(line, under)
    kept: list[str] = []
    split: list[LabelledBlock] = []
    for line, line_label in zip(lines, labels, strict=True):
        if line_label.is_text:
            kept.append(line)
        else:
            owner = picture if line_label.kind in ("caption", "credit") else None
            split.append(LabelledBlock(line, block.node, line_label, owner))
    if kept:
        split.insert(0, LabelledBlock("\n".join(kept), block.node, TEXT_LABEL))
    return split


def _label_pointer_boxes(
    lines: list[str], labels: list[Label], classifier: FurnitureClassifier
) -> None:
    """A paragraph's lines that make a box of pointers to other stories: after a line that
    opens a list ("Читайте также:", "По теме:"), the titles up to the next sentence; a short
    line ending in ":" right above a line that is a link."""
    heading: str | None = None
    for index, line in enumerate(lines):
        if heading is not None and labels[index].is_text and not _is_sentence_line(line):
            labels[index] = Label("related", f"a title under the line '{heading}'")
            continue
        heading = line if classifier.opens_list(line, alone=True) else None
        if heading is not None and labels[index].is_text:
            labels[index] = Label("related", f"a line that opens a list ('{line}')")
    for index in range(len(lines) - 1):
        line, after = lines[index], labels[index + 1]
        if (
            labels[index].is_text
            and line.endswith(":")
            and len(line) <= _MAX_LIST_LABEL_CHARS
            and after.kind == "related"
            and after.by_links
        ):
            labels[index] = Label("related", "the label of the links after it")


def _is_sentence_line(line: str) -> bool:
    return line.endswith(SENTENCE_END)


def link_texts(node: LexborNode | None) -> list[str]:
    """The distinct texts of a node's links, in page order."""
    links = node.css("a") if node is not None else []
    return list(dict.fromkeys(filter(None, map(node_text, links))))


def _line_shape(line: str, links: list[str], closing: bool = False) -> Shape:
    """A line of a paragraph as the classifier sees it: the links whose text it holds."""
    linked = [text for text in links if text in line]
    share = sum(map(len, linked)) / len(line) if line else 0.0
    return Shape(link_share=min(share, 1.0), has_link=bool(linked), closing=closing)


def _label_list_labels(blocks: list[LabelledBlock]) -> None:
    """A short heading right above links to other stories (a list of links, a paragraph that
    is a link) is their heading, whatever its words ("Хронология визита:", <h3>Хроника
    событий</h3>, a bold "Это интересно"): a heading, a line all in bold, or a line ending
    in a colon."""
    for block, after in pairwise(blocks):
        if (
            block.label.is_text
            and after.label.kind == "related"
            and after.label.by_links
            and _is_heading_line(block)
        ):
            block.label = Label("related", "the heading of the links after it")


def _is_heading_line(block: LabelledBlock) -> bool:
    text, node = block.text, block.node
    if len(text) > _MAX_LIST_LABEL_CHARS or "\n" in text:
        return False
    if text.endswith(":"):
        return True
    if text.endswith(SENTENCE_END) or node is None:
        return False
    return node.tag in _SUBHEADING_TAGS or all_in(node, text, "strong, b")


def _label_after_list_heading(blocks: list[LabelledBlock], classifier: FurnitureClassifier) -> None:
    """A heading that opens a list of other stories, with no prose after it: it and every
    block after it are the list."""
    for index, block in enumerate(blocks):
        if not classifier.opens_list(block.text, alone=True):
            continue
        rest = blocks[index + 1 :]
        if any(later.label.is_text and _is_prose(later) for later in rest):
            continue
        reason = f"after the heading '{block.text}' of a list of other stories"
        block.label = Label("related", f"heading of a list of other stories ('{block.text}')")
        for later in rest:
            if later.label.is_text:
                later.label = Label("related", reason)
        return


def _is_prose(block: LabelledBlock) -> bool:
    text = block.text
    return len(text) >= _MIN_PROSE_CHARS and text.endswith(SENTENCE_END) and "\n" not in text


def _is_heading_element(node: LexborNode | None) -> bool:
    """A heading element: where the text ends, it may be a closing phrase's line but is never
    a name alone signing the story ("Summary" is no source; `FurnitureClassifier.label_last`)."""
    return node is not None and node.tag in ("h1", *_SUBHEADING_TAGS)


def _label_closing_lines(blocks: list[LabelledBlock], classifier: FurnitureClassifier) -> None:
    """Text blocks at the very end that are closing furniture ("По материалам РИА Новости", a
    name alone), and such lines that end the last paragraph of text after a <br>."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if not block.label.is_text:
            continue
        if "\n" in block.text and _is_paragraph(block.node):
            blocks[index + 1 : index + 1] = _closing_lines_apart(block, classifier)
            return
        if _is_heading_element(block.node):
            closing = classifier.label(block.text, Shape(closing=True))
        else:
            closing = classifier.label_last(block.text)
        if closing.is_text:
            return
        block.label = closing


def _closing_lines_apart(
    block: LabelledBlock, classifier: FurnitureClassifier
) -> list[LabelledBlock]:
    """The closing furniture lines at the end of a paragraph, split off it (the paragraph
    keeps its other lines)."""
    lines = block.text.split("\n")
    links = link_texts(block.node)
    apart: list[LabelledBlock] = []
    while len(lines) > 1:
        label = classifier.label_last(lines[-1], _line_shape(lines[-1], links))
        if label.is_text:
            break
        apart.insert(0, LabelledBlock(lines.pop(), block.node, label))
    block.text = "\n".join(lines)
    return apart
