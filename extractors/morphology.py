"""Russian morphology by the pymorphy3 analyser: the one place the project loads it.

Used by the furniture classifier to tell a sentence from an attribution line that opens the
same way ("По информации ведомства пострадавших нет." against "По информации агентства
«Кабар»."), and by full-text search for lemmas (newsasia_spider.storage.search_text).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

# Parts of speech that make a clause a statement: a finite verb ("сообщили"), an infinitive, a
# predicative ("нет", "можно"), a short participle or adjective ("задержан", "известны").
_PREDICATES = frozenset({"VERB", "INFN", "PRED", "PRTS", "ADJS"})
_CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The analyser, its dictionary loaded once per process (about 0.1 s)."""
    return pymorphy3.MorphAnalyzer()


def states_something(folded: str) -> bool:
    """Whether lower-cased Russian words hold a predicate: a word of the dictionary whose
    likeliest reading is a verb, a predicative or a short form. Words the dictionary lacks
    (names, Kyrgyz and Kazakh words, whose readings it would only guess) never count."""
    morph = analyzer()
    for word in _CYRILLIC_WORD.findall(folded):
        if morph.word_is_known(word) and morph.parse(word)[0].tag.POS in _PREDICATES:
            return True
    return False
