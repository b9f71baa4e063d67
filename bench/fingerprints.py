"""Why stories use MinHash (datasketch) and not SimHash: both measured on the same pairs.

    pip install simhash   # only for this comparison; not a dependency of newsasia
    python bench/fingerprints.py

Pairs come from fixtures/stories/labelled.jsonl: the copies there (layout variants standing in
for syndicated copies: whole, without the lead, partial) plus two made here from real texts —
an edited rewrite and a short report syndicated inside a long article — are the positives;
every pair of different texts is a negative. Both methods read the same word 5-gram shingles
of search's normaliser. For each method the script prints how many copies are found at the
threshold that lets no negative through, and the time to fingerprint an article.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stories import edited_rewrite, load_labelled  # noqa: E402
from newsasia_spider.storage.story_features import (  # noqa: E402
    article_text,
    estimated_jaccard,
    estimated_overlap,
    shingle_overlap,
    story_features,
)


def texts() -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Article texts by id, and the pairs that are copies (share at least half the text)."""
    items = {item["id"]: item for item in load_labelled()}
    text = {i: article_text(it["title"], it["lead"], it["body"]) for i, it in items.items()}
    long_article, short_report = text["news-asia-38140"], text["tass-25725715"]
    text["made-syndicated-inside-long"] = long_article + "\n\n" + short_report
    text["made-edited-rewrite"] = edited_rewrite(items["24kg-352364"]["body"])
    features = {i: story_features(t, None, None) for i, t in text.items()}
    copies = {
        (a, b)
        for a, b in itertools.combinations(sorted(text), 2)
        if shingle_overlap(features[a].shingles, features[b].shingles) >= 0.5
    }
    return text, copies


def main() -> None:
    try:
        from simhash import Simhash
    except ImportError:
        sys.exit("pip install simhash first: it is only needed for this comparison")
    text, copies = texts()
    ids = sorted(text)
    pairs = list(itertools.combinations(ids, 2))
    print(f"{len(text)} texts, {len(pairs)} pairs, {len(copies)} copies (exact overlap >= 0.5)")

    started = time.perf_counter()
    minhashes = {i: story_features(text[i], None, None) for i in ids}
    minhash_ms = (time.perf_counter() - started) / len(ids) * 1000
    started = time.perf_counter()
    simhashes = {i: Simhash(sorted(minhashes[i].shingles)) for i in ids}
    simhash_ms = (time.perf_counter() - started) / len(ids) * 1000 + minhash_ms  # + shingling

    def minhash_score(a: str, b: str) -> float:
        fa, fb = minhashes[a], minhashes[b]
        jaccard = estimated_jaccard(fa.signature, fb.signature)
        return estimated_overlap(jaccard, fa.shingle_count, fb.shingle_count)

    def simhash_score(a: str, b: str) -> float:
        return 1 - simhashes[a].distance(simhashes[b]) / 64

    print(f"{'method':<34} {'copies found':>12} {'threshold':>9} {'ms/article':>10}")
    for name, score, ms in (
        ("MinHash 64, est. overlap (used)", minhash_score, minhash_ms),
        ("SimHash 64-bit, 1 - hamming/64", simhash_score, simhash_ms),
    ):
        scores = {pair: score(*pair) for pair in pairs}
        worst_negative = max(s for pair, s in scores.items() if pair not in copies)
        found = [pair for pair in copies if scores[pair] > worst_negative]
        print(f"{name:<34} {len(found):>5} of {len(copies):<4} {worst_negative:>9.3f} {ms:>10.2f}")
        for pair in sorted(copies):
            print(f"    {scores[pair]:.3f}  {pair[0]} / {pair[1]}")


if __name__ == "__main__":
    main()
