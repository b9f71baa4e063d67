"""The one Article schema: extractors produce it, Scrapy carries it, storage and exports keep it."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Article:
    url: str
    canonical_url: str
    outlet: str
    title: str
    body: str
    extractor: str
    lead: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
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
            if value is not None and value.tzinfo is None:
                raise ValueError(f"Article.{name} must be time-zone-aware, got {value!r}")
        if not self.body_hash:
            self.body_hash = hash_body(self.body)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: datetimes as ISO 8601 with offset, images as dicts."""
        data = asdict(self)
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
                values[name] = datetime.fromisoformat(values[name])
        values["images"] = [
            image if isinstance(image, Image) else Image(**image)
            for image in values.get("images") or []
        ]
        values["authors"] = list(values.get("authors") or [])
        values["tags"] = list(values.get("tags") or [])
        return cls(**values)


def hash_body(body: str) -> str:
    """Stable fingerprint of the article text: whitespace runs don't make a new revision."""
    normalised = " ".join(body.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
