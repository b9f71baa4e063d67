"""Text helpers shared by every extractor: whitespace, blocks of an article body."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from selectolax.lexbor import LexborNode

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff"))

# Elements that carry no reader-visible text.
INVISIBLE_TAGS = "script, style, noscript, template, iframe, svg, button, form, input, select"


def clean_text(text: str | None) -> str:
    """NFC, soft hyphens and zero-width marks removed, whitespace runs collapsed, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return " ".join(line for line in lines if line)


def node_text(node: LexborNode | None) -> str:
    """The visible text of a node, whitespace collapsed ("" for None)."""
    if node is None:
        return ""
    return clean_text(node.text(deep=True, separator=" "))


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
    if node.css_first("br") is None:
        return node_text(node)
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "br":
            parts.append("\n")
        else:
            parts.append(child.text(deep=True, separator=" "))
    lines = (clean_text(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# "Фото: пресс-служба …", "Фото пресс-служба МИД КР", "© Александр Казаков/ ТАСС", "Photo: AP".
_CREDIT = re.compile(
    r"^(?:(?:фото(?:графия)?|photo|источник фото|автор фото)\b\s*[:.—–-]?|©)\s*(?P<credit>\S.*)$",
    re.IGNORECASE,
)
# Credits are one short line; a longer line that starts "Фото …" is a sentence of the article.
_MAX_CREDIT_CHARS = 150


def credit_of(line: str) -> str | None:
    """The credit of a photo-credit line without its label ("Фото:", "©"), else None."""
    line = clean_text(line)
    if len(line) > _MAX_CREDIT_CHARS:
        return None
    match = _CREDIT.match(line)
    return match["credit"].strip() if match else None


def split_credits(block: str) -> tuple[str, list[str]]:
    """A body block without its photo-credit lines, and those credits in order."""
    kept: list[str] = []
    credits: list[str] = []
    for line in block.split("\n"):
        credit = credit_of(line)
        if credit is None:
            kept.append(line)
        else:
            credits.append(credit)
    return "\n".join(kept), credits


def remove_nodes(root: LexborNode, selectors: Iterable[str]) -> None:
    """Drop every node matching any selector (boilerplate inside the article)."""
    for selector in selectors:
        for node in root.css(selector):
            node.decompose()
