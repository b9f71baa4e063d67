"""The only exceptions `extractors.extract` lets out."""


class ExtractionError(Exception):
    """No article could be extracted from the page."""


class UnrecognisedLayout(ExtractionError):
    """The site extractor knows none of this page's layouts (the fallback may still succeed)."""


class NotAnArticle(ExtractionError):
    """The page holds no article: a listing, an error page, an empty or binary document."""


class Undecodable(ExtractionError):
    """The bytes can't be decoded as text in any plausible encoding."""
