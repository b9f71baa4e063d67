"""WARC files (newsasia_spider/warc): what is written is read back whole by warcio and by
FastWARC (an independent implementation, from the Resiliparse project), digests included;
files rotate, revisits refer to their original, a partial tail is cut, pruning is by whole file;
and the archive's records of kept pages, on both backends."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from storage_backends import archive_target, postgres_target  # noqa: F401  (fixtures)
from warcio.archiveiterator import ArchiveIterator

from newsasia_spider.storage import open_storage
from newsasia_spider.storage.base import PageRecord
from newsasia_spider.warc import (
    Exchange,
    OutletWarcWriter,
    PriorResponse,
    RecordLocation,
    WarcError,
    iter_pages,
    read_record,
)
from newsasia_spider.warc.files import (
    cut_partial_tail,
    is_warc,
    prune_warc_files,
    warc_files,
    whole_records_end,
)

PAGE = "<html><head><title>Статья</title></head><body><p>Текст статьи.</p></body></html>"
FETCHED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


def exchange(
    url: str = "https://tass.ru/politika/1",
    body: bytes | None = None,
    status: int = 200,
    headers: list[tuple[str, str]] | None = None,
    fetched_at: datetime = FETCHED,
) -> Exchange:
    if body is None:
        body = PAGE.encode()
    return Exchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "newsasia/0.1"), ("Accept-Encoding", "gzip")],
        status=status,
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8")],
        body=body,
        fetched_at=fetched_at,
    )


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def warcio_records(path: Path) -> list[dict]:
    """Every record as warcio reads it, digests checked."""
    records = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream, check_digests=True)
        for record in iterator:
            payload = record.raw_stream.read()
            records.append(
                {
                    "type": record.rec_type,
                    "version": record.rec_headers.protocol,
                    "headers": dict(record.rec_headers.headers),
                    "payload": payload,
                    "status": record.http_headers.get_statuscode() if record.http_headers else None,
                    "problems": list(record.digest_checker.problems),
                    "offset": iterator.get_record_offset(),
                    "length": iterator.get_record_length(),
                }
            )
    return records


def fastwarc_records(path: Path) -> list[dict]:
    """Every record as FastWARC reads it: block digest checked before the HTTP headers are
    parsed, then the payload digest."""
    records = []
    with path.open("rb") as stream:
        for record in FastIterator(stream, parse_http=False):
            block_ok = record.verify_block_digest(consume=False)
            kind = record.record_type
            payload_ok = None
            payload = b""
            if kind == WarcRecordType.response:
                record.parse_http()
                payload_ok = record.verify_payload_digest(consume=False)
                payload = record.reader.read()
            records.append(
                {"type": kind, "block_ok": block_ok, "payload_ok": payload_ok, "payload": payload}
            )
    return records


# --- writing and reading -----------------------------------------------------------------------


def test_both_readers_read_every_record_with_its_digests(tmp_path: Path) -> None:
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    compressed = gzip.compress(PAGE.encode())
    gzipped = exchange(
        body=compressed,
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
    )
    written = [writer.write(exchange()), writer.write(gzipped)]
    writer.close()
    (path,) = (tmp_path / "tass").iterdir()
    assert path.name == "20260301-00001.warc.gz"

    records = warcio_records(path)
    assert [r["type"] for r in records] == [
        "warcinfo",
        "request",
        "response",
        "request",
        "response",
    ]
    assert all(r["version"] == "WARC/1.1" for r in records)
    assert all(r["problems"] == [] for r in records)
    info = records[0]["payload"].decode()
    assert "software: newsasia/" in info and records[0]["headers"]["WARC-Filename"] == path.name
    first, second = records[2], records[4]
    # The payload is the body as received: still gzip for the compressed answer.
    assert first["payload"] == PAGE.encode() and second["payload"] == compressed
    assert second["headers"]["WARC-Payload-Digest"] == sha1_base32(compressed)
    assert all("WARC-Block-Digest" in r["headers"] for r in records[1:])
    assert records[1]["headers"]["WARC-Concurrent-To"] == first["headers"]["WARC-Record-ID"]
    # The writer says where each response record is: where warcio finds it.
    assert [(w.location.offset, w.location.length) for w in written] == [
        (first["offset"], first["length"]),
        (second["offset"], second["length"]),
    ]

    fast = fastwarc_records(path)
    assert [r["type"] for r in fast] == [
        WarcRecordType.warcinfo,
        WarcRecordType.request,
        WarcRecordType.response,
        WarcRecordType.request,
        WarcRecordType.response,
    ]
    assert all(r["block_ok"] for r in fast)
    assert [r["payload_ok"] for r in fast if r["type"] == WarcRecordType.response] == [True, True]
    assert fast[4]["payload"] == compressed


def test_each_record_is_a_gzip_member_of_its_own(tmp_path: Path) -> None:
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    written = writer.write(exchange())
    writer.close()
    data = (tmp_path / written.location.file).read_bytes()
    member = data[written.location.offset : written.location.offset + written.location.length]
    text = zlib.decompress(member, wbits=31)
    assert text.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n") or b"WARC-Type: response" in text
    assert text.endswith(PAGE.encode() + b"\r\n\r\n")


def test_a_stored_page_reads_back_decoded_as_served(tmp_path: Path) -> None:
    cp1251 = PAGE.encode("cp1251")
    headers = [
        ("Content-Type", "text/html; charset=windows-1251"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    ]
    writer = OutletWarcWriter(tmp_path, "news-asia", max_size=10_000_000)
    written = writer.write(exchange(body=gzip.compress(cp1251), headers=headers))
    writer.close()
    page = read_record(tmp_path, written.location)
    assert page.body == cp1251  # gzip undone, the charset left as served
    assert page.raw_body == gzip.compress(cp1251) or gzip.decompress(page.raw_body) == cp1251
    assert page.status == 200 and page.url == "https://tass.ru/politika/1"
    assert page.fetched_at == FETCHED
    assert page.header("content-type") == "text/html; charset=windows-1251"
    # Scrapy removed the chunked framing: the record doesn't claim it.
    assert page.header("Transfer-Encoding") is None
    assert page.header("X-Crawler-Transfer-Encoding") == "chunked"


def test_files_rotate_by_size_and_by_day_each_opening_with_warcinfo(tmp_path: Path) -> None:
    writer = OutletWarcWriter(tmp_path, "24kg", max_size=3_000)
    big = ("<p>" + "слово " * 400 + "</p>").encode()
    for number in range(4):
        writer.write(exchange(url=f"https://24.kg/vlast/{number}/", body=big))
    writer.write(exchange(fetched_at=FETCHED + timedelta(days=1)))
    writer.close()
    names = sorted(p.name for p in (tmp_path / "24kg").iterdir())
    assert names[:-1] == [f"20260301-{n:05d}.warc.gz" for n in range(1, len(names))]
    assert len(names) >= 3 and names[-1] == "20260302-00001.warc.gz"
    for name in names:
        records = warcio_records(tmp_path / "24kg" / name)
        assert records[0]["type"] == "warcinfo"
        assert all(r["problems"] == [] for r in records)
    # A new writer (the next crawl) never appends to an old file.
    again = OutletWarcWriter(tmp_path, "24kg", max_size=3_000)
    location = again.write(exchange(fetched_at=FETCHED + timedelta(days=1))).location
    again.close()
    assert location.file == "24kg/20260302-00002.warc.gz"


def test_a_304_and_an_identical_payload_are_revisits_of_the_stored_response(
    tmp_path: Path,
) -> None:
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    original = writer.write(exchange())
    prior = PriorResponse(
        "https://tass.ru/politika/1", original.record_id, FETCHED, original.payload_digest
    )
    later = FETCHED + timedelta(hours=1)
    not_modified = writer.write(
        exchange(status=304, body=b"", headers=[("ETag", '"v1"')], fetched_at=later), prior
    )
    same = writer.write(exchange(fetched_at=later), prior)
    changed = writer.write(exchange(body=b"<html>new</html>", fetched_at=later), prior)
    writer.close()
    assert [w.record_type for w in (not_modified, same, changed)] == [
        "revisit",
        "revisit",
        "response",
    ]
    assert same.payload_digest == original.payload_digest == sha1_base32(PAGE.encode())
    records = warcio_records(tmp_path / original.location.file)
    revisits = [r for r in records if r["type"] == "revisit"]
    assert [r["headers"]["WARC-Profile"] for r in revisits] == [
        "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    ]
    for revisit in revisits:
        assert revisit["headers"]["WARC-Refers-To"] == original.record_id
        assert revisit["headers"]["WARC-Refers-To-Target-URI"] == "https://tass.ru/politika/1"
        assert revisit["headers"]["WARC-Refers-To-Date"] == "2026-03-01T12:30:00Z"
        assert revisit["headers"]["WARC-Payload-Digest"] == original.payload_digest
        assert revisit["payload"] == b""  # no copy of the page
    assert [r["status"] for r in revisits] == ["304", "200"]
    assert all(r["block_ok"] for r in fastwarc_records(tmp_path / original.location.file))


def test_a_partial_last_record_is_cut_when_the_outlet_writes_again(tmp_path: Path) -> None:
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    whole = [writer.write(exchange(url=f"https://tass.ru/politika/{n}")) for n in range(3)]
    writer.close()
    path = tmp_path / whole[0].location.file
    size = path.stat().st_size
    # What a power cut mid-write leaves: the first half of a record.
    member = path.read_bytes()[whole[1].location.offset :][: whole[1].location.length]
    with path.open("ab") as stream:
        stream.write(member[: len(member) // 2])
    assert whole_records_end(path) == size < path.stat().st_size
    # The whole records before it stay readable.
    assert [r["type"] for r in warcio_records(path)].count("response") == 3

    again = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    again.write(exchange(url="https://tass.ru/politika/9"))
    again.close()
    assert path.stat().st_size == size
    assert [r["type"] for r in warcio_records(path)].count("response") == 3
    for written in whole:
        assert read_record(tmp_path, written.location).body == PAGE.encode()
    assert cut_partial_tail(path) is False


def test_a_record_cut_anywhere_is_not_taken_for_whole(tmp_path: Path) -> None:
    """warcio inflates what it can of a member cut short and says nothing: the cut is found
    all the same, wherever it falls (in the gzip trailer too)."""
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    body = ("<p>" + "длинный текст статьи " * 300 + "</p>").encode()
    last = writer.write(exchange(body=body))
    writer.close()
    path = tmp_path / last.location.file
    whole = path.read_bytes()
    before = last.location.offset
    for cut in (
        1,
        30,
        last.location.length // 2,
        last.location.length - 9,
        last.location.length - 1,
    ):
        path.write_bytes(whole[: before + cut])
        assert whole_records_end(path) == before, cut
    path.write_bytes(whole)
    assert whole_records_end(path) == len(whole)


def test_damaged_records_are_a_warc_error(tmp_path: Path) -> None:
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    written = writer.write(exchange())
    writer.close()
    location = written.location
    with pytest.raises(WarcError, match="ends before"):
        read_record(tmp_path, RecordLocation(location.file, location.offset, location.length + 99))
    with pytest.raises(WarcError, match="cannot read"):
        read_record(tmp_path, RecordLocation("tass/missing.warc.gz", 0, 10))
    # One byte of the page changed: the payload digest no longer matches.
    raw = bytearray(gzip.decompress((tmp_path / location.file).read_bytes()))
    at = raw.index("Текст".encode())
    raw[at : at + 2] = "Х".encode()
    assert list(iter_pages(io.BytesIO(gzip.decompress((tmp_path / location.file).read_bytes()))))
    with pytest.raises(WarcError, match="digest"):
        list(iter_pages(io.BytesIO(bytes(raw))))


def test_is_warc_tells_warc_from_html() -> None:
    assert is_warc(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n")
    assert is_warc(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"))
    assert not is_warc(PAGE.encode())
    assert not is_warc(gzip.compress(PAGE.encode()))
    assert not is_warc(b"\x1f\x8b broken")


def test_pruning_deletes_whole_old_files_after_the_archive_forgot_them(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    writer = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000)
    old = writer.write(exchange(fetched_at=now - timedelta(days=40)))
    recent = writer.write(exchange(fetched_at=now - timedelta(days=2)))
    writer.close()
    forgotten = []

    def forget(name: str) -> int:
        assert (tmp_path / name).exists()  # the archive forgets before the file goes
        forgotten.append(name)
        return 1

    pruned = prune_warc_files(tmp_path, 30, forget)
    assert forgotten == [old.location.file]
    assert (pruned.files, pruned.records, pruned.kept) == (1, 1, 1)
    assert not (tmp_path / old.location.file).exists()
    assert (tmp_path / recent.location.file).exists()
    assert prune_warc_files(tmp_path, 3, forget).files == 0  # 2 days old: kept
    assert prune_warc_files(tmp_path, 1, forget).files == 1


# --- the archive's records of kept pages --------------------------------------------------------


def page_record(number: int, **changes) -> PageRecord:
    values = {
        "outlet": "tass",
        "url": f"https://tass.ru/politika/{number}",
        "page_key": f"tass.ru/politika/{number}",
        "canonical_url": f"https://tass.ru/politika/{number}",
        "record_type": "response",
        "record_id": f"<urn:uuid:{number:08d}-0000-0000-0000-000000000000>",
        "payload_digest": "sha1:X",
        "status": 200,
        "warc_file": "tass/20260301-00001.warc.gz",
        "warc_offset": 100 * number,
        "warc_length": 90,
        "fetched_at": FETCHED + timedelta(minutes=number),
    }
    values.update(changes)
    return PageRecord(**values)


def test_page_records_are_kept_and_found(archive_target: str) -> None:
    storage = open_storage(archive_target)
    try:
        first = page_record(1)
        storage.record_page(first)
        storage.record_page(page_record(2, outlet="24kg", page_key="24.kg/vlast/2"))
        same_page = {"url": first.url, "page_key": first.page_key, "canonical_url": first.url}
        storage.record_page(page_record(3, **same_page, record_type="revisit"))
        newer = page_record(4, **same_page, warc_file="tass/20260302-00001.warc.gz")
        storage.record_page(newer)
        failed = page_record(5, canonical_url=None)
        storage.record_page(failed)
        storage.commit()

        # The newest *response* of a page: a revisit holds no page.
        assert storage.latest_page(page_key=first.page_key) == newer
        assert storage.latest_page(canonical_url=first.canonical_url) == newer
        assert storage.latest_page(page_key="tass.ru/nothing") is None
        other_outlet = page_record(2, outlet="24kg", page_key="24.kg/vlast/2")
        assert storage.pages() == [other_outlet, newer, failed]
        assert storage.pages(outlet="tass") == [newer, failed]
        assert storage.pages(fetched_since=FETCHED + timedelta(minutes=4, seconds=30)) == [failed]
        assert storage.pages(url=first.page_key) == [newer]
        assert storage.pages(url="https://tass.ru/politika/5") == [failed]

        storage.link_page(failed.record_id, "https://tass.ru/politika/5")
        storage.commit()
        assert storage.latest_page(canonical_url="https://tass.ru/politika/5") is not None

        assert storage.forget_warc_file("tass/20260301-00001.warc.gz") == 4
        assert storage.pages() == [newer]
        assert storage.warc_files_in_use() == {"tass/20260302-00001.warc.gz"}
    finally:
        storage.close()


def test_named_writers_keep_their_own_files_and_leave_the_others_tail_alone(
    tmp_path: Path,
) -> None:
    """Distributed workers on one machine share the WARC folder: each writes files of its own
    name, and a starting worker repairs only its own, never one another process appends to."""
    first = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000, writer="vm-1")
    written = first.write(exchange(url="https://tass.ru/politika/1"))
    first.close()
    path = tmp_path / written.location.file
    assert path.name == f"{FETCHED:%Y%m%d}-00001-vm-1.warc.gz"
    # vm-1 is in the middle of writing its next record as vm-2 starts.
    member = path.read_bytes()[written.location.offset :][: written.location.length]
    with path.open("ab") as stream:
        stream.write(member[: len(member) // 2])
    size_mid_write = path.stat().st_size

    second = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000, writer="vm/2")
    other = second.write(exchange(url="https://tass.ru/politika/2"))
    second.close()
    assert other.location.file == f"tass/{FETCHED:%Y%m%d}-00002-vm_2.warc.gz"
    assert path.stat().st_size == size_mid_write  # vm-1's file untouched
    assert read_record(tmp_path, other.location).body == PAGE.encode()
    assert [p.name for p in warc_files(tmp_path)] == [path.name, "20260301-00002-vm_2.warc.gz"]

    # vm-1 itself, restarted after a kill, cuts its own partial record.
    again = OutletWarcWriter(tmp_path, "tass", max_size=10_000_000, writer="vm-1")
    again.write(exchange(url="https://tass.ru/politika/3"))
    again.close()
    assert cut_partial_tail(path) is False
    assert read_record(tmp_path, written.location).body == PAGE.encode()
