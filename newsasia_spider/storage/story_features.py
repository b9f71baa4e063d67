"""What stories compare of an article, computed from its text alone (pure, no I/O).

Two kinds of likeness:

* **same text** (a copy, syndication): word 5-gram shingles of the normalised words. A MinHash
  signature of the shingles (datasketch) estimates the Jaccard similarity of two articles, and
  its LSH band keys find candidates through a database index instead of a scan. The share of
  text two articles have in common is then measured exactly on the candidates' shingles:
  shared shingles / shingles of the shorter article (a copied paragraph inside a long article
  still counts as copied).
* **same event**: key terms — normalised names (capitalised words: people, places,
  organisations) and numbers (dates, sums, counts) — weighted by how rare they are in the
  archive. Reports of one event name the same people and places and give the same figures.

Words are split and normalised by search's own tokeniser and lemmatiser (`search_text.WORD`,
`search_text.lemma`), so stories and search always agree on what a word is.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from newsasia_spider.storage.search_text import WORD, lemma, lemmas

SHINGLE_WORDS = 5  # words per shingle: long enough that unrelated texts rarely share one
NUM_PERM = 64  # MinHash permutations: Jaccard estimated within about ±0.06
BAND_ROWS = 2  # LSH: 32 bands of 2 rows; a pair of Jaccard 0.2 shares a band with p ≈ 0.73
SEED = 1  # fixed, like the scheme: stored signatures must stay comparable across runs
# Texts whose shingles are kept (`shingles`): the recent articles a new one is compared
# with; a few hundred shingles each, some 10-40 kB.
SHINGLE_CACHE_SIZE = 1024
SCHEME = "affine32"  # datasketch 2's permutation family, named so a new default can't change it
MIN_TERM_LENGTH = 3  # shorter stems ("юр" of Юрий, "ис" of Иса) match unrelated names
NAME_PREFIX = 5
SENTENCE_ENDS = ".!?…:;\n"
LOOK_BACK = 16  # characters looked at before a word for the end of a sentence
SENTENCE_OPENERS = " \t«\"„“'(—–-•*"  # may stand between a sentence's end and its first word

# A number (digits only) of at least two digits.
NUMBER = re.compile(r"\b\d{2,}\b")


@dataclass(frozen=True)
class StoryFeatures:
    """An article's fingerprint for stories."""

    signature: bytes  # NUM_PERM MinHash values, little-endian uint32
    band_keys: tuple[int, ...]  # one signed 63-bit key per LSH band (fits BIGINT)
    shingles: frozenset[str]  # kept in memory only: the exact overlap with candidates
    event_terms: frozenset[str]

    @property
    def shingle_count(self) -> int:
        return len(self.shingles)


def article_text(title: str | None, lead: str | None, body: str | None) -> str:
    return "\n".join(part for part in (title, lead, body) if part)


def story_features(title: str | None, lead: str | None, body: str | None) -> StoryFeatures:
    text = article_text(title, lead, body)
    tokens = list(WORD.finditer(text))
    normal = _normal_forms(tokens)
    shingle_set = shingles(text)
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        permutations=_permutations(),
        hashfunc=zlib.crc32,  # C speed; the affine32 scheme mixes its bits before permuting
    )
    if shingle_set:
        minhash.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
    values = minhash.hashvalues.astype(np.uint32)
    return StoryFeatures(
        signature=values.astype("<u4").tobytes(),
        band_keys=band_keys(values) if shingle_set else (),
        shingles=shingle_set,
        event_terms=_event_terms(text, tokens, normal),
    )


@lru_cache(maxsize=SHINGLE_CACHE_SIZE)
def shingles(text: str) -> frozenset[str]:
    """The word 5-grams of text's normalised words (the whole text if it has fewer words).

    Cached by text: each new article's copies are confirmed on its candidates' shingles, and
    the same recent articles are candidates again and again (recomputing them was two thirds
    of linking's cost, profiled on bench/crawl.py). An article whose text changes is a new key.
    """
    return frozenset(_shingles(lemmas(text)))


def event_terms(text: str) -> frozenset[str]:
    """Normalised names and numbers of text: what identifies the event it reports.

    A name is a capitalised word seen at least once inside a sentence (not only at its start)
    whose normal form never occurs in lower case in the text. Names are cut to their first
    NAME_PREFIX letters: stemmers treat proper names unevenly (Жапаров/Жапарова,
    Кыргызстан/Кыргызстана), their first letters agree.
    """
    tokens = list(WORD.finditer(text))
    return _event_terms(text, tokens, _normal_forms(tokens))


def _normal_forms(tokens: list[re.Match[str]]) -> list[str]:
    """The lemma of each word token (search's, one per word)."""
    return [lemma(token.group()) for token in tokens]


def _shingles(words: list[str]) -> set[str]:
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _event_terms(text: str, tokens: list[re.Match[str]], normal: list[str]) -> frozenset[str]:
    lower_case = {form for token, form in zip(tokens, normal, strict=True) if token[0][0].islower()}
    terms = {
        form[:NAME_PREFIX]
        for token, form in zip(tokens, normal, strict=True)
        if token[0][0].isupper()
        and len(form) >= MIN_TERM_LENGTH
        and form not in lower_case
        and not _starts_sentence(text, token.start())
    }
    terms.update(NUMBER.findall(text))
    return frozenset(terms)


def _starts_sentence(text: str, position: int) -> bool:
    before = text[max(0, position - LOOK_BACK) : position].rstrip(SENTENCE_OPENERS)
    if not before:
        return position <= LOOK_BACK  # the text's first word, or a long run of openers
    return before[-1] in SENTENCE_ENDS


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One key per LSH band: a hash of the band's number and its rows' values."""
    keys = []
    for band in range(NUM_PERM // BAND_ROWS):
        rows = values[band * BAND_ROWS : (band + 1) * BAND_ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(struct.pack("<H", band) + rows, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0] >> 1)  # 63 bits: any SQL integer holds it
    return tuple(keys)


def signature_band_keys(signature: bytes) -> tuple[int, ...]:
    """The band keys of a stored signature (as story_features made them)."""
    return band_keys(np.frombuffer(signature, dtype="<u4"))


def estimated_jaccard(signature_a: bytes, signature_b: bytes) -> float:
    a = np.frombuffer(signature_a, dtype="<u4")
    b = np.frombuffer(signature_b, dtype="<u4")
    return float(np.count_nonzero(a == b)) / len(a)


def estimated_overlap(jaccard: float, count_a: int, count_b: int) -> float:
    """Shared shingles / shingles of the shorter text, from a Jaccard estimate and set sizes."""
    if not count_a or not count_b:
        return 0.0
    shared = jaccard * (count_a + count_b) / (1 + jaccard)
    return min(1.0, shared / min(count_a, count_b))


def shingle_overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Exactly: shingles the two texts share / shingles of the shorter one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # datasketch draws these from its seed on every MinHash(); made once here, they are reused.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
