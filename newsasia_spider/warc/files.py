"""WARC files: write fetched pages as WARC/1.1 records, read them back.

Files rotate per outlet as `<warc dir>/<outlet>/<UTC date>-<seq>.warc.gz` (or
`<UTC date>-<seq>-<writer>.warc.gz` for a named writer: each distributed worker writes only
files of its own name, and repairs only those), each a series of
gzip members (one per record, so any record can be read from its offset alone) opening with a
`warcinfo` record. Nothing here knows Scrapy: an `Exchange` is plain bytes and strings.

Crash safety: a record is compressed in memory and handed to the kernel with one write of the
whole member, so a killed process leaves whole records behind, and the caller records a
record's place (`RecordLocation`) only after that write returned. A file that still ends in a
partial record (a full disk, a power cut) is cut back to its last whole record the next time
the outlet's writer starts.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

WARC_VERSION = "WARC/1.1"
DEFAULT_WARC_DIR = "data/warc"
FILE_NAME = re.compile(r"^(\d{8})-(\d{5})(?:-([A-Za-z0-9_.-]+))?\.warc\.gz$")
WRITER_NAME = re.compile(r"[^A-Za-z0-9_.-]+")  # what a writer's name may not hold in a file name
# WARC 1.1 revisit profiles: the server said 304, or sent the very bytes stored already.
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PROFILE = RecordBuilder.REVISIT_PROFILE_1_1
# Scrapy hands over bodies with the chunked framing removed: a record keeping the header
# would say the body is chunked when it isn't, so the header is kept under another name.
DECHUNKED_HEADER = "X-Crawler-Transfer-Encoding"


def resolve_warc_dir(
    explicit: str | os.PathLike[str] | None = None, setting: str | None = None
) -> Path:
    """The WARC directory: an explicit choice (--warc-dir), else the NEWSASIA_WARC_DIR
    environment variable, else the NEWSASIA_WARC_DIR setting, else data/warc."""
    return Path(explicit or os.environ.get("NEWSASIA_WARC_DIR") or setting or DEFAULT_WARC_DIR)


def software_name() -> str:
    try:
        return f"newsasia/{version('newsasia')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "newsasia"


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the answer to it, as they went over the wire."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes  # as received: still gzip-compressed if the server compressed it
    protocol: str = "HTTP/1.1"
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    ip_address: str | None = None
    request_body: bytes = b""


@dataclass(frozen=True)
class RecordLocation:
    """Where a record is: its file (relative to the WARC directory), offset and length."""

    file: str
    offset: int
    length: int


@dataclass(frozen=True)
class Written:
    location: RecordLocation  # the response (or revisit) record
    record_id: str
    record_type: str  # "response" or "revisit"
    payload_digest: str
    fetched_at: datetime


@dataclass(frozen=True)
class PriorResponse:
    """The stored response a revisit record refers to."""

    url: str
    record_id: str
    fetched_at: datetime
    payload_digest: str


@dataclass(frozen=True)
class StoredPage:
    """A response record read back."""

    url: str
    fetched_at: datetime
    status: int
    headers: list[tuple[str, str]]
    raw_body: bytes  # as received (still compressed if it was)
    body: bytes  # Content-Encoding removed: the page as served
    record_id: str
    payload_digest: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class WarcError(Exception):
    """A WARC file or record can't be written or read."""


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body (sha1, base32), as warcio writes it."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


