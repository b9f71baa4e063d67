"""Extraction quality and speed, side by side, in one run.

    .venv/bin/python bench/extraction.py [--worst N] [--sets golden,aeb,fundus] [--repeat N]
                                         [--rounds N]

Scores the site extractors (golden outlet pages only: the public pages belong to no outlet),
the fallback and plain trafilatura (`trafilatura.extract(html, include_comments=False)`, the
reference) on the golden pages in fixtures/pages/, the public half of the Article Extraction
Benchmark (shared/aeb/) and the fundus news pages (shared/fundus/). The metric is the AEB's
(see metric.py). An Article's text is its lead and body, as a reader sees them under the title;
a page whose extraction raises counts as an empty prediction. Speed is pages per CPU second of
the extract calls alone (`time.process_time`) in the fastest of `--repeat` passes. Figures go to
stdout and bench/results/. On the public sets it also prints the furniture classifier's
per-kind precision and recall, tuning and untuned parts apart (see furniture_labels.py).

The golden pages' truths are written by hand from the source texts (fixtures/pages/SOURCES.md).
Their speed is also timed apart for the real-weight pages (80 KB or more, as real outlet pages)
and the small ones: `--rounds` rounds, each timing one pass of every extractor in turn, the order
reversed every other round; pages/s and the ratio to trafilatura in the same round are given as
median and spread (min–max) over the rounds. Timings on a shared machine are noisy: read the
spread before the median.

On the public sets, the fallback and plain trafilatura are also scored on the part rules may be
tuned on and on the untuned part (split by publisher, `pagesets.is_tuning`: quote the untuned
part), and timed against each other in the same alternating `--rounds`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from statistics import median

import furniture_labels
import trafilatura
from metric import PageScore, SetScore, aggregate, f1_of, score_page
from pagesets import (
    PUBLIC_SETS,
    REAL_WEIGHT,
    Page,
    golden_pages,
    is_real_weight,
    is_tuning,
    public_pages,
    reader_text,
    shared_dir,
)

from extractors import ExtractionError, extract, outlet_for_url
from extractors.decode import decode_html

RESULTS = Path(__file__).resolve().parent / "results" / "extraction.json"
REFERENCE = "trafilatura"
SET_NAMES = ("golden", *PUBLIC_SETS)


def site(page: Page) -> str:
    return _article_text(page, "site")


def fallback(page: Page) -> str:
    return _article_text(page, "fallback")


def plain_trafilatura(page: Page) -> str:
    return trafilatura.extract(decode_html(page.html), include_comments=False) or ""


def _article_text(page: Page, force: str) -> str:
    try:
        article = extract(page.html, page.url, force=force)
    except ExtractionError:
        return ""
    return reader_text(article.lead, article.body)


EXTRACTORS: dict[str, Callable[[Page], str]] = {
    "site": site,
    "fallback": fallback,
    REFERENCE: plain_trafilatura,
}


@dataclass
class Run:
    score: SetScore
    cpu_seconds: float
    pages: list[tuple[str, PageScore]]

    @property
    def pages_per_second(self) -> float:
        return self.score.pages / self.cpu_seconds if self.cpu_seconds else 0.0


def run(extractor: Callable[[Page], str], pages: list[Page], repeat: int = 1) -> Run:
    """Scores of one pass over the pages; CPU time of the fastest of `repeat` passes (on a
    busy machine other processes only ever add time)."""
    if pages:
        extractor(pages[0])  # untimed warm-up: lazy imports and caches are not page work
    passes, predictions = [], []
    for _ in range(repeat):
        cpu, predictions = 0.0, []
        for page in pages:
            start = time.process_time()
            predictions.append(extractor(page))
            cpu += time.process_time() - start
        passes.append(cpu)
    scores = [
        (page.name, score_page(prediction, page.truth))
        for page, prediction in zip(pages, predictions, strict=True)
    ]
    return Run(aggregate(score for _, score in scores), min(passes), scores)


def page_sets(names: tuple[str, ...] = SET_NAMES) -> dict[str, list[Page] | str]:
    """Each named set's pages, or why it is missing."""
    sets: dict[str, list[Page] | str] = {}
    if "golden" in names:
        golden = golden_pages()
        sets["golden"] = golden or "no golden pages"
        # Each outlet's golden pages on their own too (the per-outlet figures).
        for page in golden:
            outlet_set = sets.setdefault(f"golden/{outlet_for_url(page.url)}", [])
            assert isinstance(outlet_set, list)
            outlet_set.append(page)
        sets["golden/real-weight"] = [page for page in golden if is_real_weight(page)]
    shared = shared_dir()
    for name in PUBLIC_SETS:
        if name not in names:
            continue
        if (shared / name / "ground-truth.json").exists():
            sets[name] = public_pages(name, shared)
        else:
            sets[name] = f"missing: {shared / name}"
    return sets


