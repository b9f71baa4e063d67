"""What one outlet's Scrapy stats mean for `newsasia crawl`: its progress and summary line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from newsasia_spider import stat_keys

# Reasons a crawl may end for and still count as a success: it ran to the end or to its limit.
OK_REASONS = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)


def count(stats: dict[str, Any], key: str) -> int:
    return int(stats.get(key) or 0)


def http_errors(stats: dict[str, Any]) -> int:
    """Responses with a 4xx or 5xx status, plus downloads that got no response at all."""
    prefix = "downloader/response_status_count/"
    statuses = 0
    for key, value in stats.items():
        status = key.removeprefix(prefix)
        if key.startswith(prefix) and status.isdigit() and int(status) >= 400:
            statuses += int(value)
    return statuses + count(stats, "downloader/exception_count")


def failed_items(stats: dict[str, Any]) -> int:
    return count(stats, stat_keys.EXTRACTION_FAILED) + count(stats, stat_keys.STORE_FAILED)


@dataclass
class OutletSummary:
    outlet: str
    ok: bool
    reason: str  # the crawl's finish reason, or why it never finished
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    via_site: int = 0
    via_fallback: int = 0
    http_errors: int = 0
    pages: int = 0
    seconds: float = 0.0

    @classmethod
    def from_stats(
        cls, outlet: str, *, ok: bool, reason: str, stats: dict[str, Any], seconds: float
    ) -> OutletSummary:
        return cls(
            outlet,
            ok,
            reason,
            new=count(stats, stat_keys.NEW),
            updated=count(stats, stat_keys.UPDATED),
            unchanged=count(stats, stat_keys.UNCHANGED),
            failed=failed_items(stats),
            via_site=count(stats, stat_keys.VIA_SITE),
            via_fallback=count(stats, stat_keys.VIA_FALLBACK),
            http_errors=http_errors(stats),
            pages=count(stats, "response_received_count"),
            seconds=seconds,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self, width: int = 10) -> str:
        state = "ok" if self.ok else f"FAILED ({self.reason})"
        return (
            f"{self.outlet:<{width}} new {self.new}, updated {self.updated},"
            f" unchanged {self.unchanged}, failed {self.failed}, via site {self.via_site},"
            f" via fallback {self.via_fallback}, http errors {self.http_errors},"
            f" {format_duration(self.seconds)}: {state}"
        )


def total_line(summaries: list[OutletSummary], seconds: float, width: int = 10) -> str:
    def total(name: str) -> int:
        return sum(getattr(summary, name) for summary in summaries)

    failed = [summary.outlet for summary in summaries if not summary.ok]
    state = f"{len(failed)} outlet(s) failed: {', '.join(failed)}" if failed else "ok"
    return (
        f"{'total':<{width}} new {total('new')}, updated {total('updated')},"
        f" unchanged {total('unchanged')}, failed {total('failed')},"
        f" via site {total('via_site')}, via fallback {total('via_fallback')},"
        f" http errors {total('http_errors')}, {format_duration(seconds)}: {state}"
    )


def format_duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds, 1), 60)
    return f"{int(minutes)}m{rest:04.1f}s" if minutes else f"{rest:.1f}s"