class OutletWarcWriter:
    """Appends one outlet's records to its current WARC file, starting a new file each UTC day
    and when the current one reaches max_size bytes."""

    def __init__(
        self, directory: str | os.PathLike[str], outlet: str, max_size: int, writer: str = ""
    ) -> None:
        self.root = Path(directory)
        # Another process may be appending to the other writers' files: never touch them.
        self.writer = WRITER_NAME.sub("_", writer)
        self.folder = self.root / outlet
        self.max_size = max_size
        self.builder = RecordBuilder(warc_version=WARC_VERSION)
        self.fd: int | None = None
        self.path: Path | None = None
        self.day = ""
        self.size = 0
        self.repaired = False

    def write(self, exchange: Exchange, prior: PriorResponse | None = None) -> Written:
        """Write the request and the response (or a revisit record when prior is given and the
        answer is a 304 or the same payload). Returns where the response/revisit record is."""
        records, written = self._records(exchange, prior)
        members = [self._member(record) for record in records]
        self._open_for(exchange.fetched_at, sum(map(len, members)))
        offset = self.size
        self._write_bytes(b"".join(members))  # one write: a kill leaves all or none of it
        assert self.path is not None
        # The request record comes first; the response record is the second member.
        location = RecordLocation(
            self.path.relative_to(self.root).as_posix(), offset + len(members[0]), len(members[1])
        )
        return Written(location, *written)

    def close(self) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None

    # -- records -------------------------------------------------------------------------------
    def _records(
        self, exchange: Exchange, prior: PriorResponse | None
    ) -> tuple[list[ArcWarcRecord], tuple[str, str, str, datetime]]:
        """The request and response (or revisit) records, and what Written says of the
        latter besides its place: record id, type, payload digest, fetch time."""
        date = datetime_to_iso_date(exchange.fetched_at.astimezone(UTC).replace(tzinfo=None))
        response_id = f"<urn:uuid:{uuid.uuid4()}>"
        common = {"WARC-Date": date}
        if exchange.ip_address:
            common["WARC-IP-Address"] = exchange.ip_address
        http_headers = StatusAndHeaders(
            status_line(exchange.status),
            http_headers_as_recorded(exchange.response_headers),
            protocol=exchange.protocol,
        )
        digest = payload_digest(exchange.body)
        if prior is not None and (exchange.status == 304 or digest == prior.payload_digest):
            profile = NOT_MODIFIED_PROFILE if exchange.status == 304 else IDENTICAL_PROFILE
            revisit_headers = {
                **common,
                "WARC-Record-ID": response_id,
                "WARC-Profile": profile,
                "WARC-Refers-To": prior.record_id,
                "WARC-Refers-To-Target-URI": prior.url,
                "WARC-Refers-To-Date": datetime_to_iso_date(
                    prior.fetched_at.astimezone(UTC).replace(tzinfo=None)
                ),
                "WARC-Payload-Digest": prior.payload_digest,
                "WARC-Truncated": "length",  # the payload is the earlier record's
            }
            if exchange.status == 304:
                del revisit_headers["WARC-Truncated"]
            response = self.builder.create_warc_record(
                exchange.url,
                "revisit",
                payload=io.BytesIO(b""),
                length=0,
                warc_headers_dict=revisit_headers,
                http_headers=http_headers,
            )
            kind, stored_digest = "revisit", prior.payload_digest
        else:
            response = self.builder.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                warc_headers_dict={**common, "WARC-Record-ID": response_id},
                http_headers=http_headers,
            )
            kind, stored_digest = "response", digest
        target = exchange.url.split("://", 1)[-1].split("/", 1)
        path = "/" + (target[1] if len(target) > 1 else "")
        request_headers = StatusAndHeaders(
            f"{exchange.method} {path} {exchange.protocol}",
            with_host(exchange.request_headers, target[0]),
            is_http_request=True,
        )
        request = self.builder.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            warc_headers_dict={**common, "WARC-Concurrent-To": response_id},
            http_headers=request_headers,
        )
        return [request, response], (response_id, kind, stored_digest, exchange.fetched_at)

    def _member(self, record: ArcWarcRecord) -> bytes:
        """A record as one gzip member, block and payload digests set."""
        self.builder.ensure_digest(record, block=True, payload=record.rec_type == "response")
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=True, warc_version=WARC_VERSION).write_record(record)
        return buffer.getvalue()

    def _warcinfo(self, filename: str) -> bytes:
        info = {
            "software": software_name(),
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "description": f"pages newsasia fetched from {self.folder.name}",
        }
        return self._member(self.builder.create_warcinfo_record(filename, info))

    # -- files ---------------------------------------------------------------------------------
    def _open_for(self, moment: datetime, incoming: int) -> None:
        day = moment.astimezone(UTC).strftime("%Y%m%d")
        full = self.size + incoming > self.max_size and self.size > 0
        if self.fd is not None and day == self.day and not full:
            return
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.repaired:
            self.repaired = True
            newest = newest_file(self.folder, self.writer)
            if newest is not None:
                cut_partial_tail(newest)
        sequence = next_sequence(self.folder, day)
        while True:
            suffix = f"-{self.writer}" if self.writer else ""
            path = self.folder / f"{day}-{sequence:05d}{suffix}.warc.gz"
            try:
                self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                break
            except FileExistsError:
                sequence += 1
        self.path, self.day, self.size = path, day, 0
        self._write_bytes(self._warcinfo(path.name))

    def _write_bytes(self, data: bytes) -> None:
        assert self.fd is not None
        view = memoryview(data)
        while view:  # a regular file takes it all in one call; loop for the rare short write
            done = os.write(self.fd, view)
            view = view[done:]
        self.size += len(data)


