"""WARC: the pages newsasia fetched, kept as the web-archiving world keeps them (files.py)."""

from newsasia_spider.warc.files import (
    Exchange,
    OutletWarcWriter,
    PriorResponse,
    RecordLocation,
    StoredPage,
    WarcError,
    Written,
    iter_pages,
    payload_digest,
    read_record,
    resolve_warc_dir,
    warc_files,
)

__all__ = [
    "Exchange",
    "OutletWarcWriter",
    "PriorResponse",
    "RecordLocation",
    "StoredPage",
    "WarcError",
    "Written",
    "iter_pages",
    "payload_digest",
    "read_record",
    "resolve_warc_dir",
    "warc_files",
]
