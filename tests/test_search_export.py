"""`newsasia search` and `newsasia export`, and Scrapy feed exports of Articles."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
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


# --- export -o: files the user owns -----------------------------------------------------------


def run_cli(*argv: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *argv],
        capture_output="stdout" not in popen,
        timeout=60,
        check=False,
        **popen,
    )


def test_export_writes_through_a_fifo(archive, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        assert main(["export", "--db", str(archive), "-o", str(fifo)]) == EXIT_OK
        assert fifo.is_fifo()
    finally:
        if fifo.is_fifo() and reader.is_alive():  # nothing was written: let the reader end
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=60)
    assert [json.loads(line)["title"] for line in received[0].splitlines()] == [
        "Казахстан строит АЭС",
        "Тарифы на электроэнергию",
        "Атомная энергетика региона",
    ]


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_link(archive, tmp_path):
    target = tmp_path / "data" / "articles.jsonl"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    assert main(["export", "--db", str(archive), "-o", str(link)]) == EXIT_OK
    assert link.is_symlink() and link.resolve() == target
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3
    leftovers = [p.name for p in (tmp_path, target.parent) for p in p.iterdir()]
    assert not [name for name in leftovers if name.startswith(".export-")]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_export_writes_through_a_character_device(archive, tmp_path):
    import stat

    null = tmp_path / "null"  # the system's /dev/null, made here: replacing it must not happen
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    assert main(["export", "--db", str(archive), "-o", str(null)]) == EXIT_OK
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite", "null", *wal(tmp_path)]


@pytest.mark.slow
def test_export_to_a_name_of_standard_output_writes_to_it(archive, tmp_path):
    """`-o /dev/stdout` (here a link of the same kind) writes to the descriptor, whether it is
    a pipe or the file the shell opened for `> out`, and leaves the name alone."""
    stdout_name = tmp_path / "stdout"
    stdout_name.symlink_to("/proc/self/fd/1")
    argv = ["export", "--db", str(archive), "-o", str(stdout_name)]
    piped = run_cli(*argv)
    assert piped.returncode == EXIT_OK, piped.stderr
    assert len(piped.stdout.splitlines()) == 3
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as shell_redirect:
        inode = os.fstat(shell_redirect.fileno()).st_ino
        into_file = run_cli(*argv, stdout=shell_redirect, stderr=subprocess.PIPE)
    assert into_file.returncode == EXIT_OK, into_file.stderr
    assert out.stat().st_ino == inode and len(out.read_bytes().splitlines()) == 3
    assert os.readlink(stdout_name) == "/proc/self/fd/1"


def test_an_exported_file_gets_the_umasks_mode_or_keeps_its_own(archive, tmp_path):
    previous = os.umask(0o027)
    try:
        new = tmp_path / "new.jsonl"
        assert main(["export", "--db", str(archive), "-o", str(new)]) == EXIT_OK
        assert new.stat().st_mode & 0o777 == 0o640
        existing = tmp_path / "existing.csv"
        existing.write_text("")
        existing.chmod(0o664)
        assert main(["export", "--db", str(archive), "--format", "csv", "-o", str(existing)]) == 0
        assert existing.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(previous)


# --- reading never writes -------------------------------------------------------------------


def test_search_and_export_read_an_archive_nobody_may_write(archive, tmp_path, capsys):
    from filesystems import read_only_copy

    for leftover in archive.parent.glob("archive.sqlite-*"):
        leftover.unlink()
    (tmp_path / "source").mkdir()
    archive.rename(tmp_path / "source" / "archive.sqlite")
    with read_only_copy(tmp_path / "source") as folder:
        db = ["--db", str(folder / "archive.sqlite")]
        assert main(["search", "атомная станция", *db]) == EXIT_OK
        assert "1. Атомная энергетика региона" in capsys.readouterr().out
        assert main(["export", "--format", "csv", *db]) == EXIT_OK
        assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == 3
        assert sorted(p.name for p in folder.iterdir()) == ["archive.sqlite"]


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("command", [["search", "выборы"], ["export"]])
def test_reading_a_file_that_is_no_archive_leaves_it_as_it_was(tmp_path, capsys, command):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:  # some other program's database
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    for path in (empty, other):
        before = file_state(path)
        assert main([*command, "--db", str(path)]) == EXIT_FAILED
        err = capsys.readouterr().err
        assert err == f"newsasia: {path} is not a newsasia archive (it holds no schema)\n"
        assert file_state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite", "other.sqlite"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_reading_a_device_creates_nothing_beside_it(tmp_path, capsys):
    import stat

    null = tmp_path / "null"  # as `--db /dev/null`, without touching the system's /dev
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    assert main(["search", "выборы", "--db", str(null)]) == EXIT_FAILED
    assert "is not a newsasia archive" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_reading_an_older_archive_does_not_upgrade_it(tmp_path, capsys):
    path = tmp_path / "old.sqlite"
    open_storage(path, schema_version=2).close()
    before = file_state(path)
    assert main(["search", "выборы", "--db", str(path)]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "lacks schema version 3 (" in err and "run `newsasia crawl` once to upgrade it" in err
    assert file_state(path) == before


# --- search and export arguments --------------------------------------------------------------


@pytest.mark.parametrize("command", [["search", "атомная"], ["export"]])
def test_an_unknown_outlet_is_a_usage_error_naming_the_known_ones(archive, capsys, command):
    assert main([*command, "--outlet", "nosuch", "--db", str(archive)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "newsasia: unknown outlet 'nosuch' (known: 24kg, news-asia, realist, tass)\n"
    )


def test_a_query_may_begin_with_an_excluded_word(archive, capsys):
    """`search -казахстан атомная`: -казахстан excludes a word, it is not an option."""
    assert main(["search", "атомная", "--db", str(archive)]) == EXIT_OK
    assert "Казахстан строит АЭС" in capsys.readouterr().out
    for argv in (
        ["-казахстан", "атомная"],
        ["атомная", "-казахстан"],
        ["--", "-казахстан", "атомная"],
    ):
        assert main(["search", "--db", str(archive), *argv]) == EXIT_OK  # after --: all query
        out = capsys.readouterr().out
        assert "1. Атомная энергетика региона" in out and "Казахстан строит АЭС" not in out, argv


def test_a_huge_limit_is_a_usage_error_not_a_traceback(archive, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["search", "атомная", "--limit", "99999999999999999999999", "--db", str(archive)])
    assert exited.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "99999999999999999999999 is over 1000000" in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("command", [["search", "атомная"], ["export"]])
def test_a_closed_pipe_ends_the_command_quietly(archive, command):
    """`newsasia search x | head -1`: the reader is gone before the first line is written."""
    reader_gone = subprocess.Popen(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *command, "--db", str(archive)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    reader_gone.stdout.close()
    err = reader_gone.stderr.read().decode()
    assert reader_gone.wait(timeout=60) == EXIT_OK, err
    assert err == ""
