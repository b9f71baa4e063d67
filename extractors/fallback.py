"""The generic extractor for layouts no site extractor knows and for any other site: trafilatura."""

from __future__ import annotations

from importlib.metadata import version

import trafilatura

from extractors.article import Article
from extractors.errors import NotAnArticle

NAME = f"trafilatura@{version('trafilatura')}"


def extract(html: str, url: str, *, outlet: str) -> Article:
    """The article of any page, by trafilatura; NotAnArticle when it finds no text."""
    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, with_metadata=True, as_dict=False
    )
    if document is None or not (document.text or "").strip():
        raise NotAnArticle("trafilatura found no article text")
    return Article(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=document.title or "",
        body=document.text,
        extractor=NAME,
        language=document.language,
    )
