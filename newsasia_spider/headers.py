"""HTTP header values as text."""

from __future__ import annotations

from scrapy.http import Response


def header_text(response: Response, name: bytes) -> str | None:
    """The header's (first) value as the wire has it, one character per byte; None if absent."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
