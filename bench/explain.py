"""What `newsasia explain` costs against the extraction alone, on the golden article pages.

    .venv/bin/python bench/explain.py [--rounds 5]

Each round times one pass of `extract()` over every golden page and one pass of `explain()`
plus the HTML report (`render`), in alternating order, in CPU seconds; it prints both, then the
ratio explain/extract: median and spread (min–max) over the rounds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pagesets import Page, golden_pages

from extractors import extract
from extractors.explain import explain
from newsasia_spider.runner.explain_report import render


def cpu_seconds(pages: list[Page], work: Callable[[bytes, str], object]) -> float:
    started = time.process_time()
    for page in pages:
        work(page.html, page.url)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    pages = golden_pages()
    sides: dict[str, Callable[[bytes, str], object]] = {
        "extract": extract,
        "explain+render": lambda html, url: render(explain(html, url)),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    for side in sides.values():
        side(pages[0].html, pages[0].url)  # warm: imports, the classifier's phrase lists
    for round_number in range(args.rounds):
        order = list(sides) if round_number % 2 == 0 else list(reversed(sides))
        for name in order:
            times[name].append(cpu_seconds(pages, sides[name]))
    print(f"{len(pages)} golden article pages, {args.rounds} rounds, alternating (CPU seconds)")
    for name, seconds in times.items():
        per_page = 1000 * median(seconds) / len(pages)
        print(
            f"{name}: median {median(seconds):.3f} s ({min(seconds):.3f}–{max(seconds):.3f}),"
            f" {per_page:.1f} ms a page"
        )
    ratios = [b / a for a, b in zip(times["extract"], times["explain+render"], strict=True)]
    print(
        f"ratio explain+render/extract: median {median(ratios):.2f}"
        f" (min {min(ratios):.2f}, max {max(ratios):.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