def bench(
    worst: int = 0, names: tuple[str, ...] = SET_NAMES, repeat: int = 1, rounds: int = 0
) -> dict:
    results: dict = {"sets": {}}
    for set_name, pages in page_sets(names).items():
        print(f"\n{set_name}: {pages if isinstance(pages, str) else f'{len(pages)} pages'}")
        if isinstance(pages, str):
            results["sets"][set_name] = {"missing": pages}
            continue
        runs = {
            name: run(extractor, pages, repeat)
            for name, extractor in EXTRACTORS.items()
            # public pages have no site extractor
            if name != "site" or set_name.startswith("golden")
        }
        results["sets"][set_name] = table(runs)
        if set_name in PUBLIC_SETS:
            results["sets"][set_name]["parts"] = tuning_split(pages, runs)
            if rounds > 0:
                results["sets"][set_name]["fallback_speed"] = fallback_speed(pages, rounds)
        if worst:
            print_worst(runs["fallback"], worst)
    return results


def tuning_split(pages: list[Page], runs: dict[str, Run]) -> dict[str, dict[str, dict]]:
    """P/R/F1 of the fallback and plain trafilatura on the part of a public set rules may be
    tuned on and on the untuned part (split by publisher: `pagesets.is_tuning`); the untuned
    part is the one to quote."""
    parts: dict[str, dict[str, dict]] = {}
    for part, wanted in (("tuning", True), ("untuned", False)):
        print(f"  {part} part ({sum(is_tuning(page) == wanted for page in pages)} pages):")
        parts[part] = {}
        for name in ("fallback", REFERENCE):
            scores = [
                score
                for page, (_, score) in zip(pages, runs[name].pages, strict=True)
                if is_tuning(page) == wanted
            ]
            total = aggregate(scores)
            parts[part][name] = {
                "pages": total.pages,
                "precision": round(total.precision, 4),
                "recall": round(total.recall, 4),
                "f1": round(total.f1, 4),
            }
            print(
                f"    {name:<12} P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}"
            )
    return parts


def fallback_speed(pages: list[Page], rounds: int) -> dict[str, dict[str, float]]:
    """The fallback's pages/s against plain trafilatura's on a public set, in alternating
    rounds (median and spread)."""
    print(f"  speed: {rounds} rounds, alternating order (CPU time: noisy, shared machine)")
    sides = {name: EXTRACTORS[name] for name in ("fallback", REFERENCE)}
    return speed_table(alternating_rates(pages, rounds, sides))


def table(runs: dict[str, Run]) -> dict[str, dict[str, float]]:
    reference = runs[REFERENCE]
    print(
        f"  {'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8} {'F1 ×':>6} {'speed ×':>8}"
    )
    rows = {}
    for name, result in runs.items():
        score = result.score
        row = {
            "pages": score.pages,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
            "pages_per_s": round(result.pages_per_second, 1),
            "f1_ratio": round(score.f1 / reference.score.f1, 3) if reference.score.f1 else None,
            "speed_ratio": round(result.pages_per_second / reference.pages_per_second, 2),
        }
        rows[name] = row
        print(
            f"  {name:<12} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f}"
            f" {row['pages_per_s']:>8.1f} {row['f1_ratio'] or 0:>6.3f} {row['speed_ratio']:>8.2f}"
        )
    return rows


