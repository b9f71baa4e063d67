"""The one Article schema: extractors produce it, Scrapy carries it, storage and exports keep it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


def web_images(images: Iterable[Image], page_url: str) -> list[Image]:
    """The images whose address, resolved against the page's, is a web address (http or
    https with a host), each address once: a `javascript:`, `data:`, `blob:` or `file:`
    "picture" is no picture a reader or an archive can fetch."""
    found: dict[str, Image] = {}
    for image in images:
        try:
            address = urljoin(page_url, image.url.strip())
            parts = urlsplit(address)
            host = parts.hostname
        except ValueError:  # "http://[::1": no address at all
            continue
        if parts.scheme.lower() in ("http", "https") and host and address not in found:
            found[address] = image if address == image.url else replace(image, url=address)
    return list(found.values())


@dataclass
class Article:
    url: str
    canonical_url: str
    outlet: str
    title: str
    body: str
    extractor: str
    lead: str | None = None
    # A datetime when the page tells the time of day, a date when it gives the day only.
    published: datetime | date | None = None
    modified: datetime | date | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    language: str | None = None
    # Why the site extractor was skipped, when the fallback produced this article.
    fallback_reason: str | None = None
    fetched_at: datetime | None = None
    body_hash: str = ""

    def __post_init__(self) -> None:
        for name in ("published", "modified", "fetched_at"):
            value = getattr(self, name)
            if name == "fetched_at" and value is not None and not isinstance(value, datetime):
                raise ValueError(f"Article.fetched_at must be a datetime, got {value!r}")
            if isinstance(value, datetime) and value.tzinfo is None:
                raise ValueError(f"Article.{name} must be time-zone-aware, got {value!r}")
        if not self.body_hash:
            self.body_hash = hash_body(self.body)

    @property
    def by_site_extractor(self) -> bool:
        """Whether an outlet's site extractor made this article (`extractor` "site:…"), not
        the fallback."""
        return self.extractor.startswith("site:")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: datetimes as ISO 8601 with offset ("2025-01-15T10:14:00+06:00"), a
        date alone as a date ("2025-01-15"), images as dicts."""
        # Field by field rather than dataclasses.asdict, whose deep copies cost more than the
        # rest of storing an article: lists are copied, images made dicts, the strings shared.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        data["authors"], data["tags"] = list(self.authors), list(self.tags)
        data["images"] = [asdict(image) for image in self.images]
        for name in ("published", "modified", "fetched_at"):
            value = data[name]
            data[name] = value.isoformat() if value is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("published", "modified", "fetched_at"):
            if isinstance(values.get(name), str):
                values[name] = from_iso(values[name])
        values["images"] = [
            image if isinstance(image, Image) else Image(**image)
            for image in values.get("images") or []
        ]
        values["authors"] = list(values.get("authors") or [])
        values["tags"] = list(values.get("tags") or [])
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in fields(Article))


def from_iso(text: str) -> datetime | date:
    """A date or datetime as `Article.to_dict()` writes it: "2025-01-15" stays a date."""
    if len(text) == len("2025-01-15"):
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def hash_body(body: str) -> str:
    """Stable fingerprint of the article text: whitespace runs don't make a new revision."""
    normalised = " ".join(body.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
