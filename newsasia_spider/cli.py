"""The `newsasia` command: extract a page, crawl the outlets, search and export the archive."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.run(args)


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


def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"newsasia: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
