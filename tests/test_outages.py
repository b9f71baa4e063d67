"""Outages (issue 16, item 2): a run whose requests mostly failed, that met a 403 wall, or
whose sources listed articles of which none was stored fails, its summary line naming the
cause, and `newsasia crawl` exits 1; a healthy run is not flagged. Crawls of the local test
site with its fault injection (tests/site/faults.py), and the thresholds on stats written by
hand (docs/health.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK
from newsasia_spider.runner.summary import outage, verdict
from tests.site import LocalSite
from tests.site.faults import Empty, Fault, HttpError
from tests.site.runner import newsasia_crawl

OUTLET = "tass"  # robots.txt, a feed, a sitemap index and one news sitemap: 4 source requests
ARTICLES = 12  # the feed and the sitemap list the same 12 articles


def crawl(site: LocalSite, work: Path) -> tuple[int, str, str]:
    """`newsasia crawl tass` against the local site: exit status, tass's line, stderr."""
    done = newsasia_crawl(OUTLET, site.base, work)
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert OUTLET in lines, done.stdout + done.stderr
    return done.returncode, lines[OUTLET], done.stderr


def crawl_with_every_article(fault: Callable[[], Fault], work: Path) -> tuple[int, str, str]:
    """A crawl of the site whose every article page answers with `fault()`."""
    with LocalSite(OUTLET, articles=ARTICLES, feed_size=ARTICLES) as site:
        for number in site.numbers():
            site.faults[site.path(number)] = fault()
        return crawl(site, work)


def failure_reason(line: str) -> str:
    found = re.search(r"FAILED \((.*)\)$", line)
    assert found, line
    return found[1]


@pytest.mark.slow
def test_a_healthy_run_is_not_flagged(tmp_path):
    with LocalSite(OUTLET, articles=ARTICLES, feed_size=ARTICLES) as site:
        status, line, stderr = crawl(site, tmp_path)
    assert status == EXIT_OK, line + stderr
    assert line.split()[1:3] == ["new", f"{ARTICLES},"] and line.endswith(": ok"), line


@pytest.mark.slow
def test_most_requests_failing_is_unreachable_naming_the_commonest_failure(tmp_path):
    status, line, stderr = crawl_with_every_article(lambda: HttpError(503), tmp_path)
    assert status == EXIT_FAILED
    # Each article page tried 3 times (RETRY_TIMES 2): 36 answers of 503, and the 4 source
    # requests answered: 36 of 40 requests failed, 90 % (the threshold is 80 %).
    assert failure_reason(line) == "unreachable: HTTP 503, 36 of 40 requests"
    assert f"{OUTLET} failed (unreachable: HTTP 503, 36 of 40 requests)" in stderr


@pytest.mark.slow
def test_article_pages_answered_403_are_a_403_wall(tmp_path):
    status, line, _ = crawl_with_every_article(lambda: HttpError(403), tmp_path)
    assert status == EXIT_FAILED
    # The back-off ends the run after 3 answers of 403 in a row; requests already on their
    # way still come back, so the count is 3 or a few more, all of them 403.
    wall = re.fullmatch(
        r"403 wall: (\d+) of (\d+) article requests answered 403", failure_reason(line)
    )
    assert wall and wall[1] == wall[2] and int(wall[1]) >= 3, line


@pytest.mark.slow
def test_listed_articles_none_of_them_stored(tmp_path):
    status, line, _ = crawl_with_every_article(Empty, tmp_path)  # a 200 with nothing in it
    assert status == EXIT_FAILED
    assert failure_reason(line) == f"0 of {ARTICLES} listed articles stored"


# --- the thresholds, on stats as a crawl leaves them ----------------------------------------

FINISHED = {"finish_reason": "finished"}


def test_every_request_failing_by_dns_is_unreachable_dns():
    stats = {
        **FINISHED,
        "downloader/request_count": 45,
        "downloader/exception_count": 45,
        "newsasia/fault/dns": 45,
    }
    assert verdict(stats) == (False, "unreachable: DNS, 45 of 45 requests")


def test_mostly_failed_means_80_percent_of_at_least_10_requests():
    def stats(requests: int, timeouts: int, refused: int = 0) -> dict:
        return {
            **FINISHED,
            "downloader/request_count": requests,
            "downloader/response_status_count/200": requests - timeouts,
            # Refusals (scope guard, robots.txt) are exceptions Scrapy counts, not failures.
            "downloader/exception_count": timeouts + refused,
            "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": refused,
            "newsasia/fault/timeout": timeouts,
        }

    assert outage(stats(20, 16)) == "unreachable: timeout, 16 of 20 requests"
    assert outage(stats(20, 15)) is None  # 75 %
    assert outage(stats(20, 15, refused=10)) is None  # refusals don't count as failures
    assert outage(stats(9, 8)) is None  # too few requests to say "mostly"; all would be


def test_a_403_wall_is_more_than_half_the_article_answers():
    def stats(forbidden: int, ok: int) -> dict:
        return {
            **FINISHED,
            "downloader/request_count": forbidden + ok + 2,
            "downloader/response_status_count/200": ok + 2,
            "downloader/response_status_count/403": forbidden,
            "newsasia/article_answer/403": forbidden,
            "newsasia/article_answer/200": ok,
            "newsasia/new": ok,
        }

    assert outage(stats(6, 4)) == "403 wall: 6 of 10 article requests answered 403"
    assert outage(stats(5, 5)) is None
    assert outage(stats(2, 0)) is None  # too few answers to call it a wall
    # Ended by the back-off before any article was asked: the wall was in front of the feeds.
    ended = {
        "finish_reason": "newsasia_403_wall",
        "downloader/request_count": 3,
        "downloader/response_status_count/403": 3,
    }
    assert verdict(ended) == (False, "403 wall: 3 of 3 requests answered 403")


def test_none_stored_needs_three_listed_and_counts_any_stored_outcome():
    listed = {**FINISHED, "newsasia/listed": 12}
    assert outage(listed) == "0 of 12 listed articles stored"
    assert outage({**listed, "newsasia/unchanged": 1}) is None
    assert outage({**FINISHED, "newsasia/listed": 2}) is None
