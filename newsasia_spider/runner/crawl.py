"""`newsasia crawl`: every outlet in one run, for cron.

Each outlet crawls in its own process (`newsasia_spider.runner.outlet_crawl`), one after
another, so one outlet's failure can't stop the others. A lock lets one run at a time write the
archive. The run is recorded in the archive's crawl_runs table and logged to
logs/crawl-<time>.log; standard output gets one summary line per outlet and a total, a terminal
also gets live progress.

Exit status: 0 every outlet succeeded, 1 an outlet failed or the archive can't be used,
2 usage error (unknown outlet, malformed database URL), 3 another crawl is running.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from newsasia_spider.runner import RECORDED_CASSETTES
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, fail
from newsasia_spider.runner.health import RunHealth
from newsasia_spider.runner.progress import Progress
from newsasia_spider.runner.summary import OutletSummary, total_line
from newsasia_spider.storage import InvalidTarget, Storage, StorageError, open_storage

SETTINGS_MODULE = "newsasia_spider.settings"
STOP_GRACE_SECONDS = 20  # how long an interrupted outlet may take to close cleanly

logger = logging.getLogger("newsasia.crawl")


@dataclass
class CrawlOptions:
    outlets: list[str] = field(default_factory=list)  # empty: every outlet
    db: str | None = None  # None: NEWSASIA_DB (environment, then setting)
    offline: bool = False
    record: bool = False
    cassettes: Path = RECORDED_CASSETTES
    log_dir: Path = Path("logs")
    # `newsasia crawl --distributed` (runner/distributed_crawl.py): N local workers sharing
    # the outlets' queues in Redis
    workers: int = 2
    redis_url: str | None = None  # None: NEWSASIA_REDIS_URL (environment, then setting)
    idle_seconds: float | None = None  # None: NEWSASIA_WORKER_IDLE_SECONDS


class UsageError(Exception):
    """The command line asks for something that doesn't exist (exit status 2)."""


class SetupError(Exception):
    """The crawl can't start at all (exit status 1)."""


class Interrupted(Exception):
    """SIGTERM or SIGINT: stop the outlet that runs, record the run, exit."""

    finished: dict  # the stopped outlet's last report (what it committed), if it sent one

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.finished = {}


