"""Search finds Russian words, names above all, in every case, on both backends.

The word lists are written by hand: each word in its six cases (nominative, genitive, dative,
accusative, instrumental, prepositional). Every form must be found by the nominative query
and must find the nominative, on SQLite and on PostgreSQL.
"""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from storage_backends import (  # noqa: F401  (fixtures)
    archive_target,
    insert_row_of_old_schema,
    postgres_target,
)

from extractors import Article
from newsasia_spider.storage import open_storage
from newsasia_spider.storage.search_text import index_text, lemma, lemmas

MOSCOW = timezone(timedelta(hours=3))

# nominative, genitive, dative, accusative, instrumental, prepositional
NAMES = [
    ("Жапаров", "Жапарова", "Жапарову", "Жапарова", "Жапаровым", "Жапарове"),
    ("Путин", "Путина", "Путину", "Путина", "Путиным", "Путине"),
    ("Токаев", "Токаева", "Токаеву", "Токаева", "Токаевым", "Токаеве"),
    ("Мирзиёев", "Мирзиёева", "Мирзиёеву", "Мирзиёева", "Мирзиёевым", "Мирзиёеве"),
    ("Атамбаев", "Атамбаева", "Атамбаеву", "Атамбаева", "Атамбаевым", "Атамбаеве"),
    ("Ташиев", "Ташиева", "Ташиеву", "Ташиева", "Ташиевым", "Ташиеве"),
    ("Садыр", "Садыра", "Садыру", "Садыра", "Садыром", "Садыре"),
    ("Камчыбек", "Камчыбека", "Камчыбеку", "Камчыбека", "Камчыбеком", "Камчыбеке"),
    ("Бишкек", "Бишкека", "Бишкеку", "Бишкек", "Бишкеком", "Бишкеке"),
    ("Астана", "Астаны", "Астане", "Астану", "Астаной", "Астане"),
    ("Ташкент", "Ташкента", "Ташкенту", "Ташкент", "Ташкентом", "Ташкенте"),
    ("Нарын", "Нарына", "Нарыну", "Нарын", "Нарыном", "Нарыне"),
]
COMMON_NOUNS = [
    ("президент", "президента", "президенту", "президента", "президентом", "президенте"),
    ("граница", "границы", "границе", "границу", "границей", "границе"),
    ("соглашение", "соглашения", "соглашению", "соглашение", "соглашением", "соглашении"),
    (
        "правительство",
        "правительства",
        "правительству",
        "правительство",
        "правительством",
        "правительстве",
    ),
    ("выборы", "выборов", "выборам", "выборы", "выборами", "выборах"),
    ("встреча", "встречи", "встрече", "встречу", "встречей", "встрече"),
    ("тариф", "тарифа", "тарифу", "тариф", "тарифом", "тарифе"),
]
WORDS = NAMES + COMMON_NOUNS


def article(number: int, title: str, body: str) -> Article:
    return Article(
        url=f"https://24.kg/vlast/{number}/",
        canonical_url=f"https://24.kg/vlast/{number}/",
        outlet="24kg",
        title=title,
        body=body,
        extractor="site:24kg/test@1",
        published=datetime(2025, 11, 26, 17, 21, tzinfo=MOSCOW) + timedelta(hours=number),
        fetched_at=datetime(2025, 11, 27, tzinfo=UTC),
    )


@pytest.fixture
def storage(archive_target):
    storage = open_storage(archive_target)
    yield storage
    storage.close()


@pytest.fixture
def declined_archive(storage):
    """One article per word and case: "Сообщение номер N. Упомянут: <form>." """
    urls: dict[str, list[str]] = {}  # nominative -> the addresses of its six articles
    number = 0
    for forms in WORDS:
        for form in forms:
            number += 1
            stored = article(number, f"Сообщение номер {number}", f"Упомянут: {form}.")
            storage.upsert_article(stored)
            urls.setdefault(forms[0], []).append(stored.canonical_url)
    storage.commit()
    return storage, urls


def found(storage, query: str) -> set[str]:
    return {hit.canonical_url for hit in storage.search(query, limit=1000)}


@pytest.mark.parametrize("forms", WORDS, ids=[forms[0] for forms in WORDS])
def test_every_case_is_found_by_the_nominative_and_finds_it(declined_archive, forms):
    storage, urls = declined_archive
    nominative, articles = forms[0], urls[forms[0]]
    assert found(storage, nominative) == set(articles), nominative
    for form, url in zip(forms, articles, strict=True):
        assert articles[0] in found(storage, form), f"{form} misses the article with {nominative}"
        assert url in found(storage, nominative), f"{nominative} misses the article with {form}"
        assert url in found(storage, form.lower()), f"{form.lower()} misses its own article"


def test_the_issues_example_japarov_finds_talks_with_putin(storage):
    storage.upsert_article(
        article(1, "Переговоры Жапарова и Путина", "В Бишкеке завершились переговоры.")
    )
    storage.upsert_article(article(2, "Погода", "В Бишкеке снег."))
    storage.commit()
    talks = {"https://24.kg/vlast/1/"}
    assert found(storage, "Жапаров") == talks
    assert found(storage, "жапаров") == talks
    assert found(storage, "Путин Жапаров") == talks
    assert found(storage, '"Жапарова и Путина"') == talks
    assert found(storage, '"Путина и Жапарова"') == set()  # a phrase keeps its order
    assert found(storage, "путин -жапаров") == set()
    assert found(storage, "Бишкек -Жапаров") == {"https://24.kg/vlast/2/"}
    (hit,) = storage.search("Жапаров")
    assert hit.title == "Переговоры Жапарова и Путина"


def test_snippets_star_the_inflected_forms_of_the_query(storage):
    storage.upsert_article(
        article(1, "Встреча", "Президент Токаев встретился с Мирзиёевым в Ташкенте.")
    )
    storage.commit()
    (hit,) = storage.search("Мирзиёев Ташкент")
    assert hit.snippet == "Президент Токаев встретился с *Мирзиёевым* в *Ташкенте*."


def test_an_archive_indexed_by_stems_is_indexed_again_by_lemmas(archive_target):
    old = open_storage(archive_target, schema_version=3)
    talks = article(1, "Переговоры Жапарова и Путина", "Стороны подписали документы.")
    # The row as schema 3 holds it; SQLite's FTS row as the Snowball stemmer made it (PostgreSQL
    # computed its own, from the `russian` configuration).
    article_id = insert_row_of_old_schema(old, talks)
    if old.dialect == "sqlite":
        old._execute(
            "INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
            (article_id, "переговор жапаров и путин", "", "сторон подписа документ"),
        )
    old.close()
    upgraded = open_storage(archive_target)
    try:
        assert found(upgraded, "Жапаров") == {talks.canonical_url}
        assert found(upgraded, "документ") == {talks.canonical_url}
    finally:
        upgraded.close()


def test_the_normaliser_gives_one_lemma_per_word():
    # Hand-checked dictionary forms: what the index holds and what other code may compare.
    assert lemmas("Переговоры Жапарова и Путина в Бишкеке") == [
        "переговоры",
        "жапаров",
        "и",
        "путин",
        "в",
        "бишкек",
    ]
    assert lemma("Мирзиёевым") == "мирзиеев"  # "ё" read as "е": both spellings are in use
    assert lemma("выборах") == "выборы"
    assert index_text(None) == ""
    assert index_text("COVID-19 и ЕАЭС") == "covid 19 и еаэс"
