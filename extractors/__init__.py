"""newsasia's extraction library: HTML in, Article out. Pure functions, no Scrapy, no I/O.

    >>> from extractors import extract
    >>> article = extract(html_bytes, url)   # the URL selects the outlet's site extractor

`extract` raises only `ExtractionError` (or one of its subclasses).
"""

from extractors.article import Article, Image, from_iso, hash_body
from extractors.chain import extract, outlet_for_url
from extractors.errors import ExtractionError, NotAnArticle, Undecodable, UnrecognisedLayout

__all__ = [
    "Article",
    "ExtractionError",
    "Image",
    "NotAnArticle",
    "Undecodable",
    "UnrecognisedLayout",
    "extract",
    "from_iso",
    "hash_body",
    "outlet_for_url",
]
