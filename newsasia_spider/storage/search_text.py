"""Russian full-text search for SQLite: Snowball stems for the FTS5 index, queries and snippets.

SQLite's FTS5 has no Russian stemmer, so both the indexed text and the query are reduced to the
same Snowball stems here ("выборах", "выборы" → "выбор"), as PostgreSQL's `russian` configuration
does on its side. Snippets are cut from the original text by matching stems, word by word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

WORD = re.compile(r"\w+")
# websearch-style query syntax, as PostgreSQL's websearch_to_tsquery reads it:
# "a phrase", -excluded, OR between alternatives, plain words are all required.
QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
HIGHLIGHT = "*"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


def stems(text: str) -> list[str]:
    """The Snowball stems of the words of text, lower-cased, in order."""
    return _stemmer().stemWords(WORD.findall(text.lower()))


def index_text(text: str | None) -> str:
    """What the FTS5 index stores for a column: its stems separated by spaces."""
    return " ".join(stems(text or ""))


@dataclass
class FtsQuery:
    """A user's query as an FTS5 MATCH expression, with the stems snippets should highlight."""

    match: str | None
    stems: set[str] = field(default_factory=set)


def fts_query(query: str) -> FtsQuery:
    """Translate websearch-style text into FTS5 syntax over stems; match is None when the
    query has no word to look for (only punctuation, or only excluded words)."""
    alternatives: list[list[str]] = [[]]
    excluded: list[str] = []
    wanted: set[str] = set()
    for match in QUERY_TOKEN.finditer(query):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word == "OR":
            alternatives.append([])
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        words = stems(phrase if phrase is not None else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'  # quoted: stems are never read as FTS5 operators
        if negate:
            excluded.append(term)
        else:
            alternatives[-1].append(term)
            wanted.update(words)
    groups = ["(" + " AND ".join(terms) + ")" for terms in alternatives if terms]
    if not groups:
        return FtsQuery(None)
    match_expression = " OR ".join(groups)
    if excluded:
        match_expression = f"({match_expression}) NOT ({' OR '.join(excluded)})"
    return FtsQuery(match_expression, wanted)


def make_snippet(text: str, wanted: set[str], *, words: int = 30) -> str:
    """About `words` words of text around the densest run of wanted stems, hits in *stars*."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return ""
    word_stems = _stemmer().stemWords([text[a:b].lower() for a, b in spans])
    hits = [i for i, stem in enumerate(word_stems) if stem in wanted]
    start = _densest_window(hits, words) if hits else 0
    start = max(0, min(start - words // 4, len(spans) - words))
    end = min(len(spans), start + words)
    pieces: list[str] = []
    cursor = spans[start][0]
    for i in range(start, end):
        a, b = spans[i]
        pieces.append(text[cursor:a])
        pieces.append(f"{HIGHLIGHT}{text[a:b]}{HIGHLIGHT}" if i in hits else text[a:b])
        cursor = b
    if end == len(spans):
        pieces.append(text[cursor:])  # the closing punctuation
    snippet = " ".join("".join(pieces).split())
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(spans) else ""
    return f"{prefix}{snippet}{suffix}"


def _densest_window(hits: list[int], width: int) -> int:
    """The first word index of the window of `width` words holding the most hits."""
    best_start, best_count, first = hits[0], 0, 0
    for last, position in enumerate(hits):
        while position - hits[first] >= width:
            first += 1
        if last - first + 1 > best_count:
            best_start, best_count = hits[first], last - first + 1
    return best_start
