"""Machine-readable page metadata: JSON-LD, OpenGraph / article:* meta, schema.org microdata."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.text import clean_text

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
}


class PageMetadata:
    """Lazy readers over one parsed page; each source is read once, on first use."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """`<meta property|name=… content=…>` values by lower-cased key, in page order."""
        values: dict[str, list[str]] = {}
        for node in self.tree.css("meta[content]"):
            attrs = node.attributes  # a new dict on every read: read once
            key = attrs.get("property") or attrs.get("name")
            content = attrs.get("content")
            if key and content and (content := content.strip()):
                values.setdefault(key.strip().lower(), []).append(content)
        return values

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            if found := self.meta.get(key):
                return found[0]
        return None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, @graph members flattened; broken blocks skipped."""
        objects: list[dict[str, Any]] = []
        for node in self.tree.css('script[type="application/ld+json"]'):
            try:
                data = json.loads(node.text(deep=True) or "null", strict=False)
            except ValueError:
                continue
            stack = data if isinstance(data, list) else [data]
            while stack:
                item = stack.pop(0)
                if isinstance(item, list):
                    stack.extend(item)
                elif isinstance(item, dict):
                    objects.append(item)
                    if isinstance(item.get("@graph"), list):
                        stack.extend(item["@graph"])
        return objects

    @cached_property
    def article_ld(self) -> dict[str, Any]:
        """The (last, as outlets append theirs after generic ones) article-typed JSON-LD object."""
        found: dict[str, Any] = {}
        for item in self.json_ld:
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                found = item
        return found

    @cached_property
    def _microdata(self) -> dict[str | None, list[LexborNode]]:
        # One walk of the page for every microdata question: a walk per name costs as much
        # again each time (an attribute test on every element of a 100 KB page, ~0.4 M
        # instructions), and most pages have few or no itemprop elements to sort.
        found: dict[str | None, list[LexborNode]] = {}
        for node in self.tree.css("[itemprop]"):
            found.setdefault(node.attributes.get("itemprop"), []).append(node)
        return found

    def tree_changed(self) -> None:
        """Forget the elements found so far (a layout's prepare() removed some)."""
        self.__dict__.pop("_microdata", None)

    def itemprop_nodes(self, name: str) -> list[LexborNode]:
        """The elements whose itemprop is exactly `name` (as `[itemprop="name"]`), in page
        order (found once; `tree_changed()` after removing elements)."""
        return self._microdata.get(name, [])

    def itemprop(self, name: str) -> list[str]:
        """schema.org microdata values of `itemprop=name`: content/datetime attribute, else text."""
        values = []
        for node in self.itemprop_nodes(name):
            attrs = node.attributes
            value = attrs.get("content") or attrs.get("datetime") or clean_text(node.text())
            if value:
                values.append(value.strip())
        return values

    @cached_property
    def canonical(self) -> str | None:
        node = self.tree.css_first('link[rel="canonical"][href]')
        return node.attributes.get("href") if node is not None else self.first_meta("og:url")


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value (str, dict or list of either)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and clean_text(name):
            names.append(clean_text(name))
    return names
