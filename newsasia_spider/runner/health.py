"""Run health: what one outlet run's stats say about its requests and its extractors (kept
with the run in the archive), and what an outlet's recent runs say together (`newsasia
health`): the fallback's share, site-vs-fallback agreement, empty fields, error rates, and
"layout drift suspected" when the thresholds below are crossed. docs/health.md says why these.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from newsasia_spider import stat_keys
from newsasia_spider.runner.summary import NO_ANSWER_KINDS, STATUS_PREFIX, count
from newsasia_spider.spidermiddlewares.health import WATCHED_FIELDS
from newsasia_spider.storage import OutletRun

VIAS = ("site", "fallback")

# Layout drift: the latest run with articles against the median of the earlier ones.
FALLBACK_JUMP = 0.3  # the fallback's share of the articles rose by this much (30 points), or
AGREEMENT_DROP = 0.15  # the median site-vs-fallback agreement fell by this much, or
AGREEMENT_FLOOR = 0.5  # it is below this, whatever it was before, or
MISSING_SHARE = 0.5  # a field no article of the earlier runs lacked is empty on this share
MIN_ARTICLES = 3  # a run with fewer articles says too little to judge its shares


# --- one run ---------------------------------------------------------------------------------


@dataclass
class RunHealth:
    """One outlet run's health, made from its crawl stats; stored as JSON with the run."""

    requests: dict[str, int] = field(default_factory=dict)  # outcome -> attempts, all requests
    article_requests: dict[str, int] = field(default_factory=dict)  # the article pages' only
    listed: int = 0  # article requests the sources gave and the archive let through
    articles: dict[str, int] = field(default_factory=dict)  # site / fallback -> articles
    fallback_reasons: dict[str, int] = field(default_factory=dict)
    missing: dict[str, dict[str, int]] = field(default_factory=dict)  # via -> field -> articles
    extraction_failed: int = 0
    agreement: list[float] = field(default_factory=list)  # token F1 of the sampled pages
    agreement_failed: int = 0  # sampled pages the fallback found no article in

    @classmethod
    def from_stats(cls, stats: dict[str, Any]) -> RunHealth:
        statuses = _suffixed(stats, STATUS_PREFIX)
        # A 5xx is counted as a fault (http_503) and as a status: the status is the one kept.
        faults = {
            kind: number
            for kind, number in _suffixed(stats, stat_keys.FAULT).items()
            if not kind.startswith("http_")
        }
        refused = sum(_suffixed(stats, stat_keys.REFUSED).values())
        missing: dict[str, dict[str, int]] = {}
        for key, number in _suffixed(stats, stat_keys.MISSING).items():
            via, _, name = key.partition("/")
            missing.setdefault(via, {})[name] = number
        return cls(
            requests={
                "total": count(stats, "downloader/request_count"),
                **outcomes({f"http_{status}": n for status, n in statuses.items()} | faults),
                "refused": refused,
            },
            article_requests=outcomes(
                {
                    (f"http_{answer}" if answer.isdigit() else answer): number
                    for answer, number in _suffixed(stats, stat_keys.ARTICLE_ANSWER).items()
                }
            ),
            listed=count(stats, stat_keys.LISTED),
            articles={via: count(stats, stat_keys.HEALTH_ARTICLES + via) for via in VIAS},
            fallback_reasons=_suffixed(stats, stat_keys.FALLBACK_REASON),
            missing=missing,
            extraction_failed=count(stats, stat_keys.EXTRACTION_FAILED),
            agreement=[float(value) for value in stats.get(stat_keys.AGREEMENT) or []],
            agreement_failed=count(stats, stat_keys.AGREEMENT_FAILED),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunHealth:
        known = cls.__dataclass_fields__
        return cls(**{name: value for name, value in data.items() if name in known})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def article_count(self) -> int:
        return sum(self.articles.values())

    @property
    def fallback_share(self) -> float | None:
        total = self.article_count
        return self.articles.get("fallback", 0) / total if total else None

    @property
    def median_agreement(self) -> float | None:
        return statistics.median(self.agreement) if self.agreement else None

    def missing_share(self, name: str) -> float | None:
        """The share of this run's articles (either extractor) whose field `name` was empty."""
        total = self.article_count
        if not total:
            return None
        return sum(fields.get(name, 0) for fields in self.missing.values()) / total

    @property
    def request_failure_rate(self) -> float | None:
        """Attempts that got no answer or a 5xx, of all attempts."""
        total = self.requests.get("total", 0)
        failed = sum(self.requests.get(name, 0) for name in FAILED_OUTCOMES)
        return min(failed / total, 1.0) if total else None

    @property
    def extraction_failure_rate(self) -> float | None:
        """Article pages answered 200 that gave no article, of those pages."""
        pages = self.article_requests.get("ok", 0)
        return min(self.extraction_failed / pages, 1.0) if pages else None


FAILED_OUTCOMES = ("http_5xx", "timeout", "dns", "connection")


def outcomes(answers: dict[str, int]) -> dict[str, int]:
    """Answers (http_<status> or a fault kind, faults.py) by outcome: ok, not_modified,
    redirect, http_4xx, http_5xx, timeout, dns, connection (refused, reset, lost, cut short).
    Faults that came with an answer (a mislabelled charset, an empty body) are no outcome."""
    result: Counter[str] = Counter()
    for answer, number in answers.items():
        status = answer.removeprefix("http_")
        if answer.startswith("http_") and status.isdigit():
            code = int(status)
            if code == 304:
                result["not_modified"] += number
            elif code < 300:
                result["ok"] += number
            elif code < 400:
                result["redirect"] += number
            elif code < 500:
                result["http_4xx"] += number
            else:
                result["http_5xx"] += number
        elif answer in ("timeout", "dns"):
            result[answer] += number
        elif answer in NO_ANSWER_KINDS or answer == "other_error":
            result["connection"] += number
    return dict(result)


def _suffixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """The counters under a prefix, by the rest of their key."""
    return {
        key.removeprefix(prefix): int(value)
        for key, value in stats.items()
        if key.startswith(prefix) and isinstance(value, int | float)
    }


# --- an outlet over its recent runs ---------------------------------------------------------


@dataclass
class OutletHealth:
    """What an outlet's last runs say: the latest run with articles against those before."""

    outlet: str
    runs: int  # runs read (with a health record)
    last_ok: bool | None  # the newest run's verdict
    last_reason: str | None
    articles: int  # in the latest run with articles
    fallback_share: float | None
    fallback_share_before: float | None  # median of the earlier runs
    fallback_reasons: dict[str, int]
    agreement: float | None  # median of the latest run's samples
    agreement_before: float | None  # median of the earlier runs' medians
    missing: dict[str, float]  # field -> share of the latest run's articles
    request_failure_rate: float | None  # the newest run's
    extraction_failure_rate: float | None
    flags: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flagged": self.flagged}


def assess(outlet: str, runs: Sequence[OutletRun]) -> OutletHealth:
    """An outlet's health from its runs, newest first (runs without a health record are
    left out: they predate it)."""
    recorded = [(run, RunHealth.from_dict(run.health)) for run in runs if run.health is not None]
    with_articles = [health for _, health in recorded if health.article_count]
    latest = with_articles[0] if with_articles else RunHealth()
    # The earlier runs too small to judge are no baseline either: a quiet hour's one odd page
    # read by the fallback would make a redesign's 100 % look usual.
    before = [health for health in with_articles[1:] if health.article_count >= MIN_ARTICLES]
    newest = recorded[0] if recorded else None
    report = OutletHealth(
        outlet=outlet,
        runs=len(recorded),
        last_ok=newest[0].ok if newest else None,
        last_reason=newest[0].stats.get("reason") if newest else None,
        articles=latest.article_count,
        fallback_share=latest.fallback_share,
        fallback_share_before=_median(h.fallback_share for h in before),
        fallback_reasons=latest.fallback_reasons,
        agreement=latest.median_agreement,
        agreement_before=_median(h.median_agreement for h in before),
        missing={
            name: share
            for name in WATCHED_FIELDS
            if (share := latest.missing_share(name)) is not None and share > 0
        },
        request_failure_rate=newest[1].request_failure_rate if newest else None,
        extraction_failure_rate=newest[1].extraction_failure_rate if newest else None,
    )
    if newest is not None and not newest[0].ok:
        report.flags.append(f"last run failed: {report.last_reason}")
    if latest.article_count >= MIN_ARTICLES:
        report.flags += drift(latest, before, report)
    return report


def drift(latest: RunHealth, before: list[RunHealth], report: OutletHealth) -> list[str]:
    """The signs of a layout change the site extractor missed, in the latest run."""
    signs = []
    share, share_before = report.fallback_share, report.fallback_share_before
    if (
        share is not None
        and share_before is not None
        and _rise(share_before, share) >= FALLBACK_JUMP
    ):
        signs.append(f"fallback share jumped to {share:.0%} from {share_before:.0%}")
    agreement, agreement_before = report.agreement, report.agreement_before
    if agreement is not None and agreement < AGREEMENT_FLOOR:
        signs.append(f"site and fallback agree on {agreement:.2f} of the text")
    elif (
        agreement is not None
        and agreement_before is not None
        and _rise(agreement, agreement_before) >= AGREEMENT_DROP
    ):
        signs.append(
            f"site-vs-fallback agreement fell to {agreement:.2f} from {agreement_before:.2f}"
        )
    for name in WATCHED_FIELDS:
        always_had = before and all(h.missing_share(name) == 0 for h in before)
        now_missing = latest.missing_share(name) or 0.0
        if always_had and now_missing >= MISSING_SHARE:
            signs.append(f"{name} missing on {now_missing:.0%} of the articles (all had it)")
    if signs:
        signs.insert(0, "layout drift suspected")
    return signs


def _rise(low: float, high: float) -> float:
    """`high - low` to 6 places: in binary fractions 0.7 - 0.4 is 0.29999999999999993, and a
    documented "30 points or more" must hold at 30 points."""
    return round(high - low, 6)


def _median(values: Any) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


# --- printing --------------------------------------------------------------------------------


def report_lines(report: OutletHealth) -> list[str]:
    """An outlet's health for a person: a heading with the verdict, then one line a figure."""
    if not report.runs:
        return [f"{report.outlet}: no run with a health record yet"]  # not "ok": nothing known
    verdict = "; ".join(report.flags) if report.flagged else "ok"
    lines = [f"{report.outlet}: {verdict}"]
    reasons = ", ".join(f"{kind} {n}" for kind, n in sorted(report.fallback_reasons.items()))
    lines += [
        f"  runs read          {report.runs} (latest with articles: {report.articles} articles)",
        f"  fallback share     {_percent(report.fallback_share)}"
        + (f" ({reasons})" if reasons else "")
        + f", before {_percent(report.fallback_share_before)}",
        f"  agreement          {_ratio(report.agreement)}, before {_ratio(report.agreement_before)}"
        "  (site vs fallback, token F1, median of sampled pages)",
        "  missing fields     "
        + (", ".join(f"{name} {share:.0%}" for name, share in report.missing.items()) or "none"),
        f"  errors, last run   requests {_percent(report.request_failure_rate)},"
        f" extraction {_percent(report.extraction_failure_rate)}",
    ]
    return lines


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