def next_sequence(folder: Path, day: str) -> int:
    numbers = [
        int(match[2])
        for entry in folder.iterdir()
        if (match := FILE_NAME.match(entry.name)) and match[1] == day
    ]
    return max(numbers, default=0) + 1


def newest_file(folder: Path, writer: str = "") -> Path | None:
    """The newest file of one writer ("": the unnamed one) in an outlet's folder."""
    files = sorted(
        p
        for p in folder.iterdir()
        if (match := FILE_NAME.match(p.name)) and (match[3] or "") == writer
    )
    return files[-1] if files else None


def warc_files(root: str | os.PathLike[str]) -> list[Path]:
    """Every WARC file newsasia wrote under root, oldest first within each outlet."""
    folder = Path(root)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*/*.warc.gz") if FILE_NAME.match(p.name))


def file_day(path: Path) -> datetime:
    match = FILE_NAME.match(path.name)
    if match is None:
        raise WarcError(f"not a newsasia WARC file name: {path.name}")
    return datetime.strptime(match[1], "%Y%m%d").replace(tzinfo=UTC)


def whole_records_end(path: Path) -> int:
    """The offset just past the last whole record of a file: a gzip member that ends (its
    trailer read) and holds as many bytes as its WARC header's Content-Length says.

    Readers are lenient with a member cut short (warcio returns what it could inflate), so
    this reads the members itself."""
    end = offset = 0
    inflater, head, size = zlib.decompressobj(wbits=31), b"", 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            while chunk:
                try:
                    inflated = inflater.decompress(chunk)
                except zlib.error:
                    return end
                if len(head) < 65536:
                    head += inflated[: 65536 - len(head)]
                size += len(inflated)
                if not inflater.eof:
                    offset += len(chunk)
                    break
                offset += len(chunk) - len(inflater.unused_data)
                if not is_whole_record(head, size):
                    return end
                end, chunk = offset, inflater.unused_data
                inflater, head, size = zlib.decompressobj(wbits=31), b"", 0
    return end


def is_whole_record(head: bytes, size: int) -> bool:
    """Whether an inflated record of size bytes starting with head is as long as it says."""
    header_end = head.find(b"\r\n\r\n")
    match = re.search(rb"\r\nContent-Length:\s*(\d+)", head[:header_end], re.IGNORECASE)
    if header_end < 0 or not head.startswith(b"WARC/") or match is None:
        return False
    return size == header_end + 4 + int(match[1]) + 4  # the block, then CRLF CRLF


def cut_partial_tail(path: Path) -> bool:
    """Cut a file back to its last whole record; True if there was a partial one."""
    end = whole_records_end(path)
    if end >= path.stat().st_size:
        return False
    with path.open("r+b") as stream:
        stream.truncate(end)
    return True


@dataclass(frozen=True)
class Pruned:
    files: int
    bytes: int
    records: int  # their records the archive forgot
    kept: int  # files left


def prune_warc_files(
    root: str | os.PathLike[str], keep_days: float, forget: Callable[[str], int]
) -> Pruned:
    """Delete the files of root whose every record is older than keep_days (a file holds one
    UTC day), after forget(relative name) dropped the archive's records of each: the archive
    never points into a deleted file. Whole files only."""
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    files = size = records = kept = 0
    for path in warc_files(root):
        if file_day(path) + timedelta(days=1) > cutoff:
            kept += 1
            continue
        records += forget(path.relative_to(root).as_posix())
        size += path.stat().st_size
        path.unlink()
        files += 1
    return Pruned(files, size, records, kept)


# -- reading ------------------------------------------------------------------------------------


def is_warc(data: bytes) -> bool:
    """Whether data is a WARC file (plain, or gzipped record by record)."""
    if data.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(data[:4096], 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")
    return data.startswith(b"WARC/")


def read_record(root: str | os.PathLike[str], location: RecordLocation) -> StoredPage:
    """The response record at a location (raises WarcError if it isn't one, or is damaged)."""
    path = Path(root) / location.file
    try:
        with path.open("rb") as stream:
            stream.seek(location.offset)
            data = stream.read(location.length)
    except OSError as exc:
        raise WarcError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) != location.length:
        raise WarcError(f"{path} ends before the record at {location.offset}")
    pages = list(iter_pages(io.BytesIO(data), str(path)))
    if len(pages) != 1:
        raise WarcError(f"no response record at {path}:{location.offset}")
    return pages[0]


def iter_pages(stream: io.BufferedIOBase, name: str = "WARC") -> Iterator[StoredPage]:
    """The response records of a WARC stream, digests checked (raises WarcError)."""
    try:
        for record in ArchiveIterator(stream, check_digests=True):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            raw = record.raw_stream.read()
            if record.digest_checker.problems:
                problems = "; ".join(map(str, record.digest_checker.problems))
                raise WarcError(f"{name}: digest mismatch: {problems}")
            yield stored_page(record, raw)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        raise WarcError(f"{name}: not a readable WARC: {exc}") from exc


def stored_page(record: ArcWarcRecord, raw: bytes) -> StoredPage:
    headers = record.http_headers
    date = datetime.fromisoformat(record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00"))
    return StoredPage(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=date,
        status=int(headers.get_statuscode() or 0),
        headers=list(headers.headers),
        raw_body=raw,
        body=decode_content(raw, headers.get_header("Content-Encoding")),
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
    )


def decode_content(raw: bytes, encoding: str | None) -> bytes:
    """The body with its Content-Encoding undone (gzip, deflate, br as warcio knows them)."""
    if not encoding or encoding.strip().lower() in ("identity", ""):
        return raw
    from warcio.bufferedreaders import BufferedReader

    with contextlib.closing(
        BufferedReader(io.BytesIO(raw), decomp_type=encoding.strip().lower())
    ) as reader:
        try:
            return reader.read()
        except Exception as exc:  # zlib and brotli errors have no common base
            raise WarcError(f"cannot undo Content-Encoding {encoding}: {exc}") from exc


# -- HTTP headers -------------------------------------------------------------------------------


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def http_headers_as_recorded(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    recorded = []
    for name, value in headers:
        if name.lower() == "transfer-encoding":
            name = DECHUNKED_HEADER
        recorded.append((name, value))
    return recorded


def with_host(headers: list[tuple[str, str]], host: str) -> list[tuple[str, str]]:
    """Request headers with the Host header the HTTP client adds on the wire."""
    if any(name.lower() == "host" for name, _ in headers):
        return list(headers)
    return [("Host", host), *headers]
