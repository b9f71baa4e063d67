"""`newsasia crawl` end to end with the tests' spiders (tests/crawl_project): isolation of
outlets, the summary and exit codes, the lock between two real processes, bad input."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from storage_backends import postgres_target  # noqa: F401  (fixture)

from newsasia_spider.runner.cli import main
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE
from newsasia_spider.runner.progress import Progress
from newsasia_spider.storage import StorageError, open_storage
from tests.site.runner import newsasia_crawl

TESTS = Path(__file__).resolve().parent
pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Run from a fresh folder with the tests' spiders; `waiting` is released at once."""
    release = tmp_path / "release"
    release.touch()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawl_project.settings")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    monkeypatch.setenv("NEWSASIA_TEST_RELEASE", str(release))
    monkeypatch.delenv("NEWSASIA_DB", raising=False)
    monkeypatch.delenv("NEWSASIA_TEST_EDITION", raising=False)
    return tmp_path


def summary_lines(output: str) -> dict[str, str]:
    return {line.split()[0]: line for line in output.splitlines() if line.strip()}


def test_every_outlet_runs_and_one_failure_does_not_stop_the_others(project, capsys):
    assert main(["crawl"]) == EXIT_FAILED
    captured = capsys.readouterr()
    lines = summary_lines(captured.out)
    assert list(lines) == ["alpha", "beta", "broken", "waiting", "total"]
    assert "new 2, updated 0, unchanged 0, failed 0, via site 1, via fallback 1" in lines["alpha"]
    assert lines["alpha"].endswith(": ok") and lines["waiting"].endswith(": ok")
    assert lines["broken"].endswith("FAILED (start_error)")
    assert "new 4," in lines["total"] and "1 outlet(s) failed: broken" in lines["total"]
    # Without a terminal, stderr only says what failed, in one line.
    assert captured.err.count("\n") == 1 and "broken failed" in captured.err

    storage = open_storage(project / "data" / "newsasia.sqlite")
    try:
        outlets = sorted(article.outlet for article in storage.iter_articles())
        assert outlets == ["alpha", "alpha", "beta", "waiting"]
        (run,) = storage.crawl_runs()
        assert run.exit_status == EXIT_FAILED and run.finished_at is not None
        assert {o.outlet: o.ok for o in run.outlet_runs} == {
            "alpha": True,
            "beta": True,
            "broken": False,
            "waiting": True,
        }
        assert run.outlet_runs[0].stats["new"] == 2
    finally:
        storage.close()


def test_a_second_run_finds_nothing_new_and_changes_become_updates(project, capsys, monkeypatch):
    assert main(["crawl", "alpha", "beta", "--db", "archive.sqlite"]) == EXIT_OK
    capsys.readouterr()
    assert main(["crawl", "alpha", "beta", "--db", "archive.sqlite"]) == EXIT_OK
    lines = summary_lines(capsys.readouterr().out)
    assert "new 0, updated 0, unchanged 2," in lines["alpha"]
    assert "new 0, updated 0, unchanged 3," in lines["total"]

    monkeypatch.setenv("NEWSASIA_TEST_EDITION", "Дополнено.")
    assert main(["crawl", "alpha", "--db", "archive.sqlite"]) == EXIT_OK
    assert "new 0, updated 2, unchanged 0," in summary_lines(capsys.readouterr().out)["alpha"]
    storage = open_storage("archive.sqlite")
    try:
        assert len(storage.revisions("https://alpha.example/news/1")) == 2
        assert [run.exit_status for run in storage.crawl_runs()] == [0, 0, 0]
    finally:
        storage.close()


def test_each_run_logs_to_a_dated_file(project, capsys):
    assert main(["crawl", "beta", "--log-dir", "var/log"]) == EXIT_OK
    (log,) = (project / "var" / "log").iterdir()
    assert log.name.startswith(f"crawl-{datetime.now().year}")
    text = log.read_text(encoding="utf-8")
    assert "beta | " in text and "Spider closed (finished)" in text
    assert "[newsasia.crawl] INFO: total" in text


def test_the_db_setting_comes_from_the_environment(project, capsys, monkeypatch):
    monkeypatch.setenv("NEWSASIA_DB", str(project / "from-env.sqlite"))
    assert main(["crawl", "beta"]) == EXIT_OK
    assert (project / "from-env.sqlite").exists()
    assert not (project / "data").exists()


@pytest.mark.postgres
def test_crawl_into_postgres(project, capsys, postgres_target):
    assert main(["crawl", "alpha", "--db", postgres_target]) == EXIT_OK
    storage = open_storage(postgres_target)
    try:
        assert len(list(storage.iter_articles(outlet="alpha"))) == 2
        assert storage.search("закон выборах")[0].outlet == "alpha"
    finally:
        storage.close()


