"""Feed exporters for Articles: datetimes as ISO 8601 with their offset, lists kept whole.

Scrapy's own exporters write datetimes without an offset and CSV lists as Python reprs; these
turn each Article into `Article.to_dict()` first. FEED_EXPORTERS in settings.py maps every feed
format to them, and `newsasia export` writes through the same classes.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import (
    CsvItemExporter,
    JsonItemExporter,
    JsonLinesItemExporter,
    XmlItemExporter,
)

from extractors import Article


def plain_item(item: Any) -> Any:
    """An Article as its JSON-ready dict; anything else unchanged."""
    return item.to_dict() if isinstance(item, Article) else item


class ArticleJsonLinesExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        super().export_item(plain_item(item))


class ArticleJsonExporter(JsonItemExporter):
    def export_item(self, item: Any) -> None:
        super().export_item(plain_item(item))


class ArticleXmlExporter(XmlItemExporter):
    def export_item(self, item: Any) -> None:
        super().export_item(plain_item(item))


class ArticleCsvExporter(CsvItemExporter):
    """One row per article; list fields (authors, tags, images) as JSON arrays in their cell."""

    def export_item(self, item: Any) -> None:
        data = plain_item(item)
        if isinstance(data, dict):
            data = {
                name: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
                for name, value in data.items()
            }
        super().export_item(data)
