"""The Article Extraction Benchmark's metric: precision and recall of word 4-gram shingles.

Tokens are runs of word characters (case kept, punctuation dropped). Per page, the multiset of
4-token shingles of the prediction is compared with the truth's; over a set, P and R are the
means of the defined per-page values and F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of a text; a text shorter than `size` gives one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """One page's precision and recall; None where undefined (empty prediction or truth)."""

    precision: float | None
    recall: float | None


def score_page(prediction: str | None, truth: str) -> PageScore:
    predicted, expected = shingles(prediction or ""), shingles(truth)
    shared = sum((predicted & expected).values())
    n_predicted, n_expected = sum(predicted.values()), sum(expected.values())
    return PageScore(
        precision=shared / n_predicted if n_predicted else None,
        recall=shared / n_expected if n_expected else None,
    )


@dataclass(frozen=True)
class SetScore:
    precision: float
    recall: float
    f1: float
    pages: int


def aggregate(scores: Iterable[PageScore]) -> SetScore:
    """Macro P and R over the pages where each is defined, and F1 of the two means."""
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SetScore(precision=precision, recall=recall, f1=f1, pages=len(scores))


def f1_of(score: PageScore) -> float:
    """One page's F1, an undefined precision or recall counting as 0 (for ranking pages)."""
    precision, recall = score.precision or 0.0, score.recall or 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
