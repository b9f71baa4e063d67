"""Instructions per extraction on the real-weight golden pages, under valgrind's callgrind.

    .venv/bin/python bench/instructions.py [--extractors site,trafilatura] [--passes N]

CPU-time rates on a shared 2-core machine swing from round to round by more than most speed
changes (bench/extraction.py prints their spread); instruction counts don't depend on the load.
Each extractor runs in a child process under `valgrind --tool=callgrind` twice: once with one
warm-up pass over the pages and N counted passes, once with the warm-up pass alone. The
difference, divided by N and by the number of pages, is what one extraction costs, start-up and
first-call costs (imports, compiled patterns) left out. The reference is plain trafilatura, as in
bench/extraction.py; `× trafilatura` is its instructions over the extractor's (a pages/s ratio
when instructions per second are equal, which they roughly are: both are mostly Python and C
parsers). Needs Debian's valgrind (`apt-get install valgrind`); takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extraction import EXTRACTORS, REFERENCE
from pagesets import golden_pages, is_real_weight

BENCH = Path(__file__).resolve().parent
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def count(extractor: str, passes: int) -> int:
    """Instructions a child process executes: a warm-up pass and `passes` counted ones."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            sys.executable, str(Path(__file__).resolve()), "--child", extractor, str(passes),
        ]  # fmt: skip
        # A fixed hash seed: set and dict orders, hence the work, are the same in every child.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(command, check=True, env=env, capture_output=True)
        totals = _TOTALS.search(out.read_text(encoding="utf-8", errors="replace"))
        if totals is None:
            raise RuntimeError(f"no instruction total in callgrind's output for {extractor}")
        return int(totals.group(1))


def child(extractor: str, passes: int) -> None:
    """What runs under valgrind: the warm-up pass, then the counted ones."""
    pages = [page for page in golden_pages() if is_real_weight(page)]
    run = EXTRACTORS[extractor]
    for _ in range(1 + passes):
        for page in pages:
            run(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extractors", default=f"site,{REFERENCE}")
    parser.add_argument("--passes", type=int, default=3, help="counted passes over the pages")
    parser.add_argument("--child", nargs=2, metavar=("EXTRACTOR", "PASSES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    names = [name.strip() for name in args.extractors.split(",") if name.strip()]
    if unknown := [name for name in names if name not in EXTRACTORS]:
        parser.error(f"unknown extractors {unknown}; known: {sorted(EXTRACTORS)}")
    if REFERENCE not in names:
        names.append(REFERENCE)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    pages = [page for page in golden_pages() if is_real_weight(page)]
    print(f"real-weight golden pages: {len(pages)}; {args.passes} counted passes each")
    per_page = {}
    for name in names:
        spent = count(name, args.passes) - count(name, 0)
        per_page[name] = spent / args.passes / len(pages)
    print(f"  {'extractor':<12} {'instructions/page':>18} {'× ' + REFERENCE:>14}")
    for name in names:
        ratio = per_page[REFERENCE] / per_page[name]
        print(f"  {name:<12} {per_page[name] / 1e6:>16.2f} M {ratio:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
