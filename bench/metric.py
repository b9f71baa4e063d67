"""The Article Extraction Benchmark's metric: precision and recall of word 4-gram shingles.

Tokens are runs of word characters (case kept, punctuation dropped). Per page, the multiset of
4-token shingles of the prediction is compared with the truth's; over a set, P and R are the
means of the defined per-page values and F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The per-page metric lives in the product (crawl health uses it too); the set scores are here.
from extractors.overlap import SHINGLE_SIZE, PageScore, f1_of, score_page, shingles

__all__ = ["SHINGLE_SIZE", "PageScore", "SetScore", "aggregate", "f1_of", "score_page", "shingles"]


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
