"""`newsasia reextract`: run today's extractors over the pages kept as WARC, store what changed.

Each fetched page's newest response record is read back and extracted as the crawl did (same
address, charset label and fetch time); an article that comes out different is stored as a new
version (and revision) with the extractor that produced it, one that comes out the same is left
alone, so a second run changes nothing. A page that gave no article when it was fetched but
gives one now is stored as new: that is how an archive heals after an extractor fix.

An article keeps its identity: a page that produced an article when fetched updates that
article, whatever canonical address today's extractors read from it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from w3lib.encoding import http_content_type_encoding

from extractors import Article, ExtractionError, extract
from extractors.chain import Force
from extractors.explain import Explanation, explain
from newsasia_spider.runner.summary import format_duration
from newsasia_spider.storage import Storage
from newsasia_spider.storage.base import PageRecord
from newsasia_spider.warc import RecordLocation, StoredPage, WarcError, read_record

logger = logging.getLogger(__name__)
BATCH_SIZE = 100  # articles per commit


@dataclass
class ReextractSummary:
    """One outlet's re-extraction, as `newsasia crawl` sums up a crawl."""

    outlet: str
    new: int = 0  # articles the pages give now that the archive lacked
    changed: int = 0
    unchanged: int = 0
    failed: int = 0  # pages that give no article now
    unreadable: int = 0  # records that could not be read back
    via_site: int = 0
    via_fallback: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.unreadable == 0

    @property
    def pages(self) -> int:
        return self.new + self.changed + self.unchanged + self.failed + self.unreadable

    def line(self, width: int = 10) -> str:
        state = "ok" if self.ok else f"FAILED ({self.unreadable} unreadable WARC records)"
        return (
            f"{self.outlet:<{width}} new {self.new}, changed {self.changed},"
            f" unchanged {self.unchanged}, failed {self.failed}, via site {self.via_site},"
            f" via fallback {self.via_fallback}, {format_duration(self.seconds)}: {state}"
        )


def total(summaries: list[ReextractSummary], seconds: float) -> ReextractSummary:
    result = ReextractSummary("total", seconds=seconds)
    for summary in summaries:
        for name in ("new", "changed", "unchanged", "failed", "unreadable"):
            setattr(result, name, getattr(result, name) + getattr(summary, name))
        result.via_site += summary.via_site
        result.via_fallback += summary.via_fallback
    return result


class Reextraction:
    """Re-extracts the selected pages of an archive whose WARC files are under warc_root."""

    def __init__(self, storage: Storage, warc_root: Path) -> None:
        self.storage, self.warc_root = storage, warc_root
        self.uncommitted = 0

    def run(
        self,
        *,
        outlet: str | None = None,
        fetched_since: datetime | date | None = None,
        url: str | None = None,
        out: IO[str] | None = None,
    ) -> list[ReextractSummary]:
        """Re-extract, print a line per outlet as it ends (to out), commit; the summaries.

        Raises StorageError when the archive can't be read or written."""
        pages = self.storage.pages(outlet=outlet, fetched_since=fetched_since, url=url)
        by_outlet: dict[str, list[PageRecord]] = {}
        for page in pages:
            by_outlet.setdefault(page.outlet, []).append(page)
        width = max(len(name) for name in [*by_outlet, "total"])
        summaries = []
        for name, records in sorted(by_outlet.items()):
            summary = self.outlet_pages(name, records)
            summaries.append(summary)
            if out is not None:
                print(summary.line(width), file=out, flush=True)
        return summaries

    def outlet_pages(self, outlet: str, records: Iterable[PageRecord]) -> ReextractSummary:
        summary = ReextractSummary(outlet)
        started = time.monotonic()
        for record in records:
            self.page(record, summary)
        self.storage.commit()
        summary.seconds = time.monotonic() - started
        return summary

    def page(self, record: PageRecord, summary: ReextractSummary) -> None:
        location = f"{record.warc_file}:{record.warc_offset}"
        try:
            where = RecordLocation(record.warc_file, record.warc_offset, record.warc_length)
            page = read_record(self.warc_root, where)
        except WarcError as exc:
            summary.unreadable += 1
            logger.error("cannot read the page of %s (%s): %s", record.url, location, exc)
            return
        try:
            article = extract_page(page, record.outlet)
        except ExtractionError as exc:
            summary.failed += 1
            if record.canonical_url is not None:  # it gave an article when fetched
                logger.warning("%s no longer gives an article (%s): %s", record.url, location, exc)
            return
        if record.canonical_url is not None:
            article = replace(article, canonical_url=record.canonical_url)
        outcome = self.storage.upsert_article(article, seen=False)
        if record.canonical_url is None:
            self.storage.link_page(record.record_id, article.canonical_url)
        if outcome == "new":
            summary.new += 1
        elif outcome == "updated":
            summary.changed += 1
        else:
            summary.unchanged += 1
        if article.by_site_extractor:
            summary.via_site += 1
        else:
            summary.via_fallback += 1
        self.uncommitted += outcome != "unchanged"
        if self.uncommitted >= BATCH_SIZE:
            self.storage.commit()
            self.uncommitted = 0


def extract_page(page: StoredPage, outlet: str) -> Article:
    """The article of a stored page, extracted as the crawl extracts it (raises
    ExtractionError)."""
    return extract(page.body, page.url, **_as_crawled(page, outlet))


def explain_page(page: StoredPage, outlet: str, force: Force | None = None) -> Explanation:
    """What `extract_page` keeps and removes of a stored page, and why (`newsasia explain`);
    `force` as `extract()` takes it."""
    return explain(page.body, page.url, force=force, **_as_crawled(page, outlet))


def _as_crawled(page: StoredPage, outlet: str) -> dict[str, Any]:
    """The extraction's arguments the crawl gave this page: its outlet, the charset its
    Content-Type named, when it was fetched."""
    content_type = page.header("Content-Type") or ""
    return {
        "outlet": outlet,
        "encoding": http_content_type_encoding(content_type),
        "fetched_at": page.fetched_at,
    }