def run_crawl(options: CrawlOptions, *, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    try:
        settings = project_settings()
        outlets = choose_outlets(options.outlets, available_outlets(settings))
        target = resolve_db(options.db, settings)
        storage = open_storage(target)
    except (UsageError, InvalidTarget) as exc:
        return fail(str(exc), EXIT_USAGE)
    except (StorageError, SetupError) as exc:
        return fail(str(exc), EXIT_FAILED)
    return run_locked(
        storage,
        options.log_dir,
        lambda log_path: Crawl(options, storage, target, outlets, log_path, out).run(),
    )


def run_locked(
    storage: Storage,
    log_dir: Path,
    run: Callable[[Path], int],
    errors: tuple[type[Exception], ...] = (),
) -> int:
    """`run(log_path)` holding the archive's crawl lock, with the run's log open, then the archive
    closed: a crawl's exit status, one line on stderr for a storage error (or one of `errors`)."""
    try:
        if not storage.acquire_crawl_lock():
            return fail(f"another crawl is already running on {storage.target}", EXIT_LOCKED)
        with run_log(log_dir) as log_path:
            return run(log_path)
    except (StorageError, *errors) as exc:
        return fail(str(exc), EXIT_FAILED)
    except OSError as exc:
        return fail(f"cannot write the log in {log_dir}: {exc.strerror or exc}")
    finally:
        try:
            storage.close()
        except StorageError as exc:
            fail(str(exc))


class Crawl:
    """One run: the outlets one after another, each recorded as it ends."""

    def __init__(
        self,
        options: CrawlOptions,
        storage: Storage,
        target: str,
        outlets: list[str],
        log_path: Path,
        out: IO[str],
    ):
        self.options, self.storage, self.target = options, storage, target
        self.outlets, self.log_path, self.out = outlets, log_path, out
        self.width = max(len(name) for name in [*outlets, "total"])

    def run(self) -> int:
        started = time.monotonic()
        run_id = self.storage.start_crawl_run(self.outlets)
        logger.info("crawl run %s of %s into %s", run_id, ", ".join(self.outlets), self.target)
        summaries: list[OutletSummary] = []
        progress = Progress(self.outlets, self.out)
        exit_status = EXIT_FAILED
        try:
            with progress, _signals_interrupt():
                for outlet in self.outlets:
                    self.crawl_outlet(outlet, run_id, progress, summaries)
        except Interrupted as exc:
            logger.warning("crawl interrupted by %s; see %s", exc, self.log_path)
        else:
            exit_status = EXIT_OK if all(summary.ok for summary in summaries) else EXIT_FAILED
        finally:
            total = total_line(summaries, time.monotonic() - started, self.width)
            print(total, file=self.out, flush=True)
            logger.info(total)
            self.storage.finish_crawl_run(run_id, exit_status)
        return exit_status

    def crawl_outlet(
        self, outlet: str, run_id: int, progress: Progress, summaries: list[OutletSummary]
    ) -> None:
        """Crawl one outlet, then print, log and record its summary (also when interrupted)."""
        started_at, started = datetime.now(UTC), time.monotonic()
        progress.start(outlet)
        finished: dict = {}
        problem = ""
        try:
            finished = self.run_child(outlet, progress)
        except Interrupted as exc:
            finished, problem = exc.finished, "interrupted"
            raise
        except _OutletProblem as exc:
            problem = str(exc)
        finally:
            ok = bool(finished.get("ok")) and not problem
            reason = problem or str(finished.get("reason") or "crashed")
            stats = finished.get("stats") or {}
            summary = OutletSummary.from_stats(
                outlet, ok=ok, reason=reason, stats=stats, seconds=time.monotonic() - started
            )
            progress.finish(outlet, ok)
            if not ok:
                logger.warning("%s failed (%s); see %s", outlet, reason, self.log_path)
            summaries.append(summary)
            progress.print(summary.line(self.width))
            logger.info(summary.line(self.width))
            self.storage.record_outlet_run(
                run_id,
                outlet,
                started_at=started_at,
                finished_at=datetime.now(UTC),
                ok=ok,
                stats=summary.as_dict(),
                health=RunHealth.from_stats(stats).as_dict(),
            )

    def run_child(self, outlet: str, progress: Progress) -> dict:
        """Crawl outlet in a child process; its last report (the finished event, if any)."""
        command = [sys.executable, "-m", "newsasia_spider.runner.outlet_crawl", outlet]
        for name, value in self.child_settings(outlet).items():
            command += ["-s", f"{name}={value}"]
        environment = {**os.environ, "NEWSASIA_DB": self.target}
        environment.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
        child, copier = start_logged_child(
            command, environment, outlet, reports=True, pass_fds=self.storage.inheritable_lock_fds
        )
        try:
            finished = _read_reports(child.stdout, outlet, progress)
            child.wait()
        except Interrupted as exc:
            _stop(child)
            # Stopped cleanly, the child commits its batch and still reports what it stored.
            exc.finished = _read_reports(child.stdout, outlet, progress)
            raise
        finally:
            copier.join()
        if not finished:
            raise _OutletProblem(f"crawl process ended with status {child.returncode}")
        return finished

    def child_settings(self, outlet: str) -> dict[str, str]:
        settings: dict[str, str] = {}
        if self.options.offline or self.options.record:
            cassette = self.options.cassettes / f"{outlet}.yaml"
            if self.options.offline and not cassette.is_file():
                raise _OutletProblem(f"no cassette {cassette}")
            settings["VCR_CASSETTE"] = str(cassette)
        if self.options.record:
            settings["VCR_RECORD_MODE"] = "new_episodes"
        return settings


class _OutletProblem(Exception):
    """An outlet's crawl could not run or report; the others go on."""


# --- settings and outlets ----------------------------------------------------------------------


def project_settings():  # -> scrapy.settings.Settings
    """The Scrapy project's settings, found from any working directory (cron's is $HOME)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    from scrapy.utils.project import get_project_settings

    return get_project_settings()


def available_outlets(settings) -> list[str]:
    from scrapy.spiderloader import get_spider_loader

    try:
        return sorted(get_spider_loader(settings).list())
    except Exception as exc:  # a spider module that doesn't import: nothing can be crawled
        raise SetupError(f"cannot load the spiders: {type(exc).__name__}: {exc}") from exc


def choose_outlets(asked: Sequence[str], available: list[str]) -> list[str]:
    unknown = [name for name in asked if name not in available]
    if unknown:
        known = ", ".join(available) or "none"
        raise UsageError(f"unknown outlet {', '.join(map(repr, unknown))} (known: {known})")
    if not available:
        raise UsageError("no outlets to crawl: the project has no spiders")
    return list(dict.fromkeys(asked)) or available


def resolve_db(explicit: str | None, settings) -> str:
    from newsasia_spider.storage import resolve_target

    return resolve_target(explicit, settings.get("NEWSASIA_DB"))


# --- logging -------------------------------------------------------------------------------------


@contextmanager
def run_log(folder: Path) -> Iterator[Path]:
    """Log this run to folder/crawl-<local time>.log (everything) and stderr (warnings)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crawl-{datetime.now().strftime('%Y-%m-%dT%H%M%S')}.log"
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(_RunLogFormatter())
    stderr_handler = _StderrHandler(logging.WARNING)
    stderr_handler.setFormatter(logging.Formatter("newsasia: %(message)s"))
    logger.addHandler(file_handler)
    logger.addHandler(stderr_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield path
    finally:
        logger.removeHandler(file_handler)
        logger.removeHandler(stderr_handler)
        file_handler.close()


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is when a record comes: while the live progress table is
    drawn, that is rich's proxy, which prints above the table instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except Exception:
            self.handleError(record)


class _RunLogFormatter(logging.Formatter):
    """The children's lines verbatim (Scrapy stamps them), ours with time and level."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s [newsasia.crawl] %(levelname)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith("newsasia.crawl.child."):
            return f"{record.name.rsplit('.', 1)[-1]} | {record.getMessage()}"
        return super().format(record)


def start_logged_child(
    command: list[str],
    environment: dict[str, str],
    name: str,
    *,
    reports: bool = False,
    pass_fds: Sequence[int] = (),
) -> tuple[subprocess.Popen, threading.Thread]:
    """A child process whose log goes to the run's log (logger `newsasia.crawl.child.<name>`),
    copied line by line by a thread. With `reports`, its stdout is left for reports and only
    its stderr is log; otherwise both are."""
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if reports else subprocess.STDOUT,
        env=environment,
        pass_fds=pass_fds,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    log = logging.getLogger(f"newsasia.crawl.child.{name}")
    copier = threading.Thread(
        target=_copy_lines, args=(child.stderr if reports else child.stdout, log.info)
    )
    copier.start()
    return child, copier


def _copy_lines(stream: IO[str], write: Callable[[str], None]) -> None:
    for line in stream:
        write(line.rstrip("\n"))


def _read_reports(stream: IO[str], outlet: str, progress: Progress) -> dict:
    """Follow a child's reports to their end: progress goes to the table; the finished report
    (empty if none came) is returned."""
    finished: dict = {}
    for line in stream:
        report = _parse_report(line)
        if report.get("event") == "progress":
            progress.update(outlet, report)
        elif report.get("event") == "finished":
            finished = report
    return finished


def _parse_report(line: str) -> dict:
    try:
        report = json.loads(line)
    except json.JSONDecodeError:
        return {}
    return report if isinstance(report, dict) else {}


# --- interruption ----------------------------------------------------------------------------


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Turn SIGTERM and SIGINT into Interrupted, so the run is recorded before exiting."""

    def interrupt(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(child: subprocess.Popen) -> None:
    """Ask the child to close its crawl cleanly (commits what it has), then insist."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
    try:
        child.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
