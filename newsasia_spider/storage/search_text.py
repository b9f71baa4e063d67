"""Russian full-text search for both backends: lemmas for the index, queries and snippets.

Every word is indexed as one lemma, its dictionary form from the pymorphy3 morphological
analyser ("выборах" → "выборы", "Жапарова" → "жапаров"), so SQLite's FTS5 and PostgreSQL's
tsvector hold the same terms and the same positions (phrases work). Snowball stems, used before,
cut surnames inconsistently ("Жапаров" → "жапар" but "Жапарова" → "жапаров").

The analyser guesses at words its dictionary lacks (most Central Asian surnames) and may give
a nominative and an oblique form different lemmas ("Токаев" reads as a form of "токай"). So a
query word stands for every lemma it could have been indexed under: the lemma of each form of
each word it may be (its lexemes), and itself. "Токаев" finds "Токаева" (lemma "токаев", the
query word itself) and "Токаева" finds "Токаев" ("токай", the lemma of a form of the
surname's lexeme). Lemmas are cached: parsing is the slow part.

`lemma()` and `lemmas()` are the one token normaliser of the project: use them wherever
words must be compared across inflections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product

from extractors.morphology import analyzer as _analyzer

WORD = re.compile(r"\w+")
# websearch-style query syntax, as PostgreSQL's websearch_to_tsquery reads it:
# "a phrase", -excluded, OR between alternatives, plain words are all required.
QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
HIGHLIGHT = "*"
LEMMA_CACHE_SIZE = 1 << 18  # distinct word forms: a large archive's vocabulary fits
# A phrase whose words could be indexed under many lemmas each is looked for under at most this
# many combinations by FTS5 (which has no alternatives inside a phrase); plenty in practice.
MAX_PHRASE_COMBINATIONS = 64
# Tags of pymorphy3 parses that make a word a surname: preferred over common-noun readings, so
# all forms of a surname the analyser recognises share one lemma.
SURNAME = "Surn"


def load_analyzer() -> None:
    """Load the analyser's dictionary now (about a second) instead of at the first word stored:
    a crawl does it while it opens its archive, before the first page is fetched."""
    _analyzer()


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def lemma(word: str) -> str:
    """The index term of one word: its lemma, lower-case, "ё" read as "е".

    A surname reading wins over the analyser's likeliest one ("Токаеву" → "токаев", not the
    first name "Токаева"); words that aren't Russian stay as they are, lower-cased.
    """
    parses = _analyzer().parse(word.lower())
    surname = next((parse for parse in parses if SURNAME in parse.tag), None)
    chosen = surname or parses[0]
    return chosen.normal_form.replace("ё", "е")


def lemmas(text: str) -> list[str]:
    """The lemmas of the words of text, in order."""
    return [lemma(word) for word in WORD.findall(text)]


def index_text(text: str | None) -> str:
    """What the index stores for a column: its lemmas separated by spaces."""
    return " ".join(lemmas(text or ""))


@lru_cache(maxsize=4096)
def query_terms(word: str) -> frozenset[str]:
    """Every index term a query word may match: the lemmas of all forms of each of its
    readings, its own lemma and the word itself (lower-case, "ё" as "е")."""
    terms = {lemma(word), word.lower().replace("ё", "е")}
    for parse in _analyzer().parse(word.lower()):
        terms.add(parse.normal_form.replace("ё", "е"))
        terms.update(lemma(form.word) for form in parse.lexeme)
    return frozenset(terms)


# --- queries -------------------------------------------------------------------------------

Phrase = tuple[frozenset[str], ...]  # the terms each word of a phrase (or a lone word) may match


@dataclass
class SearchQuery:
    """A websearch-style query read once, for either backend: any of `alternatives` (each a
    list of phrases that must all occur) and none of `excluded`."""

    alternatives: list[list[Phrase]]
    excluded: list[Phrase]
    wanted: set[str] = field(default_factory=set)  # terms snippets highlight

    @property
    def empty(self) -> bool:
        """Nothing to look for: only punctuation, or only excluded words."""
        return not any(self.alternatives)


def parse_query(query: str) -> SearchQuery:
    alternatives: list[list[Phrase]] = [[]]
    excluded: list[Phrase] = []
    wanted: set[str] = set()
    for match in QUERY_TOKEN.finditer(query):
        negate, quoted, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word == "OR":
            alternatives.append([])
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        phrase = tuple(query_terms(w) for w in WORD.findall(quoted if quoted is not None else word))
        if not phrase:
            continue
        if negate:
            excluded.append(phrase)
        else:
            alternatives[-1].append(phrase)
            wanted.update(*phrase)
    return SearchQuery([group for group in alternatives if group], excluded, wanted)


def fts_query(query: SearchQuery) -> str:
    """The query as an FTS5 MATCH expression (the query must not be empty)."""
    groups = ["(" + " AND ".join(map(_fts_phrase, group)) + ")" for group in query.alternatives]
    expression = " OR ".join(groups)
    if query.excluded:
        expression = f"({expression}) NOT ({' OR '.join(map(_fts_phrase, query.excluded))})"
    return expression


def _fts_phrase(phrase: Phrase) -> str:
    # Terms quoted: they are never read as FTS5 operators. FTS5 phrases have no alternatives
    # inside them, so a phrase is any of its combinations of terms.
    ordered = [sorted(terms) for terms in phrase]
    combinations = islice(product(*ordered), MAX_PHRASE_COMBINATIONS)
    return "(" + " OR ".join('"' + " ".join(terms) + '"' for terms in combinations) + ")"


def tsquery(query: SearchQuery) -> str:
    """The query in PostgreSQL's tsquery syntax (the query must not be empty)."""
    groups = ["(" + " & ".join(map(_ts_phrase, group)) + ")" for group in query.alternatives]
    expression = " | ".join(groups)
    if query.excluded:
        expression = f"({expression}) & !({' | '.join(map(_ts_phrase, query.excluded))})"
    return expression


def _ts_phrase(phrase: Phrase) -> str:
    # Terms are \w+ runs: quoted, they need no escaping.
    words = ["(" + " | ".join(f"'{term}'" for term in sorted(terms)) + ")" for terms in phrase]
    return "(" + " <-> ".join(words) + ")"


def tsvector(text: str | None) -> str:
    """A column's lemmas as a PostgreSQL tsvector literal, with their positions."""
    return " ".join(f"'{term}':{position}" for position, term in _positions(lemmas(text or "")))


def _positions(terms: Iterable[str]) -> Iterable[tuple[int, str]]:
    # PostgreSQL keeps positions up to 16383 and folds the rest onto it, as to_tsvector does.
    for position, term in enumerate(terms, 1):
        yield min(position, 16383), term


# --- snippets ------------------------------------------------------------------------------


def make_snippet(text: str, wanted: set[str], *, words: int = 30) -> str:
    """About `words` words of text around the densest run of wanted terms, hits in *stars*."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return ""
    hits = [i for i, (a, b) in enumerate(spans) if lemma(text[a:b]) in wanted]
    highlighted = set(hits)
    start = _densest_window(hits, words) if hits else 0
    start = max(0, min(start - words // 4, len(spans) - words))
    end = min(len(spans), start + words)
    pieces: list[str] = []
    cursor = spans[start][0]
    for i in range(start, end):
        a, b = spans[i]
        pieces.append(text[cursor:a])
        pieces.append(f"{HIGHLIGHT}{text[a:b]}{HIGHLIGHT}" if i in highlighted else text[a:b])
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
