"""Reading an article's text element block by block, whatever wraps the paragraphs.

Editors and old pages don't always give one <p> per paragraph: paragraphs come in wrapper
<div>s, as <div>s themselves, or as bare text broken by <br>. `read_blocks` returns the text
blocks in page order for all of these; the outlet says which wrappers are furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from extractors.text import block_text, clean_text

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
                _read(child, reading, is_furniture, skipped, depth + 1)
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
