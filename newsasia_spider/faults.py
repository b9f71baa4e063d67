"""Broken answers from the sites we crawl, counted by kind and logged once per URL.

Every fault is counted in the crawl stats as `newsasia/fault/<kind>`, once per faulty answer
(so a page that failed three times counts three). The kinds:

    http_500, http_503, ... http_429   a server error or rate limit (retried)
    timeout, connection_reset, data_loss, connection_lost, connection_refused, dns
                                        a download that broke off (retried)
    too_large, decompression_bomb       over DOWNLOAD_MAXSIZE, as sent or once inflated
    redirect_loop, too_many_redirects, redirect_not_http
    empty_body, binary_body             a 200 that holds no page
    charset_mismatch, charset_missing   a page whose charset label is wrong or absent (the
                                        extractors decode it all the same)
    large_page                          over DOWNLOAD_WARNSIZE but stored

Feeds, sitemaps and listings the spider can't read count their own kinds there
(malformed_xml, xml_entities, ...). Refused requests are the guard's (`newsasia/refused/...`).

Each faulty URL gets one line from this module: a WARNING when its page is lost, an INFO when
a retry got past the fault or the extractors can cope. Scrapy's own size warnings stay.

Three downloader middlewares (in newsasia_spider/downloadermiddlewares/) share the work, by
where they sit in the chain; this module is what they share:

    AnswerFaultsMiddleware (610)   every answer off the wire, before redirects and retries
    HttpCompressionMiddleware (590)  Scrapy's, counting the bombs it stops
    OutcomeFaultsMiddleware (540)  what is left after retries and decompression: the page
                                   bodies, and the end of a request that failed for good
"""

from __future__ import annotations

import logging
import re
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.http import Response
from twisted.internet import error as twisted_errors
from twisted.web.client import ResponseFailed, ResponseNeverReceived
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from newsasia_spider import stat_keys

logger = logging.getLogger(__name__)

FAULTS_META = "newsasia_faults"  # request meta: the kinds of fault met by earlier attempts
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Magic numbers of files that are not pages (images, documents, archives).
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"RIFF",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x00\x00\x01\x00",
)
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def exception_kind(exception: Exception) -> str | None:
    """The fault a download exception stands for, or None for one that isn't a site's fault
    (a bug: Scrapy then logs it with its traceback)."""
    if isinstance(exception, DownloadTimeoutError | twisted_errors.TimeoutError):
        return "timeout"
    if isinstance(exception, ResponseDataLossError):
        # The connection ended before Content-Length: by a reset, or by an orderly close.
        failed = exception.__cause__
        reasons = getattr(failed, "reasons", [])
        reset = any(reason.check(twisted_errors.ConnectionLost) for reason in reasons)
        return "connection_reset" if reset else "data_loss"
    if isinstance(exception, DownloadCancelledError):
        return "too_large"  # Scrapy cancels a download only when it outgrows DOWNLOAD_MAXSIZE
    refused = DownloadConnectionRefusedError | twisted_errors.ConnectionRefusedError
    if isinstance(exception, refused):
        return "connection_refused"
    if isinstance(exception, CannotResolveHostError | twisted_errors.DNSLookupError):
        return "dns"
    connection_errors = (
        DownloadFailedError,
        ResponseFailed,
        ResponseNeverReceived,
        twisted_errors.ConnectionLost,
        twisted_errors.ConnectionDone,
        twisted_errors.ConnectError,
    )
    if isinstance(exception, connection_errors):
        return "connection_lost"
    return None


def body_kind(response: Response, warn_size: int) -> str | None:
    """What is wrong with a 200 answer that says it is a page (or says nothing), or None.
    Feeds, sitemaps and robots.txt are their readers' to judge."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if content_type and "html" not in content_type:
        return None
    body = response.body
    if not body.strip():
        return "empty_body"
    head = body[:4096]
    if head.startswith(BINARY_SIGNATURES) or len(CONTROL_BYTES.findall(head)) > 8:
        return "binary_body"
    if warn_size and len(body) > warn_size:
        return "large_page"
    return charset_kind(body, content_type)


def charset_kind(body: bytes, content_type: str) -> str | None:
    """charset_missing: neither the header nor the page names one; charset_mismatch: the
    label says UTF-8 and the bytes aren't, or the bytes are Cyrillic UTF-8 and it says another
    charset."""
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared is None:
        return "charset_missing" if not body.isascii() else None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        is_utf8 = False
    else:
        is_utf8 = not body.isascii()
    says_utf8 = declared.replace("-", "").lower() in ("utf8", "utf_8")
    if says_utf8 and not is_utf8 and not body.isascii():
        return "charset_mismatch"
    if is_utf8 and not says_utf8:
        return "charset_mismatch"
    return None


class FaultLog:
    """The crawl's fault counter and its once-per-URL log."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.logged: set[str] = set()

    def count(self, kind: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat_keys.FAULT + kind)

    def log(self, level: int, url: str, message: str, *args: object) -> None:
        if url in self.logged:
            return
        self.logged.add(url)
        logger.log(level, message, *args)


def fault_log(crawler: Crawler) -> FaultLog:
    """One FaultLog per crawl, shared by the middlewares below."""
    if crawler not in _fault_logs:
        _fault_logs[crawler] = FaultLog(crawler)
    return _fault_logs[crawler]


_fault_logs: WeakKeyDictionary[Crawler, FaultLog] = WeakKeyDictionary()
