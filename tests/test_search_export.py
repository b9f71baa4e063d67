"""`newsasia search` and `newsasia export`, and Scrapy feed exports of Articles."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from extractors import Article, Image
from newsasia_spider.exporters import ArticleCsvExporter, ArticleJsonLinesExporter
from newsasia_spider.runner.cli import main
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from newsasia_spider.storage import open_storage

TESTS = Path(__file__).resolve().parent
ALMATY = timezone(timedelta(hours=5))


def article(number: int, outlet: str, title: str, body: str, day: int) -> Article:
    return Article(
        url=f"https://{outlet}.example/{number}",
        canonical_url=f"https://{outlet}.example/{number}",
        outlet=outlet,
        title=title,
        body=body,
        extractor="site:test/v1@1",
        published=datetime(2025, 4, day, 18, 5, tzinfo=ALMATY),
        authors=["Алия Нурланова", "Ерлан Сеитов"],
        tags=["энергетика"],
        images=[Image("https://x.example/1.jpg", "Подпись, с запятой", None)],
        fetched_at=datetime(2025, 4, 30, tzinfo=UTC),
    )


ARTICLES = [
    article(1, "tass", "Казахстан строит АЭС", "Строительство атомной станции начнётся летом.", 1),
    article(2, "24kg", "Тарифы на электроэнергию", "В Кыргызстане растут тарифы на свет.", 10),
    article(3, "tass", "Атомная энергетика региона", "Эксперты обсудили атомные станции.", 20),
]


@pytest.fixture
def archive(tmp_path) -> Path:
    path = tmp_path / "archive.sqlite"
    storage = open_storage(path)
    for item in ARTICLES:
        storage.upsert_article(item)
    storage.close()
    return path


def test_search_prints_ranked_hits(archive, capsys):
    assert main(["search", "атомная станция", "--db", str(archive)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.index("1. Атомная энергетика региона") < out.index("2. Казахстан строит АЭС")
    assert "   2025-04-20 18:05+05:00 · tass · https://tass.example/3\n" in out
    assert "*атомные* *станции*" in out


def test_search_filters(archive, capsys):
    db = ["--db", str(archive)]
    assert main(["search", "атомная станция", "--since", "2025-04-15", "--limit", "5", *db]) == 0
    out = capsys.readouterr().out
    assert "Атомная энергетика региона" in out and "АЭС" not in out
    assert main(["search", "тарифы", "--outlet", "tass", *db]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "newsasia: no article matches\n"


def test_search_without_an_archive_is_one_line(tmp_path, capsys):
    assert main(["search", "x", "--db", str(tmp_path / "none.sqlite")]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no archive at" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("since", ["yesterday", "2025-13-01"])
def test_a_bad_date_is_a_usage_error(archive, capsys, since):
    with pytest.raises(SystemExit) as exited:
        main(["search", "x", "--since", since, "--db", str(archive)])
    assert exited.value.code == EXIT_USAGE
    assert "not a date" in capsys.readouterr().err


def test_export_jsonl_round_trips_articles(archive, tmp_path, capsys):
    output = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(archive), "-o", str(output)]) == EXIT_OK
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [Article.from_dict(json.loads(line)) for line in lines] == ARTICLES
    first = json.loads(lines[0])
    assert first["published"] == "2025-04-01T18:05:00+05:00"
    assert "Казахстан" in lines[0]  # UTF-8, not \\u escapes
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []


def test_export_csv_to_stdout_with_filters(archive, capsys):
    argv = ["export", "--format", "csv", "--outlet", "tass", "--since", "2025-04-05T00:00+05:00"]
    assert main([*argv, "--db", str(archive)]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["title"] for row in rows] == ["Атомная энергетика региона"]
    assert json.loads(rows[0]["authors"]) == ["Алия Нурланова", "Ерлан Сеитов"]
    assert json.loads(rows[0]["images"])[0]["caption"] == "Подпись, с запятой"
    assert rows[0]["published"] == "2025-04-20T18:05:00+05:00"


def test_a_failed_export_leaves_no_file(archive, tmp_path, capsys, monkeypatch):
    from newsasia_spider.storage import StorageError
    from newsasia_spider.storage.sqlite import SqliteStorage

    def broken(self, **filters):
        yield ARTICLES[0]
        raise StorageError("cannot read articles: disk I/O error")

    monkeypatch.setattr(SqliteStorage, "iter_articles", broken)
    output = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(archive), "-o", str(output)]) == EXIT_FAILED
    assert capsys.readouterr().err == "newsasia: cannot read articles: disk I/O error\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite", *wal(tmp_path)]


def wal(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("archive.sqlite-"))


def test_feed_exporters_write_offsets_and_whole_lists():
    stream = io.BytesIO()
    exporter = ArticleJsonLinesExporter(stream, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(ARTICLES[0])
    exporter.finish_exporting()
    data = json.loads(stream.getvalue())
    assert data["published"] == "2025-04-01T18:05:00+05:00"
    assert data["fetched_at"] == "2025-04-30T00:00:00+00:00"
    assert data["images"] == [
        {"url": "https://x.example/1.jpg", "caption": "Подпись, с запятой", "credit": None}
    ]

    stream = io.BytesIO()
    exporter = ArticleCsvExporter(stream, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(ARTICLES[0])
    exporter.finish_exporting()
    (row,) = csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8")))
    assert json.loads(row["tags"]) == ["энергетика"]


@pytest.mark.slow
def test_scrapy_crawl_feed_export(tmp_path):
    """`scrapy crawl X -O file.jsonl` writes Articles with ISO 8601 offsets and stores them."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "alpha", "-O", "alpha.jsonl"],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(TESTS),
            "SCRAPY_SETTINGS_MODULE": "crawl_project.settings",
            "NEWSASIA_DB": str(tmp_path / "archive.sqlite"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    exported = [json.loads(line) for line in (tmp_path / "alpha.jsonl").read_text().splitlines()]
    assert [item["published"] for item in exported] == [
        "2025-03-01T09:30:00+06:00",
        "2025-03-02T09:30:00+06:00",
    ]
    storage = open_storage(tmp_path / "archive.sqlite")
    try:
        stored = [a.to_dict() for a in storage.iter_articles()]
    finally:
        storage.close()
    assert stored == exported
