"""The `newsasia` command: extract a page, crawl the outlets, search and export the archive,
re-extract the kept pages (WARC), give a kept page back, prune old WARC files, tell the
outlets' health."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from newsasia_spider.runner import RECORDED_CASSETTES
from newsasia_spider.runner.exit_codes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, fail
from newsasia_spider.runner.worker import REDIS_HELP, add_worker_arguments, run_worker

if TYPE_CHECKING:
    from newsasia_spider.storage import Storage, Story, StoryOptions
    from newsasia_spider.storage.base import PageRecord
    from newsasia_spider.warc import StoredPage

DB_HELP = "SQLite file or postgresql:// URL (default: $NEWSASIA_DB, else data/newsasia.sqlite)"
WARC_DIR_HELP = "folder of the WARC files (default: $NEWSASIA_WARC_DIR, else data/warc)"


MAX_LIMIT = 1_000_000  # search hits; `newsasia export` is the way to everything


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.run is run_search and all(is_query_word(word) for word in extra):
        args.query = [*args.query, *extra]  # `search -путин выборы`: -путин is no option
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except CommandError as exc:
        return fail(str(exc), exc.code)
    except BrokenPipeError:  # `newsasia search x | head -1`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def is_query_word(argument: str) -> bool:
    """A search argument argparse left over: a word, or an excluded word like -путин (one dash
    then a word: search's options all begin with two)."""
    return not argument.startswith("--") and argument != "-"


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
        "extract",
        help="extract the article of one saved page and print it as JSON",
        description="Extract the article of a saved HTML page, or of the pages in a WARC file "
        "(its response records: one JSON line each, or only the one of --url).",
    )
    extract.add_argument("file", help="HTML or WARC file, or - for standard input")
    extract.add_argument(
        "--url",
        type=web_address,
        help="the page's http(s) address (selects the outlet); required for HTML",
    )
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
    crawl.add_argument("--db", type=database_target, help=DB_HELP)
    replay = crawl.add_mutually_exclusive_group()
    replay.add_argument(
        "--offline", action="store_true", help="replay each outlet's recorded cassette, no network"
    )
    replay.add_argument(
        "--record", action="store_true", help="crawl online and add new requests to the cassettes"
    )
    crawl.add_argument(
        "--cassettes",
        type=Path,
        help=f"cassette folder of --offline or --record (default: {RECORDED_CASSETTES})",
    )
    crawl.add_argument("--log-dir", type=Path, default=Path("logs"), help="folder of run logs")
    crawl.add_argument(
        "--distributed",
        action="store_true",
        help="share the outlets' queues in Redis with N local workers and any `newsasia worker`"
        " (PostgreSQL archive; docs/distributed.md)",
    )
    crawl.add_argument(
        "--workers", type=int, metavar="N", help="local workers of --distributed (default: 2)"
    )
    crawl.add_argument("--redis", metavar="URL", help=REDIS_HELP)
    crawl.add_argument(
        "--idle-seconds",
        type=float,
        help="--distributed workers stop once the queues stay empty this long"
        " (default: NEWSASIA_WORKER_IDLE_SECONDS)",
    )
    crawl.set_defaults(run=run_crawl)

    worker = commands.add_parser(
        "worker",
        help="one worker of a distributed crawl (for other machines)",
        description="Join the distributed run announced in Redis (by `newsasia crawl"
        " --distributed`) and crawl its outlets' shared queues until they stay empty.",
        epilog="exit status: 0 every outlet ok (or no run to join), 1 an outlet failed or Redis"
        " can't be reached, 2 usage error",
    )
    add_worker_arguments(worker)
    worker.set_defaults(run=run_worker)

    search = commands.add_parser(
        "search",
        help="full-text search of the archive, best matches first",
        description='Query syntax: words (all required), "a phrase", OR, -excluded. A query may'
        " begin with an excluded word (search -путин выборы); after -- every argument is query.",
    )
    search.add_argument("query", nargs="*", help="the query's words and phrases")
    search.add_argument("--outlet", help="only this outlet")
    search.add_argument("--since", type=parse_since, help="only articles published since DATE")
    search.add_argument(
        "--limit", type=hit_limit, default=20, help=f"at most N hits (20; at most {MAX_LIMIT})"
    )
    search.add_argument("--db", type=database_target, help=DB_HELP)
    search.set_defaults(run=run_search)

    export = commands.add_parser("export", help="write the archive's articles as JSON lines or CSV")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.add_argument("--outlet", help="only this outlet")
    export.add_argument("--since", type=parse_since, help="only articles published since DATE")
    export.add_argument(
        "--with-story", action="store_true", help="add each article's story id (story_id)"
    )
    export.add_argument("--db", type=database_target, help=DB_HELP)
    export.set_defaults(run=run_export)

    reextract = commands.add_parser(
        "reextract",
        help="run today's extractors over the kept pages (WARC) and store what changed",
        description="Read the newest kept copy of each fetched page, extract it again, and "
        "store the articles that come out different as new versions. A second run changes "
        "nothing. Prints a summary line per outlet.",
        epilog="exit status: 0 done, 1 a kept page could not be read or the database can't be "
        "used, 2 usage error, 3 a crawl is running on the archive",
    )
    reextract.add_argument("--outlet", help="only this outlet")
    reextract.add_argument("--since", type=parse_since, help="only pages fetched since DATE")
    reextract.add_argument("--url", help="only this page (its address or its article's)")
    reextract.add_argument("--db", help=DB_HELP)
    reextract.add_argument("--warc-dir", help=WARC_DIR_HELP)
    reextract.set_defaults(run=run_reextract)

    page = commands.add_parser(
        "page",
        help="write the kept page of a stored article as it was served",
        description="Write the newest kept copy of a page (the article's address, or the "
        "address fetched), its content encoding undone, in the charset it was served in.",
    )
    page.add_argument("url")
    page.add_argument("-o", "--output", help="file to write (default: standard output)")
    page.add_argument("--db", help=DB_HELP)
    page.add_argument("--warc-dir", help=WARC_DIR_HELP)
    page.set_defaults(run=run_page)

    explain = commands.add_parser(
        "explain",
        help="an HTML report of what extraction kept and removed from a page, and why",
        description="Write one self-contained HTML page: the page's blocks in reading order, "
        "each kept (as the title, lead, body or a metadata field) or removed with its reason, "
        "beside the Article extracted from it. The page is a saved HTML file (FILE --url URL) "
        "or the kept copy of a crawled page (--stored URL).",
        epilog="exit status: 0 report written, 1 no article in the page, no kept page or the "
        "report can't be written, 2 usage error",
    )
    explain.add_argument("file", nargs="?", help="saved HTML page, or - for standard input")
    explain.add_argument(
        "--url",
        type=web_address,
        help="the page's http(s) address (selects the outlet); required with FILE",
    )
    explain.add_argument(
        "--stored",
        metavar="URL",
        type=web_address,
        help="the kept page of this address in the archive, not a file",
    )
    explain.add_argument(
        "--force",
        choices=("site", "fallback"),
        help="use only this extractor (what would the fallback keep of a site's page?)",
    )
    explain.add_argument("-o", "--output", help="report to write (default or -: standard output)")
    explain.add_argument("--db", help=DB_HELP)
    explain.add_argument("--warc-dir", help=WARC_DIR_HELP)
    explain.set_defaults(run=run_explain)

    prune = commands.add_parser(
        "prune-warc",
        help="delete WARC files older than NEWSASIA_WARC_KEEP_DAYS (whole files only)",
        description="Delete the WARC files whose every record is older than the given number "
        "of days, and forget their records in the archive. 0 keeps everything.",
    )
    prune.add_argument(
        "--keep-days",
        type=float,
        help="age in days (default: $NEWSASIA_WARC_KEEP_DAYS, else the setting: 0, keep all)",
    )
    prune.add_argument("--db", help=DB_HELP)
    prune.add_argument("--warc-dir", help=WARC_DIR_HELP)
    prune.set_defaults(run=run_prune_warc)

    stories = commands.add_parser(
        "stories",
        help="list stories: the articles of all outlets about one event",
        description="Stories of two or more articles, newest first: each article's outlet, "
        "time, title and address, and which pairs share text (copies, syndication).",
    )
    stories.add_argument("--since", type=parse_since, help="stories with an article since DATE")
    stories.add_argument("--outlet", help="stories with an article of this outlet")
    stories.add_argument("--json", action="store_true", help="one JSON object per story")
    stories.add_argument("--all", action="store_true", help="also stories of a single article")
    stories.add_argument(
        "--rebuild",
        action="store_true",
        help="first compute the stories of the whole archive again (after NEWSASIA_STORIES was "
        "off, or settings changed); refused while a crawl runs",
    )
    stories.add_argument("--db", help=DB_HELP)
    stories.set_defaults(run=run_stories)

    health = commands.add_parser(
        "health",
        help="per outlet over its recent runs: fallback share, site-vs-fallback agreement, "
        "missing fields, errors; flags layout drift (made for cron)",
        description="Read each outlet's last runs from the archive (read-only) and flag an "
        "outlet whose last run failed or whose latest articles show layout drift: the "
        "fallback's share jumped, the site extractor's text no longer agrees with the "
        "fallback's, or a field every article had went missing (docs/health.md).",
        epilog="exit status: 0 no outlet flagged, 1 an outlet flagged or the archive can't be "
        "read, 2 usage error",
    )
    health.add_argument("--outlet", help="only this outlet")
    health.add_argument(
        "--runs", type=run_count, default=10, help="read each outlet's last N runs (10)"
    )
    health.add_argument("--json", action="store_true", help="one JSON object, for monitoring")
    health.add_argument("--db", type=database_target, help=DB_HELP)
    health.set_defaults(run=run_health)
    return parser


