"""Where the fallback loses recall: text trafilatura's balanced run keeps and the fallback drops.

    .venv/bin/python bench/fallback_recall.py [--sets aeb,fundus] [--part tuning|untuned]
                                              [--pages N] [--totals]

For each public page of the chosen part (`pagesets.is_tuning`; tune on the tuning part only),
the truth's word 4-gram shingles that plain trafilatura (`trafilatura.extract`, balanced) finds
and the fallback does not are grouped into runs of the truth's text, and each run is put down to
where it went: removed by the post-filters (with the furniture label's reason), or never read
(the precise run dropped it and nothing read it back). `--totals` prints only the count of lost
shingles per cause, for comparing a rule's effect on both parts without reading their pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass

import trafilatura
from metric import score_page, shingles
from pagesets import PUBLIC_SETS, Page, is_tuning, public_pages, reader_text, shared_dir

from extractors import ExtractionError, extract
from extractors.decode import decode_html
from extractors.explain import Trace
from extractors.overlap import SHINGLE_SIZE

NOT_READ = "not read"


_TOKEN = re.compile(r"\w+")  # the metric's tokens


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass
class Lost:
    """What the fallback lost on one page against the balanced run."""

    runs: list[tuple[str, str]]  # the truth's text lost, with the cause
    per_cause: Counter[str]  # lost shingles per cause
    recall: float  # the fallback's recall
    balanced_recall: float  # the balanced run's


def lost_runs(page: Page) -> Lost:
    """The truth's runs of text the balanced run keeps and the fallback drops, each with its
    cause, and both recalls."""
    balanced_text = trafilatura.extract(decode_html(page.html), include_comments=False) or ""
    balanced = shingles(balanced_text)
    trace = Trace()
    try:
        article = extract(page.html, page.url, force="fallback", trace=trace)
        ours_text = reader_text(article.lead, article.body)
    except ExtractionError:
        ours_text = ""
    ours = shingles(ours_text)
    causes: dict[tuple[str, ...], str] = {}
    for pruned in trace.pruned or []:
        for text, label in pruned.removed:
            for shingle in shingles(text):
                causes.setdefault(shingle, f"{label.kind}: {label.reason}")
    tokens = _tokens(page.truth)
    truth = shingles(page.truth)
    lost = {s for s in truth if s in balanced and s not in ours}
    runs: list[tuple[str, str]] = []
    per_cause: Counter[str] = Counter()
    start, run_causes = None, Counter()
    for i in range(len(tokens) - SHINGLE_SIZE + 2):
        shingle = tuple(tokens[i : i + SHINGLE_SIZE])
        inside = i <= len(tokens) - SHINGLE_SIZE and shingle in lost
        if inside:
            cause = causes.get(shingle, NOT_READ)
            per_cause[cause.split(":")[0]] += 1
            run_causes[cause] += 1
            if start is None:
                start = i
        elif start is not None:
            text = " ".join(tokens[start : i - 1 + SHINGLE_SIZE])
            # a run's shingles across its edges belong to no removed piece: the most common
            # cause is the run's
            runs.append((text, run_causes.most_common(1)[0][0]))
            start, run_causes = None, Counter()
    return Lost(
        runs,
        per_cause,
        score_page(ours_text, page.truth).recall or 0.0,
        score_page(balanced_text, page.truth).recall or 0.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(PUBLIC_SETS))
    parser.add_argument("--part", choices=("tuning", "untuned"), default="tuning")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--totals", action="store_true", help="counts per cause only")
    args = parser.parse_args(argv)
    for name in args.sets.split(","):
        pages = [
            p for p in public_pages(name, shared_dir()) if is_tuning(p) == (args.part == "tuning")
        ]
        if args.pages:
            pages = pages[: args.pages]
        losses = [(page, lost_runs(page)) for page in pages]
        totals: Counter[str] = sum((lost.per_cause for _, lost in losses), Counter())
        # pages by their recall's shortfall against the balanced run (the macro mean's view)
        losses.sort(key=lambda item: item[1].recall - item[1].balanced_recall)
        for page, lost in losses:
            if args.totals or not lost.runs:
                continue
            print(f"\n== {name}/{page.name} {page.url}")
            print(f"   R {lost.recall:.3f} vs balanced {lost.balanced_recall:.3f}")
            for text, cause in lost.runs:
                print(f"  [{cause[:90]}] {text[:300]}")
        recall = sum(lost.recall for _, lost in losses) / max(1, len(losses))
        balanced = sum(lost.balanced_recall for _, lost in losses) / max(1, len(losses))
        print(
            f"\n{name} {args.part}: {len(pages)} pages, mean R {recall:.4f} vs balanced"
            f" {balanced:.4f}; {sum(totals.values())} truth shingles lost:"
        )
        for cause, count in totals.most_common():
            print(f"  {count:>6}  {cause}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
