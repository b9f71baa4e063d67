"""The local site's articles: deterministic titles, texts and dates made from an article number.

Nothing is stored per article, so a site of 10,000 articles costs no memory until a page is
asked for. Bodies are real Russian sentences (the seed pages' and golden pages' texts, see
real_texts) drawn per article, so extractors, the search index and stories see a real
vocabulary; every REPEAT_EVERY-th article retells the one before it (a near-duplicate, as an
outlet's rewrite of an agency report), the rest share no more text than unrelated news does.
Titles and leads are written for these tests.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from bench.pagesets import shared_dir

SUBJECTS = (
    "Правительство Кыргызстана",
    "Министерство экономики",
    "Мэрия Бишкека",
    "Национальный банк",
    "Жогорку Кенеш",
    "Министерство здравоохранения",
    "Акимат Алматы",
    "Министерство транспорта",
)
ACTIONS = (
    "обсудило план развития региона",
    "представило новые правила торговли",
    "подвело итоги работы за квартал",
    "объявило о начале строительства дороги",
    "рассмотрело вопросы водоснабжения",
    "утвердило программу поддержки фермеров",
)
MINUTES_BETWEEN_ARTICLES = 17
PARAGRAPHS_PER_ARTICLE = 6
SENTENCES_PER_PARAGRAPH = 4
# Article n retells article n - 1 when n % REPEAT_EVERY == REPEAT_EVERY - 1: one story in
# twenty is a copy, the kind of duplicate stories are meant to find.
REPEAT_EVERY = 20
GOLDEN_PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
MIN_PARAGRAPH_WORDS = 8  # shorter seed lines are menus, counters and dates, not prose
# Seed lines holding image links ("![]()") are lists of other articles' teasers, not prose.
TEASER_LIST = "![]("
ARCHIVE_DATE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")  # the archive's stamp, not text
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[А-ЯЁA-Z0-9])")
MIN_SENTENCE_WORDS = 4
WHOLE_SENTENCE = (".", "!", "?", "…", "»", '"', ")")


@cache
def real_texts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(titles, paragraphs) of real Russian text: the titles, leads and bodies the golden
    pages expect (fixtures/pages/*/*.json) and the prose lines of the shared seed pages and page
    excerpts (../shared/seeds/, ../shared/outlets/pages/), each paragraph once, sorted."""
    shared = shared_dir()
    titles, paragraphs = [], []
    for expectation in sorted(GOLDEN_PAGES.glob("*/*.json")):
        expected = json.loads(expectation.read_text(encoding="utf-8")).get("expected") or {}
        if expected.get("title"):
            titles.append(expected["title"])
        for text in (expected.get("lead"), expected.get("body")):
            paragraphs += (text or "").split("\n\n")
    for folder in (shared / "seeds", *sorted((shared / "outlets" / "pages").glob("*"))):
        for page in sorted(folder.glob("*.txt")):
            text = page.read_text(encoding="utf-8")
            # Excerpts open with a header (URL:, SOURCE: ...) ended by a line "---".
            _, separator, after = text.partition("\n---\n")
            paragraphs += (after if separator else text).splitlines()
    prose = {
        ARCHIVE_DATE.sub("", p).strip()
        for p in paragraphs
        if len(p.split()) >= MIN_PARAGRAPH_WORDS and TEASER_LIST not in p
    }
    if not titles or not prose:
        raise FileNotFoundError(f"no real texts found in {GOLDEN_PAGES} and {shared}")
    return tuple(titles), tuple(sorted(prose))


@cache
def real_sentences() -> tuple[str, ...]:
    """The sentences of real_texts' paragraphs, each once: the unit articles are drawn from,
    so that two articles share a sentence now and then but never whole paragraphs."""
    _, paragraphs = real_texts()
    sentences = {
        " ".join(s.split())
        for p in paragraphs
        for s in SENTENCE_END.split(p)
        # Excerpts may stop mid-word: a sentence counts when it ends as one.
        if len(s.split()) >= MIN_SENTENCE_WORDS and s.rstrip().endswith(WHOLE_SENTENCE)
    }
    return tuple(sorted(sentences))


@dataclass(frozen=True)
class SiteArticle:
    """Article number `number` of a site; higher numbers are newer."""

    number: int
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published: datetime

    def body(self, revision: int) -> tuple[str, ...]:
        if revision == 0:
            return self.paragraphs
        note = f"Материал дополнен: редакция {revision}, уточнены сведения о сроках работ."
        return (*self.paragraphs, note)


def drawn_paragraphs(number: int) -> list[str]:
    """Article `number`'s own paragraphs: real sentences drawn at random, seeded by the number
    (the same article reads the same on every request and in every process)."""
    sentences = real_sentences()
    rng = random.Random(number)
    picked = rng.sample(sentences, PARAGRAPHS_PER_ARTICLE * SENTENCES_PER_PARAGRAPH)
    return [
        " ".join(picked[p : p + SENTENCES_PER_PARAGRAPH])
        for p in range(0, len(picked), SENTENCES_PER_PARAGRAPH)
    ]


def make_article(number: int, origin: datetime) -> SiteArticle:
    subject = SUBJECTS[number % len(SUBJECTS)]
    action = ACTIONS[(number // len(SUBJECTS)) % len(ACTIONS)]
    if number % REPEAT_EVERY == REPEAT_EVERY - 1:
        # A retelling: the previous article's text, its last paragraph left out.
        paragraphs = drawn_paragraphs(number - 1)[:-1]
    else:
        paragraphs = drawn_paragraphs(number)
    # A sentence only this article has: bodies differ and a test can tell them apart.
    paragraphs[0] = f"{subject} {action} (сообщение номер {number}). {paragraphs[0]}"
    return SiteArticle(
        number=number,
        title=f"{subject} {action} — сообщение {number}",
        lead=f"{subject} {action}. Подробности — в материале номер {number}.",
        paragraphs=tuple(paragraphs),
        published=origin + timedelta(minutes=MINUTES_BETWEEN_ARTICLES * number),
    )


def origin_for(total: int) -> datetime:
    """Article 0's time, chosen so that article `total` (the newest) is an hour old."""
    newest = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return newest - timedelta(minutes=MINUTES_BETWEEN_ARTICLES * total)
