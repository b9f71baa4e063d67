"""The local site's articles: deterministic titles, texts and dates made from an article number.

Nothing is stored per article, so a site of 10,000 articles costs no memory until a page is
asked for. The sentences are written for these tests (neutral, news-like Russian), so that
extractors see text of realistic length and alphabet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
SENTENCES = (
    "По словам участников встречи, решение было принято после долгого обсуждения с экспертами.",
    "Ожидается, что первые результаты станут заметны уже в следующем году.",
    "В ведомстве отметили, что финансирование проекта предусмотрено в республиканском бюджете.",
    "Жители района неоднократно обращались к властям с просьбой решить эту проблему.",
    "Эксперты считают, что новые меры помогут привлечь инвестиции в экономику страны.",
    "Ранее сообщалось, что аналогичная программа действует в соседних областях.",
    "Представители бизнеса поддержали инициативу, но попросили уточнить сроки.",
    "Документ вступит в силу после его официального опубликования.",
    "Специалисты подчеркнули важность сотрудничества между странами Центральной Азии.",
    "Работы планируется завершить до конца текущего года.",
)
PARAGRAPHS_PER_ARTICLE = 6
SENTENCES_PER_PARAGRAPH = 4
MINUTES_BETWEEN_ARTICLES = 17


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


def make_article(number: int, origin: datetime) -> SiteArticle:
    subject = SUBJECTS[number % len(SUBJECTS)]
    action = ACTIONS[(number // len(SUBJECTS)) % len(ACTIONS)]
    paragraphs = []
    for p in range(PARAGRAPHS_PER_ARTICLE):
        picked = (
            SENTENCES[(number * 7 + p * SENTENCES_PER_PARAGRAPH + s) % len(SENTENCES)]
            for s in range(SENTENCES_PER_PARAGRAPH)
        )
        paragraphs.append(" ".join(picked))
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
