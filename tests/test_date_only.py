"""A page that gives only the day is stored as a date, never as an invented midnight: in the
Article, the archive (both backends), search hits, exports, and `--since`."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from storage_backends import archive_target, postgres_target  # noqa: F401  (fixtures)
from test_fallback import news_page, run_fallback

from extractors import Article, extract
from extractors.dates import BISHKEK, parse_iso, parse_russian_date
from newsasia_spider.runner.cli import main
from newsasia_spider.runner.exit_codes import EXIT_OK
from newsasia_spider.storage import open_storage

NOW = datetime(2025, 7, 2, 12, 0, tzinfo=BISHKEK)
ALMATY = timezone(timedelta(hours=5))


def dated(number: int, published: datetime | date | None) -> Article:
    return Article(
        url=f"https://24.kg/vlast/{number}/",
        canonical_url=f"https://24.kg/vlast/{number}/",
        outlet="24kg",
        title=f"Заседание номер {number}",
        body="Депутаты рассмотрели законопроект.",
        extractor="site:24kg/test@1",
        published=published,
        fetched_at=datetime(2025, 1, 20, tzinfo=UTC),
    )


# --- reading dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 января 2021", date(2021, 1, 20)),
        ("20 января 2021 г.", date(2021, 1, 20)),
        ("26 ноября", date(2024, 11, 26)),  # seen in July 2025 without a year: last November
        ("1 июля", date(2025, 7, 1)),
        ("10:14, 20 января 2021", datetime(2021, 1, 20, 10, 14, tzinfo=BISHKEK)),
        ("20 января 2021 00:00", datetime(2021, 1, 20, 0, 0, tzinfo=BISHKEK)),  # shown: kept
    ],
)
def test_a_russian_date_without_a_time_is_a_date(text, expected):
    parsed = parse_russian_date(text, BISHKEK, NOW)
    assert parsed == expected and type(parsed) is type(expected)


def test_an_iso_day_is_a_date_and_an_iso_midnight_a_time():
    assert parse_iso("2025-01-15", BISHKEK) == date(2025, 1, 15)
    assert type(parse_iso("2025-01-15", BISHKEK)) is date
    midnight = parse_iso("2025-01-15T00:00:00", BISHKEK)
    assert midnight == datetime(2025, 1, 15, tzinfo=BISHKEK) and type(midnight) is datetime


def test_the_24kg_page_showing_only_a_date_is_stored_with_the_date_only():
    # The golden page of the issue: microdata date, no visible date line.
    from test_golden_pages import PAGES

    page = next(p for p in PAGES if p.name == "24kg/353463-nedelya-24-date-only")
    article = extract(page.html_bytes(), page.url)
    assert article.extractor.startswith("site:24kg/")
    assert article.published == date(2025, 12, 7) and type(article.published) is date
    assert article.to_dict()["published"] == "2025-12-07"


def test_the_fallback_keeps_a_date_alone():
    article = run_fallback(news_page(published="2025-07-02"))
    assert article.published == date(2025, 7, 2) and type(article.published) is date
    assert article.modified is None


# --- the Article --------------------------------------------------------------------------


def test_the_article_round_trips_a_date_and_a_time():
    day_only = dated(1, date(2025, 1, 15))
    assert day_only.to_dict()["published"] == "2025-01-15"
    assert Article.from_dict(json.loads(json.dumps(day_only.to_dict()))) == day_only
    timed = dated(2, datetime(2025, 1, 15, 0, 0, tzinfo=BISHKEK))  # a real midnight stays one
    assert timed.to_dict()["published"] == "2025-01-15T00:00:00+06:00"
    assert type(Article.from_dict(timed.to_dict()).published) is datetime


def test_the_article_still_refuses_a_naive_time():
    with pytest.raises(ValueError, match="time-zone-aware"):
        dated(1, datetime(2025, 1, 15, 10, 0))


# --- the archive and --since ----------------------------------------------------------------


@pytest.fixture
def archive(archive_target):
    storage = open_storage(archive_target)
    storage.upsert_article(dated(1, date(2025, 1, 15)))
    storage.upsert_article(dated(2, datetime(2025, 1, 14, 23, 30, tzinfo=BISHKEK)))  # 17:30 UTC
    storage.upsert_article(dated(3, date(2025, 1, 16)))
    storage.commit()
    yield storage
    storage.close()


def test_the_archive_keeps_a_date_alone(archive):
    stored = {a.canonical_url: a.published for a in archive.iter_articles()}
    assert stored == {
        "https://24.kg/vlast/1/": date(2025, 1, 15),
        "https://24.kg/vlast/2/": datetime(2025, 1, 14, 23, 30, tzinfo=BISHKEK),
        "https://24.kg/vlast/3/": date(2025, 1, 16),
    }
    assert type(stored["https://24.kg/vlast/1/"]) is date
    hits = {hit.url: hit.published for hit in archive.search("заседание")}
    assert hits["https://24.kg/vlast/1/"] == date(2025, 1, 15)
    assert archive.upsert_article(dated(1, date(2025, 1, 15))) == "unchanged"


def test_since_a_day_keeps_the_articles_dated_that_day(archive):
    def since(moment) -> list[str]:
        return [a.canonical_url[-2] for a in archive.iter_articles(since=moment)]

    # Oldest first: the timed article of the 14th (Bishkek), then the days.
    assert since(None) == ["2", "1", "3"]
    assert since(date(2025, 1, 15)) == ["1", "3"]
    assert since(date(2025, 1, 16)) == ["3"]
    assert since(datetime(2025, 1, 14, 17, 30, tzinfo=UTC)) == ["2", "1", "3"]
    assert since(date(2025, 1, 17)) == []


def test_search_and_export_show_the_date_alone(archive_target, capsys):
    storage = open_storage(archive_target)
    storage.upsert_article(dated(1, date(2025, 1, 15)))
    storage.upsert_article(dated(2, datetime(2025, 1, 15, 10, 5, tzinfo=ALMATY)))
    storage.close()
    db = ["--db", archive_target]
    assert main(["search", "заседание", "--since", "2025-01-15", *db]) == EXIT_OK
    out = capsys.readouterr().out
    assert "   2025-01-15 · 24kg · https://24.kg/vlast/1/\n" in out
    assert "   2025-01-15 10:05+05:00 · 24kg · https://24.kg/vlast/2/\n" in out
    assert main(["export", "--format", "jsonl", *db]) == EXIT_OK
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["url"]: row["published"] for row in exported} == {
        "https://24.kg/vlast/1/": "2025-01-15",
        "https://24.kg/vlast/2/": "2025-01-15T10:05:00+05:00",
    }
