"""What one outlet's Scrapy stats mean for `newsasia crawl`: its progress and summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from typing import Any

from newsasia_spider import stat_keys
from newsasia_spider.downloadermiddlewares.backoff import FORBIDDEN_WALL_REASON

STATUS_PREFIX = "downloader/response_status_count/"  # + the HTTP status: Scrapy's count
# Reasons a crawl may end for and still count as a success: it ran to the end or to its limit.
OK_REASONS = frozenset(
    {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}
)


def count(stats: dict[str, Any], key: str) -> int:
    return int(stats.get(key) or 0)


def verdict(stats: dict[str, Any], failure_reasons: Collection[str] = ()) -> tuple[bool, str]:
    """Whether an outlet's crawl succeeded, and its reason: the finish reason, or what failed
    (an outage names its cause: unreachable, a 403 wall, no listed article stored)."""
    reason = str(stats.get("finish_reason") or "did not start")
    if stats.get(stat_keys.STORAGE_ERROR):
        return False, f"storage error: {stats[stat_keys.STORAGE_ERROR]}"
    refused = count(stats, stat_keys.STORE_FAILED)
    if reason == FORBIDDEN_WALL_REASON:
        return False, forbidden_wall(stats, ended_by_wall=True) or "403 wall"
    if reason not in OK_REASONS or reason in failure_reasons or refused:
        return False, reason
    cause = outage(stats)
    if cause:
        return False, cause
    return True, reason


# When a run that ended normally is an outage all the same (docs/health.md explains why):
MOSTLY_FAILED_SHARE = 0.8  # this share of the requests got no answer or a 5xx, ...
MOSTLY_FAILED_MIN_REQUESTS = 10  # ... of at least this many (below: only when every one did)
WALL_SHARE = 0.5  # more than half of the article requests were answered 403, ...
WALL_MIN_ANSWERS = 3  # ... of at least this many answered article requests
MIN_LISTED = 3  # the sources listed at least this many articles to fetch, and none was stored
# Download exceptions that are refusals, not failures: the scope guard, robots.txt, the end.
REFUSAL_EXCEPTION = "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest"


def outage(stats: dict[str, Any]) -> str | None:
    """Why a run that ended normally is unhealthy all the same, or None."""
    return unreachable(stats) or forbidden_wall(stats) or none_stored(stats)


def unreachable(stats: dict[str, Any]) -> str | None:
    """`unreachable: DNS, 45 of 45 requests` when every request failed (no answer, or no
    usable one), or most did (MOSTLY_FAILED_SHARE of at least MOSTLY_FAILED_MIN_REQUESTS
    requests: no answer or a 5xx); the kind of failure named is the commonest."""
    requests = count(stats, "downloader/request_count")
    if not requests:
        return None
    statuses = _statuses(stats)
    if not any(status < 400 for status in statuses):
        failed = requests  # not one usable answer: 404s and 403s count too
        kinds = _fault_kinds(stats, lambda kind: True)
        for status, number in statuses.items():
            kinds.setdefault(f"http_{status}", number)  # 404s and the like are no faults.py kind
    else:
        server_errors = sum(number for status, number in statuses.items() if status >= 500)
        no_answer = count(stats, "downloader/exception_count") - count(stats, REFUSAL_EXCEPTION)
        failed = server_errors + no_answer
        if requests < MOSTLY_FAILED_MIN_REQUESTS or failed < MOSTLY_FAILED_SHARE * requests:
            return None
        kinds = _fault_kinds(stats, _is_failure_kind)
        for status, number in statuses.items():
            if status >= 500:
                kinds.setdefault(f"http_{status}", number)
    if not kinds:
        return f"unreachable: {failed} of {requests} requests failed"
    kind, _ = kinds.most_common(1)[0]
    return f"unreachable: {kind_label(kind)}, {failed} of {requests} requests"


def forbidden_wall(stats: dict[str, Any], *, ended_by_wall: bool = False) -> str | None:
    """`403 wall: 12 of 14 article requests answered 403` when most article requests were
    refused (the back-off middleware ends such a run early: `ended_by_wall`)."""
    answers = {
        key.removeprefix(stat_keys.ARTICLE_ANSWER): int(value)
        for key, value in stats.items()
        if key.startswith(stat_keys.ARTICLE_ANSWER)
    }
    total, forbidden = sum(answers.values()), answers.get("403", 0)
    if total >= WALL_MIN_ANSWERS and forbidden > WALL_SHARE * total:
        return f"403 wall: {forbidden} of {total} article requests answered 403"
    if ended_by_wall:  # robots.txt, feeds or sitemaps refused before any article was asked
        forbidden, requests = _statuses(stats)[403], count(stats, "downloader/request_count")
        return f"403 wall: {forbidden} of {requests} requests answered 403"
    return None


def none_stored(stats: dict[str, Any]) -> str | None:
    """`0 of 12 listed articles stored`: the sources listed articles to fetch (new ones, or
    known ones said to have changed) and not one came out as an article (at least MIN_LISTED:
    one odd page in a quiet hour is no outage)."""
    listed = count(stats, stat_keys.LISTED)
    outcomes = (stat_keys.NEW, stat_keys.UPDATED, stat_keys.UNCHANGED)
    stored = sum(count(stats, key) for key in outcomes)
    if listed >= MIN_LISTED and stored == 0:
        return f"0 of {listed} listed articles stored"
    return None


# Faults that mean no answer came at all (faults.py's kinds).
NO_ANSWER_KINDS = frozenset(
    {"timeout", "connection_reset", "data_loss", "connection_lost", "connection_refused", "dns"}
)


def kind_label(kind: str) -> str:
    """A fault kind as a person reads it: dns -> DNS, http_503 -> HTTP 503."""
    if kind == "dns":
        return "DNS"
    if kind.startswith("http_"):
        return "HTTP " + kind.removeprefix("http_")
    return kind.replace("_", " ")


def _fault_kinds(stats: dict[str, Any], wanted: Callable[[str], bool]) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for key, value in stats.items():
        kind = key.removeprefix(stat_keys.FAULT)
        if key.startswith(stat_keys.FAULT) and wanted(kind):
            kinds[kind] += int(value)
    return kinds


def _statuses(stats: dict[str, Any]) -> Counter[int]:
    """How many responses came with each HTTP status."""
    statuses: Counter[int] = Counter()
    for key, value in stats.items():
        status = key.removeprefix(STATUS_PREFIX)
        if key.startswith(STATUS_PREFIX) and status.isdigit():
            statuses[int(status)] += int(value)
    return statuses


def http_errors(stats: dict[str, Any]) -> int:
    """Responses with a 4xx or 5xx status, plus downloads that got no response at all."""
    errors = sum(number for status, number in _statuses(stats).items() if status >= 400)
    return errors + count(stats, "downloader/exception_count")


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


def _is_failure_kind(kind: str) -> bool:
    return kind in NO_ANSWER_KINDS or kind.startswith("http_5")
