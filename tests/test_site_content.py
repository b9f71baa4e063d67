"""The local test site's articles are real text: a real vocabulary, few shared sentences, and
now and then a deliberate retelling (what stories and the search index see in a real crawl)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.site.content import REPEAT_EVERY, make_article, real_sentences

ORIGIN = datetime(2025, 1, 1, tzinfo=UTC)


def sentences_of(number: int) -> set[str]:
    body = " ".join(make_article(number, ORIGIN).paragraphs)
    return {s for s in real_sentences() if s in body}


def test_articles_are_made_of_real_sentences_and_read_the_same_every_time():
    article = make_article(3, ORIGIN)
    assert article == make_article(3, ORIGIN)
    body = " ".join(article.paragraphs)
    # A sentence of the 24.kg seed page and one of the TASS golden page's body, word for word.
    assert "Энергодефицит по сравнению с 2024-м вырос на 1 миллиард 600 миллионов" in "\n".join(
        real_sentences()
    )
    assert "Путин и Жапаров подведут итоги переговоров, сделав заявления для прессы." in (
        real_sentences()
    )
    # The page excerpts' headers are not text.
    assert not [s for s in real_sentences() if "SOURCE:" in s or s.startswith("URL:")]
    assert len(sentences_of(3)) >= 20  # 24 drawn; one may be hidden inside a longer one
    assert "(сообщение номер 3)" in body


def test_the_site_has_a_real_vocabulary():
    words = {
        w.lower()
        for number in range(200)
        for w in re.findall(r"\w+", " ".join(make_article(number, ORIGIN).paragraphs))
    }
    # The old site drew every article from ten sentences (about 90 distinct words).
    assert len(words) > 1000


def test_unrelated_articles_share_little_text_and_retellings_share_most():
    retelling = REPEAT_EVERY - 1
    original = sentences_of(retelling - 1)
    assert len(sentences_of(retelling) & original) >= len(original) * 3 // 4
    for number in range(retelling - 1):
        shared = sentences_of(number) & sentences_of(number + 1)
        assert len(shared) <= len(sentences_of(number)) // 3, number