def run_extract(args: argparse.Namespace) -> int:
    from extractors import ExtractionError, extract
    from newsasia_spider.warc.files import is_warc

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror or exc}")
    if is_warc(data):
        return extract_warc(data, args)
    if not args.url:
        return fail("--url is required for an HTML page (it selects the outlet)", EXIT_USAGE)
    try:
        article = extract(data, args.url, force=args.force)
    except ExtractionError as exc:
        return fail(f"no article in {args.file}: {exc}")
    json.dump(article.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def extract_warc(data: bytes, args: argparse.Namespace) -> int:
    """The articles of a WARC file's pages: all as JSON lines, or the one of --url."""
    import io

    from extractors import ExtractionError, outlet_for_url
    from newsasia_spider.runner.reextract import extract_page
    from newsasia_spider.urls import url_key
    from newsasia_spider.warc import WarcError, iter_pages

    wanted = url_key(args.url) if args.url else None
    found = extracted = 0
    try:
        for page in iter_pages(io.BytesIO(data), args.file):
            if wanted is not None and url_key(page.url) != wanted:
                continue
            found += 1
            try:
                article = extract_page(page, outlet_for_url(page.url) or "")
            except ExtractionError as exc:
                print(f"newsasia: no article in {page.url}: {exc}", file=sys.stderr)
                continue
            extracted += 1
            if wanted is not None:
                json.dump(article.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
            else:
                json.dump(article.to_dict(), sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
    except WarcError as exc:
        return fail(str(exc))
    if not found:
        what = f"no response record for {args.url}" if args.url else "no response records"
        return fail(f"{what} in {args.file}")
    return EXIT_OK if extracted else EXIT_FAILED


def run_crawl(args: argparse.Namespace) -> int:
    from newsasia_spider.runner.crawl import CrawlOptions, run_crawl

    if args.cassettes is not None and not (args.offline or args.record):
        return fail("--cassettes needs --offline or --record", EXIT_USAGE)
    distributed_only = (args.workers, args.redis, args.idle_seconds)
    if not args.distributed and any(value is not None for value in distributed_only):
        return fail("--workers, --redis and --idle-seconds need --distributed", EXIT_USAGE)
    options = CrawlOptions(
        outlets=args.outlets,
        db=args.db,
        offline=args.offline,
        record=args.record,
        cassettes=args.cassettes or RECORDED_CASSETTES,
        log_dir=args.log_dir,
        workers=2 if args.workers is None else args.workers,
        redis_url=args.redis,
        idle_seconds=args.idle_seconds,
    )
    if args.distributed:
        from newsasia_spider.runner.distributed_crawl import run_distributed_crawl

        return run_distributed_crawl(options)
    return run_crawl(options)


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if not query.strip():
        raise CommandError("search needs a query (see newsasia search --help)", EXIT_USAGE)
    with archive(args.db) as storage:
        check_outlet(storage, args.outlet)
        hits = storage.search(query, outlet=args.outlet, since=args.since, limit=args.limit)
    if not hits:
        print("newsasia: no article matches", file=sys.stderr)
    for number, hit in enumerate(hits, 1):
        published = _shown_date(hit.published)
        print(f"{number}. {hit.title}")
        print(f"   {published} · {hit.outlet} · {hit.url}")
        print(f"   {hit.snippet}\n")
    return EXIT_OK


def _shown_date(published: datetime | date | None) -> str:
    """A hit's date as the search listing prints it: to the minute, or the day alone."""
    if published is None:
        return "undated"
    if isinstance(published, datetime):
        return published.isoformat(" ", "minutes")
    return published.isoformat()


def run_export(args: argparse.Namespace) -> int:
    from newsasia_spider.exporters import ArticleCsvExporter, ArticleJsonLinesExporter

    exporter_class = ArticleCsvExporter if args.format == "csv" else ArticleJsonLinesExporter
    with archive(args.db) as storage:
        check_outlet(storage, args.outlet)
        try:
            with output_file(args.output) as stream:
                exporter = exporter_class(stream, encoding="utf-8")
                exporter.start_exporting()
                story_ids = storage.story_ids() if args.with_story else None
                for article in storage.iter_articles(outlet=args.outlet, since=args.since):
                    if story_ids is None:
                        exporter.export_item(article)
                    else:
                        item = article.to_dict()
                        item["story_id"] = story_ids.get(article.canonical_url)
                        exporter.export_item(item)
                exporter.finish_exporting()
        except BrokenPipeError:  # `newsasia export | head`: main() ends quietly
            raise
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    return EXIT_OK


def run_reextract(args: argparse.Namespace) -> int:
    import time

    from extractors import outlet_for_url
    from newsasia_spider.runner.reextract import Reextraction, total
    from newsasia_spider.urls import url_key

    url = url_key(args.url, outlet_for_url(args.url)) if args.url else None
    with archive(args.db, writing=True, locked=True) as storage:
        options = project_story_options()
        if options is not None:  # a text that changes is linked into its stories again
            storage.enable_stories(options)
        started = time.monotonic()
        summaries = Reextraction(storage, warc_dir(args.warc_dir)).run(
            outlet=args.outlet, fetched_since=args.since, url=url, out=sys.stdout
        )
    if not summaries:
        print("newsasia: no kept page matches", file=sys.stderr)
    width = max(len(s.outlet) for s in [*summaries, total([], 0)])
    print(total(summaries, time.monotonic() - started).line(width))
    return EXIT_OK if all(summary.ok for summary in summaries) else EXIT_FAILED


def run_page(args: argparse.Namespace) -> int:
    _, page = kept_page(args.url, args.db, args.warc_dir)
    write_output(args.output, page.body)
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    from extractors import ExtractionError
    from extractors.explain import explain
    from newsasia_spider.runner.explain_report import render
    from newsasia_spider.runner.reextract import explain_page

    if args.stored and (args.file or args.url):
        raise CommandError(
            "give a saved page (FILE --url URL) or --stored URL, not both", EXIT_USAGE
        )
    if not args.stored and not args.file:
        raise CommandError("give a saved page (FILE --url URL) or --stored URL", EXIT_USAGE)
    try:
        if args.stored:
            record, page = kept_page(args.stored, args.db, args.warc_dir)
            source = f"the kept page of {args.stored}"
            explanation = explain_page(page, record.outlet, force=args.force)
        else:
            if not args.url:
                raise CommandError(
                    "--url is required with FILE (it selects the outlet)", EXIT_USAGE
                )
            source = args.file
            explanation = explain(read_input(args.file), args.url, force=args.force)
    except ExtractionError as exc:
        raise CommandError(f"no article in {source}: {exc}") from exc
    write_output(args.output, render(explanation).encode("utf-8"))
    return EXIT_OK


def kept_page(url: str, db: str | None, warc_folder: str | None) -> tuple[PageRecord, StoredPage]:
    """The newest kept copy of a page (the article's address, or the address fetched) and
    its archive row; a CommandError when the archive kept none or it can't be read."""
    from extractors import outlet_for_url
    from newsasia_spider.urls import url_key
    from newsasia_spider.warc import RecordLocation, WarcError, read_record

    with archive(db) as storage:
        found = storage.latest_page(canonical_url=url) or storage.latest_page(
            page_key=url_key(url, outlet_for_url(url))
        )
    if found is None:
        raise CommandError(f"no kept page of {url}")
    location = RecordLocation(found.warc_file, found.warc_offset, found.warc_length)
    try:
        return found, read_record(warc_dir(warc_folder), location)
    except WarcError as exc:
        raise CommandError(str(exc)) from exc


def read_input(path: str) -> bytes:
    """A file's bytes, or standard input's for "-"."""
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc


def write_output(path: str | None, data: bytes) -> None:
    """Write a command's output by `export -o`'s rules (`output_file`)."""
    try:
        with output_file(path) as stream:
            stream.write(data)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from exc


def run_prune_warc(args: argparse.Namespace) -> int:
    from newsasia_spider import settings
    from newsasia_spider.warc.files import prune_warc_files

    keep_days = args.keep_days
    if keep_days is None:
        configured = os.environ.get("NEWSASIA_WARC_KEEP_DAYS") or settings.NEWSASIA_WARC_KEEP_DAYS
        try:
            keep_days = float(configured)
        except ValueError:
            raise CommandError(
                f"NEWSASIA_WARC_KEEP_DAYS is not a number of days: {configured!r}", EXIT_USAGE
            ) from None
    if keep_days < 0:
        raise CommandError(f"--keep-days must be 0 or more, not {keep_days:g}", EXIT_USAGE)
    if keep_days == 0:
        print("newsasia: NEWSASIA_WARC_KEEP_DAYS is 0: every WARC file is kept")
        return EXIT_OK
    with archive(args.db, writing=True, locked=True) as storage:
        try:
            pruned = prune_warc_files(warc_dir(args.warc_dir), keep_days, storage.forget_warc_file)
        except OSError as exc:
            raise CommandError(f"cannot delete a WARC file: {exc}") from exc
    print(
        f"pruned {pruned.files} WARC files ({pruned.bytes:,} bytes, {pruned.records} records"
        f" forgotten), kept {pruned.kept}"
    )
    return EXIT_OK


def warc_dir(explicit: str | None) -> Path:
    from newsasia_spider import settings
    from newsasia_spider.warc import resolve_warc_dir

    return resolve_warc_dir(explicit, settings.NEWSASIA_WARC_DIR)


def project_story_options() -> StoryOptions | None:
    """The stories settings of settings.py; None when NEWSASIA_STORIES is off."""
    from scrapy.settings import Settings

    from newsasia_spider import settings
    from newsasia_spider.storage import StoryOptions

    project_settings = Settings()
    project_settings.setmodule(settings)
    if not project_settings.getbool("NEWSASIA_STORIES"):
        return None
    return StoryOptions.from_settings(project_settings)


def run_stories(args: argparse.Namespace) -> int:
    from newsasia_spider.storage import StoryOptions

    # A rebuild rewrites every story: it holds the crawl lock, as a crawl does, so the two
    # never interleave their writes (a crawl links stories as it stores articles).
    with archive(args.db, writing=args.rebuild, locked=args.rebuild) as storage:
        if args.rebuild:
            linked = storage.rebuild_stories(project_story_options() or StoryOptions())
            print(f"newsasia: stories computed again for {linked} articles", file=sys.stderr)
        stories = storage.stories(
            since=args.since, outlet=args.outlet, min_articles=1 if args.all else 2
        )
    if not stories:
        print("newsasia: no story matches", file=sys.stderr)
    for story in stories:
        if args.json:
            print(json.dumps(story_json(story), ensure_ascii=False))
        else:
            print_story(story)
    return EXIT_OK


def run_health(args: argparse.Namespace) -> int:
    from newsasia_spider.runner.health import assess, report_lines

    with archive(args.db) as storage:
        check_outlet(storage, args.outlet)
        runs = storage.outlet_runs(args.outlet, limit=args.runs)
    by_outlet: dict[str, list] = {args.outlet: []} if args.outlet else {}
    for run in runs:
        by_outlet.setdefault(run.outlet, []).append(run)
    reports = [assess(outlet, outlet_runs) for outlet, outlet_runs in sorted(by_outlet.items())]
    flagged = [report.outlet for report in reports if report.flagged]
    if args.json:
        document = {"flagged": flagged, "outlets": [report.as_dict() for report in reports]}
        print(json.dumps(document, ensure_ascii=False))
    else:
        if not reports:
            print("newsasia: no crawl run recorded yet", file=sys.stderr)
        for report in reports:
            print("\n".join(report_lines(report)), end="\n\n")
    return EXIT_FAILED if flagged else EXIT_OK


def print_story(story: Story) -> None:
    first, last = story.articles[0].dated_at, story.articles[-1].dated_at
    days = first.date().isoformat()
    if last.date() != first.date():
        days += f" – {last.date().isoformat()}"
    print(f"story {story.id} · {len(story.articles)} articles · {days}")
    number = {article.canonical_url: n for n, article in enumerate(story.articles, 1)}
    for n, article in enumerate(story.articles, 1):
        when = article.published or article.dated_at
        print(f"  {n}. {when.isoformat(' ', 'minutes')} · {article.outlet} · {article.title}")
        print(f"     {article.url}")
    shared_text = sorted(
        (*sorted((number[link.first], number[link.second])), link.text_overlap)
        for link in story.links
        if link.kind == "same_text"
    )
    for first, second, overlap in shared_text:
        print(f"  same text: {first} and {second} ({overlap:.0%} of the shorter one)")
    print()


def story_json(story: Story) -> dict[str, Any]:
    return {
        "story": story.id,
        "articles": [
            {
                "canonical_url": article.canonical_url,
                "url": article.url,
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
                "title": article.title,
            }
            for article in story.articles
        ],
        "same_text": [
            {"articles": [link.first, link.second], "overlap": link.text_overlap}
            for link in story.links
            if link.kind == "same_text"
        ],
        "same_event": [
            {"articles": [link.first, link.second], "score": link.event_score}
            for link in story.links
            if link.kind == "same_event"
        ],
    }


@contextlib.contextmanager
def archive(db: str | None, *, writing: bool = False, locked: bool = False) -> Iterator[Storage]:
    """The archive a command works on, closed afterwards; its errors become the command's.
    `locked`: the command holds the crawl lock (it rewrites what a crawl would write)."""
    from newsasia_spider.storage import StorageError

    storage = open_archive(db, writing=writing)
    try:
        if locked and not storage.acquire_crawl_lock():
            raise CommandError(f"a crawl is running on {storage.target}", EXIT_LOCKED)
        yield storage
    except StorageError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        close_quietly(storage)


def open_archive(db: str | None, *, writing: bool = False) -> Storage:
    """The archive a command works on: it must exist already. Opened read-only unless the
    command writes (reextract, prune-warc, stories --rebuild): reading never writes."""
    from newsasia_spider import settings
    from newsasia_spider.storage import InvalidTarget, StorageError, open_storage, resolve_target

    target = resolve_target(db, settings.NEWSASIA_DB)
    if "://" not in target and not Path(target).exists():
        raise CommandError(f"no archive at {target}: run `newsasia crawl` first, or give --db")
    try:
        return open_storage(target, read_only=not writing)
    except InvalidTarget as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    except StorageError as exc:
        raise CommandError(str(exc)) from exc


def check_outlet(storage: Storage, outlet: str | None) -> None:
    """--outlet must name an outlet of the project or of the archive: a typo is a usage error,
    not an empty answer."""
    if outlet is None:
        return
    from extractors.outlets import SITE_EXTRACTORS

    known = sorted({site.outlet for site in SITE_EXTRACTORS} | set(storage.outlets()))
    if outlet not in known:
        raise CommandError(f"unknown outlet {outlet!r} (known: {', '.join(known)})", EXIT_USAGE)


def close_quietly(storage: Storage) -> None:
    from newsasia_spider.storage import StorageError

    with contextlib.suppress(StorageError):  # reading commands have nothing left to save
        storage.close()


@contextlib.contextmanager
def output_file(path: str | None) -> Iterator[BinaryIO]:
    """Where `export -o` writes: standard output for none or "-"; a FIFO, a device or an open
    descriptor (/dev/stdout) written through; otherwise a regular file, through any symlinks,
    that appears whole or not at all (an atomic replace), with the mode it had or the umask's.
    """
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if _writes_through(path):
        with open(path, "wb") as stream:
            yield stream
        return
    real_path = os.path.realpath(path)  # replace the file a symlink names, not the link
    try:
        mode = stat.S_IMODE(os.stat(real_path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(prefix=".export-", dir=os.path.dirname(real_path))
    try:
        with os.fdopen(descriptor, "wb") as stream:
            os.fchmod(stream.fileno(), mode)  # mkstemp makes every file 0600
            yield stream
        os.replace(temporary, real_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _writes_through(path: str) -> bool:
    """True for what must be opened and written, never replaced: anything but a regular file
    (FIFOs, devices, sockets) and the names of open descriptors (/dev/stdout, /dev/fd/N)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
    except FileNotFoundError:
        return False
    # /dev/stdout may lead to a regular file (`> out`): the shell's, to be written, not replaced.
    # Such names are links kept by the system (/dev/stdout, /dev/fd/N, /proc/self/fd/N).
    link = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on a chain of symlinks
        if not os.path.islink(link):
            return False
        if link.startswith(("/dev/", "/proc/")):
            return True
        link = os.path.join(os.path.dirname(link), os.readlink(link))
    return False


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def parse_since(text: str) -> datetime:
    """--since: a date (midnight UTC) or an ISO 8601 time (UTC unless it has an offset)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (use 2025-01-31 or 2025-01-31T12:00+03:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def whole_number(text: str, least: int) -> int | None:
    """An option's value as a whole number of at least `least`; None if it isn't one."""
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= least else None


def hit_limit(text: str) -> int:
    value = whole_number(text, 1)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{text} is over {MAX_LIMIT} (for everything: export)")
    return value


def run_count(text: str) -> int:
    """--runs: how many of an outlet's last runs to read; the latest is judged against the
    others, so 2 is the least that can show a change."""
    value = whole_number(text, 2)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a number of runs of 2 or more: {text!r}")
    return value


def web_address(text: str) -> str:
    """--url: an http or https address with a host; anything else would pick no outlet, or the
    wrong one by its host alone."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise argparse.ArgumentTypeError(
            f"not a web address: {text!r} (give the page's http:// or https:// address)"
        )
    return text.strip()


def database_target(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("empty (give a SQLite file or a postgresql:// URL)")
    return text


if __name__ == "__main__":
    sys.exit(main())