def golden_speed(rounds: int) -> dict:
    """Pages per CPU second on the golden pages, real-weight and small apart, with each
    extractor's ratio to plain trafilatura in the same round (median and spread)."""
    golden = golden_pages()
    groups = {
        f"real-weight (>= {REAL_WEIGHT // 1000} KB)": [p for p in golden if is_real_weight(p)],
        f"small (< {REAL_WEIGHT // 1000} KB)": [p for p in golden if not is_real_weight(p)],
    }
    print(f"\ngolden speed: {rounds} rounds, alternating order (CPU time: noisy, shared machine)")
    results = {}
    for label, pages in groups.items():
        if not pages:
            continue
        sizes = sorted(len(page.html) for page in pages)
        print(f"\n{label}: {len(pages)} pages, median {sizes[len(sizes) // 2] / 1000:.0f} KB")
        results[label] = {
            "pages": len(pages),
            "median_kb": round(sizes[len(sizes) // 2] / 1000, 1),
            "rounds": rounds,
            "extractors": speed_table(alternating_rates(pages, rounds)),
        }
    return results


def alternating_rates(
    pages: list[Page], rounds: int, extractors: dict[str, Callable[[Page], str]] | None = None
) -> list[dict[str, float]]:
    """Each round's pages/s per extractor (all by default): one timed pass each, the order
    reversed every other round so no extractor always runs first (or last) on a warm or a busy
    machine."""
    order = list((extractors or EXTRACTORS).items())
    for _, extractor in order:
        extractor(pages[0])  # untimed warm-up: lazy imports and caches are not page work
    rates = []
    for number in range(rounds):
        rate = {}
        for name, extractor in order if number % 2 == 0 else reversed(order):
            start = time.process_time()
            for page in pages:
                extractor(page)
            elapsed = time.process_time() - start
            rate[name] = len(pages) / elapsed if elapsed else float("inf")
        rates.append(rate)
    return rates


def speed_table(rates: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Median and spread of pages/s and of the ratio to the reference, printed and returned."""
    print(
        f"  {'extractor':<12} {'pages/s':>9} {'(min–max)':>17}"
        f" {'× trafilatura':>14} {'(min–max)':>13}"
    )
    rows = {}
    for name in rates[0]:
        speeds = sorted(rate[name] for rate in rates)
        ratios = sorted(rate[name] / rate[REFERENCE] for rate in rates)
        row = {
            "pages_per_s_median": round(median(speeds), 1),
            "pages_per_s_min": round(speeds[0], 1),
            "pages_per_s_max": round(speeds[-1], 1),
            "ratio_median": round(median(ratios), 2),
            "ratio_min": round(ratios[0], 2),
            "ratio_max": round(ratios[-1], 2),
        }
        rows[name] = row
        print(
            f"  {name:<12} {row['pages_per_s_median']:>9.1f}"
            f" {row['pages_per_s_min']:>8.1f}–{row['pages_per_s_max']:<8.1f}"
            f" {row['ratio_median']:>14.2f} {row['ratio_min']:>6.2f}–{row['ratio_max']:.2f}"
        )
    return rows


def _set_names(value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(set(names) - set(SET_NAMES))
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown page sets {unknown}; known: {SET_NAMES}")
    return names


def print_worst(result: Run, count: int) -> None:
    ranked = sorted(result.pages, key=lambda item: f1_of(item[1]))
    for name, score in ranked[:count]:
        print(f"    {f1_of(score):.3f}  P {_show(score.precision)} R {_show(score.recall)}  {name}")


def _show(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def machine() -> dict[str, str | int | None]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": _cpu_model() or platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "trafilatura": version("trafilatura"),
        "lxml": version("lxml"),
    }


def _cpu_model() -> str | None:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="list the fallback's N worst pages")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--sets",
        type=_set_names,
        default=SET_NAMES,
        help=f"comma-separated page sets to run (default: {','.join(SET_NAMES)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time every extractor over each set N times and keep the fastest pass",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=7,
        help="rounds of alternating timing: on the golden pages (real-weight and small apart),"
        " and of the fallback against trafilatura on each public set",
    )
    args = parser.parse_args(argv)
    results = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine()}
    print("machine:", ", ".join(f"{key} {value}" for key, value in results["machine"].items()))
    results |= bench(args.worst, args.sets, args.repeat, args.rounds)
    if "golden" in args.sets and args.rounds > 0:
        results["golden_speed"] = golden_speed(args.rounds)
    public = [name for name in args.sets if name in PUBLIC_SETS]
    if public:
        print("\nfurniture classifier, public pages (bench/furniture_labels.py):")
        results["furniture"] = furniture_labels.bench(public)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
