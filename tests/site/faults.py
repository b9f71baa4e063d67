"""Broken answers the local test site can give instead of a page, chosen per path:

    site.faults[site.path(7)] = HttpError(503)            # every request of article 7
    site.faults[site.path(8)] = ResetMidBody(times=1)     # the first request only, then the page
    site.faults["/feed/"] = BillionLaughs()

A fault writes straight to the HTTP handler, so it can do what a server should never do: stall,
cut the connection mid-body, lie about the length or the charset, send a 50 MB page (made as it
is sent) or a gzip bomb. Each fault's `kind` names what a crawl should count it as; the site's
request log (`LocalSite.requests`) records it with every request it answered.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from tests.site.server import Page

CHUNK = 64 * 1024
FILLER = b"<p>" + "Наполнитель страницы. ".encode() * 100 + b"</p>\n"
# The smallest real files of each type: the crawler must see they aren't pages.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e"
    b"\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


class Fault:
    """Serve something broken `times` times (None: always), the real page after that."""

    kind: str = ""
    status: int = 200  # the status it answers with, for the site's request log

    def __init__(self, *, times: int | None = None) -> None:
        self.times = times
        self.served = 0
        self.lock = threading.Lock()

    def due(self) -> bool:
        with self.lock:
            if self.times is not None and self.served >= self.times:
                return False
            self.served += 1
            return True

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        """Answer the request: `page` is what the site would have answered."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind})"


# -- helpers ----------------------------------------------------------------------------------


def start(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str | int]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, str(value))
    handler.end_headers()


def send(handler: BaseHTTPRequestHandler, body: bytes) -> bool:
    """Write, and say whether the client was still there."""
    try:
        handler.wfile.write(body)
        return True
    except OSError:  # the crawler gave up on us (timeout, size limit): what we wanted
        handler.close_connection = True
        return False


def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str) -> None:
    start(handler, status, {"Content-Type": content_type, "Content-Length": len(body)})
    send(handler, body)


def hang_up(handler: BaseHTTPRequestHandler, *, reset: bool) -> None:
    """End the connection now: with a TCP reset (RST), or an ordinary close (FIN)."""
    handler.close_connection = True
    if reset:
        # Linger 0 turns close() into a reset; the read buffer holds the last socket reference.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.rfile.close()
        handler.connection.close()


# -- HTTP errors ------------------------------------------------------------------------------


