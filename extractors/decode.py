"""Bytes to text by the page's own declaration: BOM, <meta charset>/http-equiv, then a guess."""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from extractors.errors import NotAnArticle, Undecodable

# Bytes that never appear in a text page: NUL and most C0 controls.
_BINARY = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_SNIFF_BYTES = 4096


def decode_html(data: bytes | str, declared: str | None = None) -> str:
    """Decode page bytes. `declared` is a transport hint (HTTP charset); the page itself wins.

    Raises NotAnArticle for empty or binary input and Undecodable when nothing fits.
    """
    return decode_page(data, declared)[0]


def decode_page(data: bytes | str, declared: str | None = None) -> tuple[str, bytes | str]:
    """The page's text (as `decode_html` gives it) and what to give the HTML parser: the bytes
    themselves when they are that text in UTF-8 (lexbor parses UTF-8 bytes; given the text, it
    encodes it back first, about a fifth of a site extraction on a 100 KB Cyrillic page), else
    the text."""
    text, source = (data, data) if isinstance(data, str) else _decode_bytes(data, declared)
    if _blank(text):
        raise NotAnArticle("empty document")
    return text, source


def _decode_bytes(data: bytes, declared: str | None) -> tuple[str, bytes | str]:
    if _blank(data):
        raise NotAnArticle("empty document")
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        text = data[len(bom) :].decode(bom_encoding, errors="replace")
        return text, text
    head = data[:_SNIFF_BYTES]
    binary_bytes = len(head) - len(head.translate(None, _BINARY))  # deleting them counts them
    if binary_bytes > 8:
        raise NotAnArticle("binary data, not an HTML page")
    # Valid multi-byte UTF-8 is next to impossible in cp1251 Cyrillic text, so a page that
    # decodes as UTF-8 is UTF-8 whatever it declares (servers and templates mislabel often).
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    candidates = [html_body_declared_encoding(data), declared, "cp1251"]
    for name in candidates:
        encoding = _known(name)
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, text
    raise Undecodable("bytes fit none of the declared or fallback encodings")


def _blank(page: bytes | str) -> bool:
    """Nothing but whitespace (what strip() leaves empty), asked without copying the page:
    isspace() stops at the first other character."""
    return not page or page.isspace()


def _known(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    if resolved is None:
        return None
    try:
        return codecs.lookup(resolved).name
    except LookupError:
        return None
