"""The `newsasia` command: extract a page, crawl the outlets, search and export the archive."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE, fail

if TYPE_CHECKING:
    from newsasia_spider.storage import Storage

DB_HELP = "SQLite file or postgresql:// URL (default: $NEWSASIA_DB, else data/newsasia.sqlite)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CommandError as exc:
        return fail(str(exc), exc.code)


class CommandError(Exception):
    """A command can't do its job: one line for the user, and the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsasia",
        description="Boilerplate-free news archive of Central Asian outlets.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract", help="extract the article of one saved page and print it as JSON"
    )
    extract.add_argument("file", help="HTML file, or - for standard input")
    extract.add_argument("--url", required=True, help="the page's address (selects the outlet)")
    extract.add_argument("--force", choices=("site", "fallback"), help="use only this extractor")
    extract.set_defaults(run=run_extract)

    crawl = commands.add_parser(
        "crawl",
        help="crawl the outlets into the archive (made for cron)",
        description="Crawl every outlet, or those named, each in its own process, and print a "
        "summary line per outlet. Logs go to LOG_DIR/crawl-<time>.log.",
        epilog="exit status: 0 all outlets succeeded, 1 an outlet failed or the database can't "
        "be used, 2 usage error, 3 another crawl is already running",
    )
    crawl.add_argument("outlets", nargs="*", metavar="OUTLET", help="spider names (default: all)")
    crawl.add_argument("--db", help=DB_HELP)
    replay = crawl.add_mutually_exclusive_group()
    replay.add_argument(
        "--offline", action="store_true", help="replay each outlet's recorded cassette, no network"
    )
    replay.add_argument(
        "--record", action="store_true", help="crawl online and add new requests to the cassettes"
    )
    crawl.add_argument(
        "--cassettes", type=Path, default=Path("fixtures/cassettes"), help="cassette folder"
    )
    crawl.add_argument("--log-dir", type=Path, default=Path("logs"), help="folder of run logs")
    crawl.set_defaults(run=run_crawl)

    search = commands.add_parser(
        "search",
        help="full-text search of the archive, best matches first",
        description='Query syntax: words (all required), "a phrase", OR, -excluded.',
    )
    search.add_argument("query")
    search.add_argument("--outlet", help="only this outlet")
    search.add_argument("--since", type=parse_since, help="only articles published since DATE")
    search.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    search.add_argument("--db", help=DB_HELP)
    search.set_defaults(run=run_search)

    export = commands.add_parser("export", help="write the archive's articles as JSON lines or CSV")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.add_argument("--outlet", help="only this outlet")
    export.add_argument("--since", type=parse_since, help="only articles published since DATE")
    export.add_argument("--db", help=DB_HELP)
    export.set_defaults(run=run_export)
    return parser


def run_extract(args: argparse.Namespace) -> int:
    from extractors import ExtractionError, extract

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror or exc}")
    try:
        article = extract(data, args.url, force=args.force)
    except ExtractionError as exc:
        return fail(f"no article in {args.file}: {exc}")
    json.dump(article.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def run_crawl(args: argparse.Namespace) -> int:
    from newsasia_spider.runner.crawl import CrawlOptions, run_crawl

    options = CrawlOptions(
        outlets=args.outlets,
        db=args.db,
        offline=args.offline,
        record=args.record,
        cassettes=args.cassettes,
        log_dir=args.log_dir,
    )
    return run_crawl(options)


def run_search(args: argparse.Namespace) -> int:
    from newsasia_spider.storage import StorageError

    storage = open_archive(args.db)
    try:
        hits = storage.search(args.query, outlet=args.outlet, since=args.since, limit=args.limit)
    except StorageError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        close_quietly(storage)
    if not hits:
        print("newsasia: no article matches", file=sys.stderr)
    for number, hit in enumerate(hits, 1):
        published = hit.published.isoformat(" ", "minutes") if hit.published else "undated"
        print(f"{number}. {hit.title}")
        print(f"   {published} · {hit.outlet} · {hit.url}")
        print(f"   {hit.snippet}\n")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from newsasia_spider.exporters import ArticleCsvExporter, ArticleJsonLinesExporter
    from newsasia_spider.storage import StorageError

    exporter_class = ArticleCsvExporter if args.format == "csv" else ArticleJsonLinesExporter
    storage = open_archive(args.db)
    try:
        with output_file(args.output) as stream:
            exporter = exporter_class(stream, encoding="utf-8")
            exporter.start_exporting()
            for article in storage.iter_articles(outlet=args.outlet, since=args.since):
                exporter.export_item(article)
            exporter.finish_exporting()
    except StorageError as exc:
        raise CommandError(str(exc)) from exc
    except BrokenPipeError:  # `newsasia export | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    finally:
        close_quietly(storage)
    return EXIT_OK


def open_archive(db: str | None) -> Storage:
    """The archive search and export read: it must exist already."""
    from newsasia_spider import settings
    from newsasia_spider.storage import InvalidTarget, StorageError, open_storage, resolve_target

    target = resolve_target(db, settings.NEWSASIA_DB)
    if "://" not in target and not Path(target).exists():
        raise CommandError(f"no archive at {target}: run `newsasia crawl` first, or give --db")
    try:
        return open_storage(target)
    except InvalidTarget as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    except StorageError as exc:
        raise CommandError(str(exc)) from exc


def close_quietly(storage: Storage) -> None:
    from newsasia_spider.storage import StorageError

    with contextlib.suppress(StorageError):  # reading commands have nothing left to save
        storage.close()


@contextlib.contextmanager
def output_file(path: str | None):
    """Standard output, or a file that appears whole or not at all."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".export-", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def parse_since(text: str) -> datetime:
    """--since: a date (midnight UTC) or an ISO 8601 time (UTC unless it has an offset)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (use 2025-01-31 or 2025-01-31T12:00+03:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
