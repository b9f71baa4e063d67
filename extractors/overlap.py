"""How much two texts share, by word shingles: the Article Extraction Benchmark's metric
(bench/ scores extractors with it) and the agreement of two extractions of one page (crawl
health compares the site extractor's text with the fallback's).

Tokens are runs of word characters (case kept, punctuation dropped). The multiset of n-token
shingles of a prediction is compared with the truth's: precision is the share of the
prediction's shingles found in the truth, recall the share of the truth's found in the
prediction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

SHINGLE_SIZE = 4  # the benchmark's word 4-grams
_TOKEN = re.compile(r"\w+")


def reader_text(lead: str | None, body: str) -> str:
    """An article's text as a reader sees it under the title, and as it is scored: the lead,
    then the body."""
    return "\n\n".join(part for part in (lead, body) if part)


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


def score_page(prediction: str | None, truth: str, size: int = SHINGLE_SIZE) -> PageScore:
    predicted, expected = shingles(prediction or "", size), shingles(truth, size)
    shared = sum((predicted & expected).values())
    n_predicted, n_expected = sum(predicted.values()), sum(expected.values())
    return PageScore(
        precision=shared / n_predicted if n_predicted else None,
        recall=shared / n_expected if n_expected else None,
    )


def f1_of(score: PageScore) -> float:
    """One page's F1, an undefined precision or recall counting as 0 (for ranking pages)."""
    precision, recall = score.precision or 0.0, score.recall or 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def token_f1(first: str, second: str) -> float:
    """Token-overlap F1 of two texts (single words, counted with repeats): 1.0 when they hold
    the same words, 0.0 when they share none. Symmetric. Word order is left out on purpose:
    two extractors of one page differ in where they put a caption or the lead, not in order."""
    return f1_of(score_page(first, second, size=1))