# --- the lock -----------------------------------------------------------------------------


def start_crawl(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newsasia_spider.runner.cli", "crawl", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def started_runs(target: str) -> int:
    if not Path(target).exists():
        return 0
    storage = open_storage(target)
    try:
        return len(storage.crawl_runs())
    finally:
        storage.close()


def test_a_second_concurrent_crawl_exits_at_once(project, monkeypatch):
    release = project / "release-later"
    monkeypatch.setenv("NEWSASIA_TEST_RELEASE", str(release))
    first = start_crawl("waiting", "--db", "archive.sqlite")
    try:
        wait_for(lambda: started_runs("archive.sqlite") == 1)
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsasia_spider.runner.cli",
                "crawl",
                "alpha",
                "--db",
                "archive.sqlite",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == EXIT_LOCKED
        assert second.stdout == ""
        assert second.stderr.count("\n") == 1 and "already running" in second.stderr
        release.touch()
        out, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == EXIT_OK, err
    assert "waiting" in out
    storage = open_storage("archive.sqlite")
    try:
        assert [a.outlet for a in storage.iter_articles()] == ["waiting"]  # nothing from alpha
        assert len(storage.crawl_runs()) == 1
    finally:
        storage.close()


def test_sigterm_stops_the_running_outlet_and_records_the_run(project, monkeypatch):
    monkeypatch.setenv("NEWSASIA_TEST_RELEASE", str(project / "never"))
    crawl = start_crawl("waiting", "beta", "--db", "archive.sqlite")
    try:
        wait_for(lambda: started_runs("archive.sqlite") == 1)
        time.sleep(1.5)  # let the child get into its crawl
        crawl.send_signal(signal.SIGTERM)
        out, err = crawl.communicate(timeout=60)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert crawl.returncode == EXIT_FAILED
    lines = summary_lines(out)
    assert list(lines) == ["waiting", "total"]  # beta never started
    assert lines["waiting"].endswith("FAILED (interrupted)")
    assert "interrupted by SIGTERM" in err
    storage = open_storage("archive.sqlite")
    try:
        (run,) = storage.crawl_runs()
        assert run.exit_status == EXIT_FAILED and run.finished_at is not None
        assert [(o.outlet, o.ok, o.stats["reason"]) for o in run.outlet_runs] == [
            ("waiting", False, "interrupted")
        ]
    finally:
        storage.close()


# --- an outlet nothing answers for -----------------------------------------------------------


def closed_port() -> int:
    """A local port nothing listens on: connections to it are refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_outlet_whose_every_request_failed_is_failed_with_the_dominant_error(tmp_path):
    """As without a network: every request of the outlet fails (here: a closed local port)."""
    done = newsasia_crawl("tass", f"http://127.0.0.1:{closed_port()}", tmp_path)
    assert done.returncode == EXIT_FAILED, done.stdout + done.stderr
    lines = summary_lines(done.stdout)
    reason = re.search(r"FAILED \((.*)\)$", lines["tass"])
    assert reason, lines["tass"]
    requests = re.fullmatch(r"unreachable: connection refused, (\d+) of (\d+) requests", reason[1])
    assert requests and requests[1] == requests[2] and int(requests[1]) >= 3, reason[1]
    assert lines["total"].endswith("1 outlet(s) failed: tass")
    assert f"tass failed ({reason[1]})" in done.stderr


def test_a_dns_failure_everywhere_is_named_as_such():
    """No network at all: every lookup fails (stats as a crawl without DNS leaves them)."""
    from newsasia_spider.runner.summary import unreachable, verdict

    stats = {
        "finish_reason": "finished",
        "downloader/request_count": 12,
        "downloader/exception_count": 12,
        "downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError": 12,
        "newsasia/fault/dns": 12,
    }
    assert verdict(stats) == (False, "unreachable: DNS, 12 of 12 requests")
    # One answer of 9 requests: not every request failed, and too few to say "most".
    one_answer = {
        **stats,
        "downloader/request_count": 9,
        "downloader/exception_count": 8,
        "newsasia/fault/dns": 8,
    }
    assert unreachable({**one_answer, "downloader/response_status_count/200": 1}) is None
    assert unreachable({**one_answer, "downloader/response_status_count/304": 1}) is None
    only_404 = {"downloader/request_count": 3, "downloader/response_status_count/404": 3}
    assert unreachable(only_404) == "unreachable: HTTP 404, 3 of 3 requests"
    assert unreachable({"finish_reason": "finished"}) is None  # asked nothing


# --- counts that match the archive -----------------------------------------------------------


def stored_articles(target: str) -> int:
    try:
        storage = open_storage(target, read_only=True)
    except StorageError:  # not there yet, or its schema not yet committed
        return 0
    try:
        return len(list(storage.iter_articles()))
    finally:
        storage.close()


def test_an_interrupted_outlet_counts_what_it_committed(project, monkeypatch, capsys):
    """SIGINT after 5 articles were committed: the summary and the run's record say new 5, and
    the next run counts them unchanged. (It said new 0, and the next run new 0 too.)"""
    monkeypatch.setenv("NEWSASIA_TEST_RELEASE", str(project / "never"))
    monkeypatch.setenv("NEWSASIA_TEST_EARLY", "5")
    crawl = start_crawl("waiting", "--db", "archive.sqlite")
    try:
        wait_for(lambda: stored_articles("archive.sqlite") == 5)
        crawl.send_signal(signal.SIGINT)
        out, err = crawl.communicate(timeout=60)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert crawl.returncode == EXIT_FAILED, err
    lines = summary_lines(out)
    assert lines["waiting"].startswith("waiting new 5, updated 0, unchanged 0, failed 0,")
    assert lines["waiting"].endswith("FAILED (interrupted)")
    assert lines["total"].startswith("total   new 5,")
    storage = open_storage("archive.sqlite", read_only=True)
    try:
        (run,) = storage.crawl_runs()
        assert [(o.stats["new"], o.stats["reason"]) for o in run.outlet_runs] == [
            (5, "interrupted")
        ]
    finally:
        storage.close()

    monkeypatch.setenv("NEWSASIA_TEST_RELEASE", str(project / "release"))
    assert main(["crawl", "waiting", "--db", "archive.sqlite"]) == EXIT_OK
    rerun = summary_lines(capsys.readouterr().out)["waiting"]
    assert rerun.startswith("waiting new 1, updated 0, unchanged 5,"), rerun
    assert stored_articles("archive.sqlite") == 6


def test_an_outlet_whose_batch_the_full_disk_refused_counts_none_stored_and_says_why(project):
    """The archive on a full filesystem: the batch's commit fails. It said "new 2" and
    "FAILED (finished)" while nothing was stored."""
    from filesystems import fill, tmpfs

    with tmpfs(project / "small", "2m") as folder:
        archive = folder / "archive.sqlite"
        open_storage(archive).close()
        fill(folder)
        # Room for SQLite's shared-memory file (32 KB) and a little log, not for the batch.
        filler = folder / "filler"
        os.truncate(filler, filler.stat().st_size - 48 * 1024)
        result = subprocess.run(
            [sys.executable, "-m", "newsasia_spider.runner.outlet_crawl", "alpha"],
            env={**os.environ, "NEWSASIA_DB": str(archive)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert stored_articles(str(archive)) == 0
    assert result.returncode == 1, result.stderr[-3000:]
    finished = json.loads(result.stdout.splitlines()[-1])
    assert (finished["ok"], finished["reason"]) == (
        False,
        f"storage error: cannot commit to {archive}: database or disk is full",
    )
    stats = finished["stats"]
    assert "newsasia/new" not in stats and stats["newsasia/store_failed"] == 2
    assert "2 article(s) not stored: cannot commit to" in result.stderr


# --- record / replay settings ------------------------------------------------------------------


def test_offline_replays_each_outlets_cassette(project, capsys):
    cassettes = project / "cassettes"
    cassettes.mkdir()
    (cassettes / "alpha.yaml").write_text("interactions: []\nversion: 1\n")
    assert main(["crawl", "alpha", "beta", "--offline", "--cassettes", "cassettes"]) == EXIT_FAILED
    lines = summary_lines(capsys.readouterr().out)
    assert lines["alpha"].endswith(": ok")
    assert lines["beta"].endswith("FAILED (no cassette cassettes/beta.yaml)")
    (log,) = (project / "logs").iterdir()
    assert "replay: VCR_CASSETTE=cassettes/alpha.yaml" in log.read_text(encoding="utf-8")


def test_record_adds_new_episodes(project, capsys):
    assert main(["crawl", "beta", "--record", "--cassettes", "cassettes"]) == EXIT_OK
    (log,) = (project / "logs").iterdir()
    text = log.read_text(encoding="utf-8")
    assert "replay: VCR_CASSETTE=cassettes/beta.yaml VCR_RECORD_MODE=new_episodes" in text


def test_offline_finds_the_projects_cassettes_from_any_folder(tmp_path):
    # Run from a folder that is not the checkout: the recorded cassettes are the project's own.
    env = {
        k: v for k, v in os.environ.items() if k not in ("NEWSASIA_DB", "SCRAPY_SETTINGS_MODULE")
    }
    archive = str(tmp_path / "archive.sqlite")
    command = ["crawl", "tass", "--offline", "--db", archive]
    result = subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.cli", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    tass = summary_lines(result.stdout)["tass"]
    assert tass.startswith("tass") and "new 5," in tass and tass.endswith(": ok")


# --- bad input -----------------------------------------------------------------------------


def test_an_unknown_outlet_is_a_usage_error_and_touches_nothing(project, capsys):
    assert main(["crawl", "alpha", "nosuch"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err == "newsasia: unknown outlet 'nosuch' (known: alpha, beta, broken, waiting)\n"
    assert sorted(p.name for p in project.iterdir()) == ["release"]


def test_cassettes_without_offline_or_record_is_a_usage_error(project, capsys):
    assert main(["crawl", "alpha", "--cassettes", "elsewhere"]) == EXIT_USAGE
    assert capsys.readouterr().err == "newsasia: --cassettes needs --offline or --record\n"
    assert sorted(p.name for p in project.iterdir()) == ["release"]  # no archive, no log


def test_an_empty_db_is_a_usage_error_not_the_default_archive(project, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["crawl", "alpha", "--db", ""])
    assert exited.value.code == EXIT_USAGE
    assert capsys.readouterr().err.splitlines()[-1] == (
        "newsasia crawl: error: argument --db: empty (give a SQLite file or a postgresql:// URL)"
    )
    assert sorted(p.name for p in project.iterdir()) == ["release"]


def test_offline_and_record_together_are_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["crawl", "--offline", "--record"])
    assert exited.value.code == EXIT_USAGE


def test_a_corrupt_database_is_one_line_and_left_alone(project, capsys):
    corrupt = project / "corrupt.sqlite"
    corrupt.write_bytes(b"\x00garbage" * 512)
    assert main(["crawl", "alpha", "--db", str(corrupt)]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a usable SQLite database" in err
    assert corrupt.read_bytes() == b"\x00garbage" * 512
    assert not (project / "logs").exists()


def test_a_database_from_a_newer_release_is_refused(project, capsys):
    storage = open_storage("archive.sqlite")
    storage._execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        (42, "future", storage._to_db_time(datetime.now(UTC))),
    )
    storage.close()
    assert main(["crawl", "alpha", "--db", "archive.sqlite"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer than this newsasia knows" in err


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("postgresql://[oops", EXIT_USAGE, "malformed PostgreSQL URL"),
        ("postgresql://postgres@127.0.0.1:1/test", EXIT_FAILED, "cannot connect to postgresql://"),
        (".", EXIT_FAILED, "is a directory"),
    ],
)
def test_an_unusable_database_target_is_one_line(project, capsys, target, code, message):
    assert main(["crawl", "alpha", "--db", target]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_an_outlet_whose_archive_fails_ends_with_storage_error(project):
    """The pipeline ends the crawl when it can't store; the outlet's runner reports a failure."""
    corrupt = project / "corrupt.sqlite"
    corrupt.write_bytes(b"\x00garbage" * 512)
    result = subprocess.run(
        [sys.executable, "-m", "newsasia_spider.runner.outlet_crawl", "alpha"],
        env={**os.environ, "NEWSASIA_DB": str(corrupt)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    finished = json.loads(result.stdout.splitlines()[-1])
    assert (finished["event"], finished["ok"]) == ("finished", False)
    assert finished["reason"] == (  # why, not only that: the summary line shows it
        f"storage error: {corrupt} is not a usable SQLite database (file is not a database)"
    )
    assert finished["stats"]["finish_reason"] == "storage_error"
    assert finished["stats"]["newsasia/store_failed"] == 1
    assert "not a usable SQLite database" in result.stderr
    assert corrupt.read_bytes() == b"\x00garbage" * 512


# --- the terminal ----------------------------------------------------------------------------


def test_progress_is_drawn_only_in_a_terminal():
    plain = io.StringIO()
    with Progress(["alpha"], plain) as progress:
        progress.start("alpha")
        progress.update("alpha", {"pages": 7, "articles": 3, "errors": 1})
        progress.print("alpha summary")
    assert plain.getvalue() == "alpha summary\n"

    terminal = io.StringIO()
    with Progress(["alpha", "beta"], terminal, live=True) as progress:
        progress.start("alpha")
        progress.update("alpha", {"pages": 7, "articles": 3, "errors": 1})
        progress.finish("alpha", ok=True)
        progress.print("alpha summary")
    drawn = terminal.getvalue()
    assert "alpha summary" in drawn
    table = progress.render()
    assert [column.header for column in table.columns] == [
        "outlet",
        "state",
        "pages",
        "articles",
        "errors",
        "time",
    ]
    assert list(table.columns[2].cells) == ["7", "0"]