class HttpError(Fault):
    def __init__(self, status: int, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.status = status
        self.kind = f"http_{status}"

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        body = f"<html><body><h1>{self.status}</h1></body></html>".encode()
        answer(handler, self.status, body, "text/html")


class RateLimited(Fault):
    kind = "http_429"
    status = 429

    def __init__(self, retry_after: int = 1, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.retry_after = retry_after

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        body = b"Too Many Requests"
        headers = {
            "Content-Type": "text/plain",
            "Content-Length": len(body),
            "Retry-After": self.retry_after,
        }
        start(handler, 429, headers)
        send(handler, body)


# -- broken transfers -------------------------------------------------------------------------


class Held(Fault):
    """The real page once the test sets `release` (a minute at most): a crawl kept busy."""

    kind = "held"

    def __init__(self, release: threading.Event, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.release = release

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        self.release.wait(60)
        answer(handler, page.status, page.body, page.content_type)


class Slow(Fault):
    """Headers and half the page at once, the rest `seconds` later (after the crawler's
    DOWNLOAD_TIMEOUT)."""

    kind = "timeout"

    def __init__(self, seconds: float, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.seconds = seconds

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        half = len(page.body) // 2
        start(handler, 200, {"Content-Type": page.content_type, "Content-Length": len(page.body)})
        if send(handler, page.body[:half]):
            time.sleep(self.seconds)
            send(handler, page.body[half:])


class ResetMidBody(Fault):
    """Half the announced page, then a TCP reset."""

    kind = "connection_reset"

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        start(handler, 200, {"Content-Type": page.content_type, "Content-Length": len(page.body)})
        send(handler, page.body[: len(page.body) // 2])
        hang_up(handler, reset=True)


class ShortBody(Fault):
    """The whole page but a longer Content-Length, then an orderly close: a truncated transfer."""

    kind = "data_loss"

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        headers = {"Content-Type": page.content_type, "Content-Length": len(page.body) + 5000}
        start(handler, 200, headers)
        send(handler, page.body)
        hang_up(handler, reset=False)


# -- wrong labels and wrong contents ----------------------------------------------------------

META_CHARSET = re.compile(
    rb"<meta\s+charset=[^>]*>|<meta\s+http-equiv=\"Content-Type\"[^>]*>", re.IGNORECASE
)


class Mislabelled(Fault):
    """The page encoded in `encoding`, its HTTP header and <meta> both saying `declared`
    (None: no charset anywhere)."""

    def __init__(
        self, encoding: str, declared: str | None, source_encoding: str, *, times: int | None = None
    ) -> None:
        super().__init__(times=times)
        self.encoding, self.declared, self.source_encoding = encoding, declared, source_encoding
        self.kind = "charset_missing" if declared is None else "charset_mismatch"

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        text = page.body.decode(self.source_encoding)
        body = text.encode(self.encoding, errors="xmlcharrefreplace")  # as the site does
        meta = f'<meta charset="{self.declared}">'.encode() if self.declared else b""
        body = META_CHARSET.sub(meta, body, count=1)
        content_type = f"text/html; charset={self.declared}" if self.declared else "text/html"
        start(handler, 200, {"Content-Type": content_type, "Content-Length": len(body)})
        send(handler, body)


class Binary(Fault):
    """An image or a PDF served as text/html."""

    kind = "binary_body"

    def __init__(self, data: bytes, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.data = data

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        answer(handler, 200, self.data, "text/html; charset=utf-8")


class Empty(Fault):
    kind = "empty_body"

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        answer(handler, 200, b"", "text/html; charset=utf-8")


class Nested(Fault):
    """The real page with everything in <body> wrapped in `depth` nested <div>s."""

    kind = "deep_nesting"

    def __init__(self, depth: int = 10_000, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.depth = depth

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        opened = page.body.index(b">", page.body.index(b"<body")) + 1
        closed = page.body.rindex(b"</body>")
        body = (
            page.body[:opened]
            + b"<div>" * self.depth
            + page.body[opened:closed]
            + b"</div>" * self.depth
            + page.body[closed:]
        )
        answer(handler, 200, body, page.content_type)


# -- size -------------------------------------------------------------------------------------


class Huge(Fault):
    """A `size`-byte page made while it is sent; `announced`: with its Content-Length (else the
    body runs until the connection closes)."""

    kind = "too_large"

    def __init__(self, size: int, *, announced: bool, times: int | None = None) -> None:
        super().__init__(times=times)
        self.size, self.announced = size, announced
        self.sent = 0  # bytes of body the crawler let us send, at most

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        headers: dict[str, str | int] = {"Content-Type": "text/html; charset=utf-8"}
        if self.announced:
            headers["Content-Length"] = self.size
        else:
            headers["Connection"] = "close"
            handler.close_connection = True
        start(handler, 200, headers)
        chunk = (FILLER * (CHUNK // len(FILLER) + 1))[:CHUNK]
        while self.sent < self.size:
            part = chunk[: self.size - self.sent]
            if not send(handler, part):
                break
            self.sent += len(part)


class Padded(Fault):
    """The real page padded with a comment to `size` bytes: big, but under the size limit."""

    kind = "large_page"

    def __init__(self, size: int, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.size = size

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        padding = max(0, self.size - len(page.body) - 7)
        body = page.body + b"<!--" + b"x" * padding + b"-->"
        answer(handler, 200, body, page.content_type)


class GzipBomb(Fault):
    """`size` bytes of zeros gzipped (about 1/1000 of that), as Content-Encoding: gzip."""

    kind = "decompression_bomb"

    def __init__(self, size: int, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.body = gzipped_zeros(size)  # made now: compressing takes a while

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        body = self.body
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Encoding": "gzip",
            "Content-Length": len(body),
        }
        start(handler, 200, headers)
        send(handler, body)


@cache
def gzipped_zeros(size: int) -> bytes:
    """gzip of `size` zero bytes, compressed a megabyte at a time (never all in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block, parts = bytes(1 << 20), []
    for offset in range(0, size, len(block)):
        parts.append(compressor.compress(block[: size - offset]))
    parts.append(compressor.flush())
    return b"".join(parts)


# -- redirects --------------------------------------------------------------------------------


class Redirect(Fault):
    """302 to `location` (another host, a private address, file://...)."""

    kind = "redirect"
    status = 302

    def __init__(self, location: str, *, times: int | None = None) -> None:
        super().__init__(times=times)
        self.location = location

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        redirect(handler, self.location)


class RedirectLoop(Fault):
    """path -> path?hop=1 -> path: back where it started."""

    kind = "redirect_loop"
    status = 302

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        parts = urlsplit(handler.path)
        redirect(handler, parts.path if parts.query else f"{parts.path}?hop=1")


class RedirectChain(Fault):
    """path?hop=N -> path?hop=N+1, without end."""

    kind = "too_many_redirects"
    status = 302

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        parts = urlsplit(handler.path)
        hop = int(parse_qs(parts.query).get("hop", ["0"])[0])
        redirect(handler, f"{parts.path}?hop={hop + 1}")


def redirect(handler: BaseHTTPRequestHandler, location: str) -> None:
    body = b"<html><body>Moved</body></html>"
    headers = {"Location": location, "Content-Type": "text/html", "Content-Length": len(body)}
    start(handler, 302, headers)
    send(handler, body)


# -- feeds and sitemaps -----------------------------------------------------------------------


class BrokenXml(Fault):
    """An XML source that can't be read: `truncated` (the real one cut in half), `entities`
    (billion laughs), or `gzip_bomb` (a sitemap.xml.gz that inflates past any limit)."""

    def __init__(self, variant: str, *, times: int | None = None) -> None:
        super().__init__(times=times)
        if variant not in ("truncated", "entities", "gzip_bomb"):
            raise ValueError(f"unknown broken XML: {variant}")
        self.variant = variant
        self.bomb = gzipped_zeros(64 << 20) if variant == "gzip_bomb" else b""
        self.kind = {
            "truncated": "malformed_xml",
            "entities": "xml_entities",
            "gzip_bomb": "decompression_bomb",
        }[variant]

    def serve(self, handler: BaseHTTPRequestHandler, page: Page) -> None:
        if self.variant == "truncated":
            answer(handler, 200, page.body[: len(page.body) // 2], page.content_type)
        elif self.variant == "gzip_bomb":
            answer(handler, 200, self.bomb, "application/x-gzip")
        else:
            root = re.search(rb"<(rss|urlset|sitemapindex|feed)\b", page.body)
            name = root.group(1).decode() if root else "rss"
            body = BILLION_LAUGHS + f"<{name}>&lol9;</{name}>\n".encode()
            answer(handler, 200, body, page.content_type)
