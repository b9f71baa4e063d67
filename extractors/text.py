"""Text helpers shared by every extractor: whitespace, blocks of an article body."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence

from selectolax.lexbor import LexborNode

from extractors.selectors import outermost

# Marks with no width: soft hyphen, zero-width (non-)joiners, word joiner, BOM, dropped; and the
# zero-width space, which separates words, so it becomes a space — but between two letters it
# sits inside a word (a paste, a typesetter's break point: "Ис\u200bточник"), which a reader
# sees whole, so it goes. str.split() knows every other Unicode space.
_ZERO_WIDTH = "\u00ad\u200c\u200d\u2060\ufeff\u200b"
_ZERO_WIDTH_TABLE = str.maketrans(dict.fromkeys(_ZERO_WIDTH) | {"\u200b": " "})
_ZERO_WIDTH_IN_WORD = re.compile(r"(?<=[^\W\d_])\u200b+(?=[^\W\d_])")

# Elements that carry no reader-visible text.
INVISIBLE_TAGS = "script, style, noscript, template, iframe, svg, button, form, input, select"


def clean_text(text: str | None) -> str:
    """NFC, soft hyphens and zero-width marks removed, whitespace runs collapsed, stripped."""
    if not text:
        return ""
    if not text.isascii():  # the fast paths matter: this runs on every text of a page
        text = unicodedata.normalize("NFC", text)
    # Most texts are clean already: printable (no zero-width marks, no whitespace but the
    # space), no runs of spaces, none at the ends. Checking is cheaper than splitting words.
    ends_clean = not (text.startswith(" ") or text.endswith(" "))
    if ends_clean and "  " not in text and text.isprintable():
        return text
    if not text.isascii() and any(mark in text for mark in _ZERO_WIDTH):
        if "\u200b" in text:
            text = _ZERO_WIDTH_IN_WORD.sub("", text)
        text = text.translate(_ZERO_WIDTH_TABLE)
    return " ".join(text.split())


# Elements a browser breaks lines at: their text never runs into the text next to them.
_BREAKING_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "  # noqa: SIM905
    "h6 header hr li nav ol p pre section table td th tr ul".split()
)
# Past this many elements a node is a container: looking further costs more than it tells.
_SMALL_NODE = 64


def node_text(node: LexborNode | None) -> str:
    """The visible text of a node, whitespace collapsed ("" for None)."""
    if node is None:
        return ""
    return clean_text(_raw_text(node))


def _raw_text(node: LexborNode) -> str:
    """A node's text as a reader sees it: inline markup (<a>, <b>, <span>) adds no space —
    "<a>Кабар</a>." reads "Кабар." — but block elements and <br> inside it separate words."""
    if node.tag == "-text":
        return node.text_content or ""
    return _text_between_breaks(node, _first_break(node))


def _first_break(node: LexborNode) -> str | None:
    """The tag of the first block element or <br> inside a node, None when there is none, "*"
    past _SMALL_NODE elements (a container: read as broken without looking further)."""
    for count, inner in enumerate(node.traverse()):  # the node itself first
        if count > _SMALL_NODE:
            return "*"
        if count and inner.tag in _BREAKING_TAGS:
            return inner.tag
    return None


def _text_between_breaks(node: LexborNode, first_break: str | None) -> str:
    """The node's text; its pieces are separated by a space when something breaks it."""
    return node.text(deep=True, separator="" if first_break is None else " ")


def most_text(nodes: Sequence[LexborNode]) -> LexborNode | None:
    """The node with the most text (the first of equals), None for none. A lone node is not
    read: the text of a whole article container costs more than finding it."""
    if len(nodes) <= 1:
        return nodes[0] if nodes else None
    return max(nodes, key=lambda node: len(node.text()))


def join_blocks(blocks: Iterable[str]) -> str:
    """Body text: non-empty blocks joined by a blank line."""
    return "\n\n".join(block for block in blocks if block)


