"""Run health (issue 16, items 1 and 3): what a run records, and `newsasia health` flagging
layout drift over an outlet's runs. Expected figures are worked out by hand from the stats and
runs written here; the end-to-end test crawls the local test site before and after a redesign
(`LocalSite.renamed_classes`)."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from storage_backends import archive_target, postgres_target  # noqa: F401  (fixtures)

from extractors import extract
from extractors.overlap import token_f1
from newsasia_spider.runner.cli import main
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from newsasia_spider.runner.health import RunHealth, assess
from newsasia_spider.spidermiddlewares.health import HealthMiddleware, reason_kind
from newsasia_spider.storage import OutletRun, open_storage
from tests.site import LocalSite
from tests.site.runner import newsasia_crawl

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


# --- the pieces --------------------------------------------------------------------------------


def test_token_f1_counts_shared_words_with_repeats():
    assert token_f1("a b c d", "a b c e") == pytest.approx(0.75)  # 3 of 4 each way
    assert token_f1("a a b", "a b b") == pytest.approx(2 / 3)  # a once and b once shared
    assert token_f1("Мэрия Бишкека", "Мэрия, Бишкека!") == 1.0  # punctuation is no token
    assert token_f1("один", "два") == 0.0
    assert token_f1("", "текст") == 0.0


def test_the_fallback_reason_kind_leaves_the_details_out():
    assert reason_kind("tass: unrecognised layout (none of the tass layouts match)") == (
        "unrecognised layout"
    )
    assert reason_kind("news-asia: implausible article (body of 50 characters)") == (
        "implausible article"
    )
    assert reason_kind("forced fallback") == "forced fallback"
    assert reason_kind(None) == "no site extractor"


PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    "page",
    [
        "24kg/219934-japarov-leave",
        "tass/02-putin-pribyl-nextjs-2025-build",
        "realist/05-unknown-layout",
    ],
)
def test_the_fallback_reads_the_same_text_without_its_date_search(page):
    """The agreement sample spares the fallback its search of the text for a date (most of
    its cost, docs/health.md): the lead and body it compares must not change."""
    html = (PAGES / f"{page}.html").read_bytes()
    url = json.loads((PAGES / f"{page}.json").read_text(encoding="utf-8"))["url"]
    full = extract(html, url, force="fallback")
    quick = extract(html, url, force="fallback", search_dates=False)
    assert (quick.title, quick.lead, quick.body) == (full.title, full.lead, full.body)
    assert len(quick.body) > 200


@pytest.mark.parametrize(
    ("share", "first", "pages", "sampled"),
    [
        (0.01, 3, 300, [1, 2, 3, 100, 200, 300]),  # the default: the first 3, then 1 in 100
        (0.25, 0, 20, [4, 8, 12, 16, 20]),
        (0.0, 2, 20, [1, 2]),
    ],
)
def test_the_sampled_pages_are_the_first_few_then_an_even_share(share, first, pages, sampled):
    middleware = HealthMiddleware.__new__(HealthMiddleware)  # sampled() reads these two only
    middleware.sample_share, middleware.sample_first = share, first
    assert [n for n in range(1, pages + 1) if middleware.sampled(n)] == sampled


STATS = {
    "finish_reason": "finished",
    "downloader/request_count": 20,
    "downloader/response_status_count/200": 12,
    "downloader/response_status_count/304": 2,
    "downloader/response_status_count/301": 1,
    "downloader/response_status_count/404": 1,
    "downloader/response_status_count/503": 3,
    "newsasia/fault/http_503": 3,  # the same answers as the 503 status: counted once
    "newsasia/fault/timeout": 1,
    "newsasia/fault/charset_missing": 2,  # came with an answer: no outcome of its own
    "newsasia/refused/offsite": 2,
    "newsasia/article_answer/200": 10,
    "newsasia/article_answer/403": 1,
    "newsasia/article_answer/dns": 1,
    "newsasia/listed": 12,
    "newsasia/health/articles/site": 7,
    "newsasia/health/articles/fallback": 2,
    "newsasia/health/missing/site/lead": 7,
    "newsasia/health/missing/fallback/authors": 2,
    "newsasia/health/fallback_reason/unrecognised layout": 2,
    "newsasia/extraction_failed": 1,
    "newsasia/health/agreement": [0.9, 0.8, 0.95],
}


def test_a_runs_health_is_read_from_its_stats():
    health = RunHealth.from_stats(STATS)
    assert health.requests == {
        "total": 20,
        "ok": 12,
        "not_modified": 2,
        "redirect": 1,
        "http_4xx": 1,
        "http_5xx": 3,
        "timeout": 1,
        "refused": 2,
    }
    assert health.article_requests == {"ok": 10, "http_4xx": 1, "dns": 1}
    assert health.listed == 12
    assert health.articles == {"site": 7, "fallback": 2}
    assert health.fallback_reasons == {"unrecognised layout": 2}
    assert health.missing == {"site": {"lead": 7}, "fallback": {"authors": 2}}
    assert (health.extraction_failed, health.agreement_failed) == (1, 0)
    assert health.fallback_share == pytest.approx(2 / 9)
    assert health.median_agreement == pytest.approx(0.9)
    assert health.missing_share("lead") == pytest.approx(7 / 9)
    assert health.missing_share("title") == 0
    assert health.request_failure_rate == pytest.approx(4 / 20)  # 3 answers of 503, 1 timeout
    assert health.extraction_failure_rate == pytest.approx(1 / 10)
    assert RunHealth.from_dict(json.loads(json.dumps(health.as_dict()))) == health


def test_a_run_without_stats_has_an_empty_health():
    health = RunHealth.from_stats({})
    assert health.article_count == 0 and health.fallback_share is None
    assert health.request_failure_rate is None and health.median_agreement is None


# --- drift over an outlet's runs ---------------------------------------------------------------


def run(
    *,
    site: int = 10,
    fallback: int = 0,
    agreement: tuple[float, ...] = (0.95,),
    missing: dict | None = None,
    ok: bool = True,
    reason: str = "finished",
    age_hours: int = 0,
) -> OutletRun:
    health = RunHealth(
        requests={"total": 20, "ok": 20},
        articles={"site": site, "fallback": fallback},
        agreement=list(agreement),
        missing=missing or {},
    )
    started = NOW - timedelta(hours=age_hours)
    return OutletRun("tass", started, started, ok, {"reason": reason}, health.as_dict())


def flags(*runs: OutletRun) -> list[str]:
    return assess("tass", runs).flags


def test_steady_runs_are_not_flagged():
    assert flags(run(), run(fallback=1), run(agreement=(0.9, 0.97))) == []


def test_a_jump_of_the_fallback_share_is_drift():
    assert flags(run(site=2, fallback=8), run(), run()) == [
        "layout drift suspected",
        "fallback share jumped to 80% from 0%",
    ]
    assert flags(run(site=8, fallback=2), run(), run()) == []  # 20 points: under the 30


def test_agreement_falling_or_low_is_drift():
    falling = flags(
        run(agreement=(0.7, 0.72, 0.74)), run(agreement=(0.95,)), run(agreement=(0.93,))
    )
    assert falling == [
        "layout drift suspected",
        "site-vs-fallback agreement fell to 0.72 from 0.94",
    ]
    assert flags(run(agreement=(0.85,)), run(agreement=(0.95,))) == []  # 0.10: under 0.15
    assert flags(run(agreement=(0.4,))) == [
        "layout drift suspected",
        "site and fallback agree on 0.40 of the text",
    ]


def test_a_field_every_article_had_going_missing_is_drift():
    always_without_authors = {"site": {"authors": 10}}
    now = {"site": {"authors": 10, "published": 6}}
    assert flags(run(missing=now), run(missing=always_without_authors)) == [
        "layout drift suspected",
        "published missing on 60% of the articles (all had it)",
    ]
    some = {
        "site": {"authors": 10, "published": 1}
    }  # one article lacked it before: no field "every one had"
    assert flags(run(missing=now), run(missing=some)) == []


def test_a_failed_last_run_is_flagged_and_drift_is_judged_on_the_latest_with_articles():
    failed = run(site=0, ok=False, reason="unreachable: DNS, 4 of 4 requests")
    report = assess("tass", [failed, run(site=2, fallback=8, age_hours=1), run(age_hours=2)])
    assert report.flags == [
        "last run failed: unreachable: DNS, 4 of 4 requests",
        "layout drift suspected",
        "fallback share jumped to 80% from 0%",
    ]
    assert report.articles == 10 and report.fallback_share == pytest.approx(0.8)


def test_runs_recorded_before_health_are_left_out():
    old = OutletRun("tass", NOW, NOW, True, {"reason": "finished"}, None)
    report = assess("tass", [old, old])
    assert (report.runs, report.flags) == (0, [])


# --- the archive ---------------------------------------------------------------------------------


def test_the_health_is_kept_with_each_outlet_run(archive_target):
    storage = open_storage(archive_target)
    try:
        health = RunHealth.from_stats(STATS).as_dict()
        for hour in range(3):
            run_id = storage.start_crawl_run(["tass", "24kg"])
            started = NOW + timedelta(hours=hour)
            for outlet in ("tass", "24kg"):
                storage.record_outlet_run(
                    run_id,
                    outlet,
                    started_at=started,
                    finished_at=started,
                    ok=True,
                    stats={"reason": "finished", "hour": hour},
                    health=health if hour else None,  # the first as if before migration 0008
                )
        tass = storage.outlet_runs("tass", limit=2)
        assert [(r.outlet, r.stats["hour"], r.health) for r in tass] == [
            ("tass", 2, health),
            ("tass", 1, health),
        ]
        every = storage.outlet_runs(limit=5)
        assert [(r.outlet, r.stats["hour"]) for r in every] == [
            ("24kg", 2),
            ("24kg", 1),
            ("24kg", 0),
            ("tass", 2),
            ("tass", 1),
            ("tass", 0),
        ]
        assert every[2].health is None
        (latest, *_) = storage.crawl_runs()
        assert latest.outlet_runs[0].health == health
    finally:
        storage.close()


# --- newsasia crawl, then newsasia health --------------------------------------------------------

OUTLET = "news-asia"  # its site extractor is keyed on classes: renaming them defeats it


def crawl_twice(work: Path, *, redesign: bool) -> None:
    """A crawl, then 6 new articles and (with `redesign`) every class renamed, and a crawl."""
    with LocalSite(OUTLET, articles=8, feed_size=20) as site:
        first = newsasia_crawl(OUTLET, site.base, work)
        assert first.returncode == EXIT_OK, first.stdout + first.stderr
        site.add_articles(6)
        site.renamed_classes = redesign
        second = newsasia_crawl(OUTLET, site.base, work)
    # The redesign is not an outage: the fallback still stores every new article.
    assert second.returncode == EXIT_OK, second.stdout + second.stderr
    assert "new 6," in second.stdout


@pytest.mark.slow
def test_newsasia_health_flags_an_outlet_after_a_redesign(tmp_path, capsys):
    crawl_twice(tmp_path, redesign=True)
    db = str(tmp_path / "archive.sqlite")
    assert main(["health", "--db", db, "--outlet", OUTLET]) == EXIT_FAILED
    out = capsys.readouterr().out
    assert out.startswith(
        f"{OUTLET}: layout drift suspected; fallback share jumped to 100% from 0%"
    ), out
    assert "unrecognised layout 6" in out

    assert main(["health", "--db", db, "--json"]) == EXIT_FAILED
    document = json.loads(capsys.readouterr().out)
    assert document["flagged"] == [OUTLET]
    (outlet,) = document["outlets"]
    assert (outlet["runs"], outlet["articles"], outlet["fallback_share"]) == (2, 6, 1.0)
    assert outlet["fallback_share_before"] == 0.0
    assert outlet["agreement"] is None  # the site extractor read no page of the latest run
    assert outlet["fallback_reasons"] == {"unrecognised layout": 6}


@pytest.mark.slow
def test_newsasia_health_passes_a_healthy_outlet(tmp_path, capsys):
    crawl_twice(tmp_path, redesign=False)
    db = str(tmp_path / "archive.sqlite")
    assert main(["health", "--db", db, "--json"]) == EXIT_OK
    (outlet,) = json.loads(capsys.readouterr().out)["outlets"]
    assert outlet["flags"] == [] and outlet["fallback_share"] == 0.0
    # The first 3 pages the site extractor read in each run were extracted by the fallback too.
    storage = open_storage(db, read_only=True)
    try:
        samples = [len(run.health["agreement"]) for run in storage.outlet_runs(OUTLET)]
    finally:
        storage.close()
    assert samples == [3, 3]
    assert outlet["agreement"] >= 0.8, outlet  # the two extractors read the same text
    assert main(["health", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"{OUTLET}: ok\n")


def test_health_usage_errors(tmp_path, capsys):
    assert main(["health", "--db", str(tmp_path / "none.sqlite")]) == EXIT_FAILED
    assert "no archive at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["health", "--runs", "1"])
    assert exit_info.value.code == EXIT_USAGE
