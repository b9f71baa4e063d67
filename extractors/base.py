"""Site extractors as declarations: one class per outlet, one nested Layout per markup version."""

from __future__ import annotations

from typing import ClassVar

from extractors.article import Article


class SiteExtractor:
    """An outlet's extractor. Subclasses declare `outlet`, `domains` and their layouts."""

    outlet: ClassVar[str]
    domains: ClassVar[tuple[str, ...]]
    version: ClassVar[str] = "1"

    def covers(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def extract(self, html: str, url: str) -> Article:
        raise NotImplementedError