# Elements that hold paragraphs rather than being one.
_CONTAINER_TAGS = frozenset({"blockquote", "div", "section", "aside", "figure"})
_PARAGRAPH_TAGS = frozenset({"p", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"})


def block_text(node: LexborNode) -> str:
    """One body block: a list gives its items one per line, a quote or other container of
    several paragraphs gives them as separate paragraphs, anything else one paragraph."""
    if node.tag in ("ul", "ol"):
        items = (node_text(item) for item in node.css("li"))
        return "\n".join(item for item in items if item)
    if node.tag in _CONTAINER_TAGS:
        children = [child for child in node.iter() if child.tag in _PARAGRAPH_TAGS]
        if children:
            return join_blocks(block_text(child) for child in children)
    return _inline_text(node)


def _inline_text(node: LexborNode) -> str:
    """A paragraph's text; <br> becomes a line break, not a glued word."""
    first_break = _first_break(node)  # most paragraphs hold no <br>: no need to look for one
    if first_break is None or (first_break != "br" and node.css_first("br") is None):
        return clean_text(_text_between_breaks(node, first_break))
    lines = (clean_text(line) for line in "".join(_broken_text(node)).split("\n"))
    return "\n".join(line for line in lines if line)


def _broken_text(node: LexborNode) -> Iterator[str]:
    """A paragraph's text in pieces, "\n" for each <br>: one inside inline markup too
    ("<em>Участники форума<br>Фото: …</em>" is two lines, as a reader sees it)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "br":
            yield "\n"
        elif tag not in _BREAKING_TAGS and tag[0] != "-" and child.css_first("br") is not None:
            yield from _broken_text(child)
        else:
            yield _raw_text(child)


# "Фото: пресс-служба …", "Фото пресс-служба МИД КР", "© Александр Казаков/ ТАСС", "Photo: AP",
# "Фото © Kabar", "Фото: © Kabar": the label, its separator and the credit sign go.
_CREDIT = re.compile(
    r"^(?:(?:фото(?:графия)?|фотограф|photo|источник фото|автор фото)\b\s*[:.—–-]?\s*©?|©)\s*"
    r"(?P<credit>\S.*)$",
    re.IGNORECASE,
)
# Credits are one short line; a longer line that starts "Фото …" is a sentence of the article.
_MAX_CREDIT_CHARS = 150


def credit_of(line: str) -> str | None:
    """The credit of a photo-credit line without its label ("Фото:", "©"), else None."""
    if len(line) > 2 * _MAX_CREDIT_CHARS:  # cheap test first: most lines are long sentences
        return None
    line = clean_text(line)
    match = _CREDIT.match(line) if len(line) <= _MAX_CREDIT_CHARS else None
    return match["credit"].strip() if match else None


# Any short label before a colon ("Сүрөт:", "Коллаж:", "Видео:"): the credit follows it.
_ANY_CREDIT_LABEL = re.compile(r"^[^:]{1,30}:\s*")


def credit_text(line: str) -> str:
    """A credit line's credit: "Фото: пресс-служба" → "пресс-служба", "Сүрөт: Kabar" →
    "Kabar", "Фото © Kabar" → "Kabar"; a line with no label ("Скриншот видео") is the
    credit. A credit sign left after another label ("Сүрөт: © Kabar") goes as `credit_of`
    drops it."""
    line = clean_text(line)
    if (credit := credit_of(line)) is not None:
        return credit
    unlabelled = _ANY_CREDIT_LABEL.sub("", line, count=1)
    return credit_of(unlabelled) or unlabelled or line


# "Подпись. Фото: пресс-служба", "Caption (Photo: AP)", "Подпись © ТАСС": a credit after a caption.
_INNER_CREDIT = re.compile(
    r"(?:^|[\s(\[])(?:(?:фото|photo|foto|источник фото|источник)\s*:|©)\s*(?P<credit>[^)\]]+)",
    re.IGNORECASE,
)


def caption_and_credit(line: str) -> tuple[str | None, str | None]:
    """A caption line split into its caption and the credit written after it (either None):
    "Путин и Жапаров. Фото: пресс-служба" → ("Путин и Жапаров.", "пресс-служба")."""
    line = clean_text(line)
    match = _INNER_CREDIT.search(line)
    if match is None:
        return line or None, None
    # The caption keeps its own full stop ("Переговоры в Бишкеке."), as the golden truths do.
    caption = line[: match.start()].rstrip(" ,;:—–-(")
    return caption or None, clean_text(match["credit"]).rstrip(" .)") or None


def remove_nodes(
    root: LexborNode,
    selectors: Iterable[str],
    before_removal: Callable[[LexborNode], None] | None = None,
) -> None:
    """Drop every node matching any selector (boilerplate inside the article), in one pass;
    `before_removal` sees each node that goes (an explanation records it).

    A match inside another match goes with its ancestor. The outermost matches are all found
    before any is removed: once an ancestor is gone, its descendants' parents are freed memory.
    """
    for node in outermost(root.css(", ".join(selectors)), root):
        if before_removal is not None:
            before_removal(node)
        node.decompose()
