"""News-Asia and 24.kg on page variants the golden pages don't show: the rules behind them."""

from __future__ import annotations

from datetime import datetime

import pytest

from extractors import NotAnArticle, UnrecognisedLayout, extract
from extractors.dates import BISHKEK

TEXT = "Текст статьи о переговорах в Бишкеке. " * 6  # long enough to be a plausible article


def news_asia(body: str, head: str = "") -> bytes:
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    header = '<div class="today">среда, 02 июля 2025</div>'
    return f"<html><head>{charset}{head}</head><body>{header}{body}</body></html>".encode("cp1251")


def test_news_asia_reads_the_div_content_with_the_article_not_the_first_one() -> None:
    html = news_asia(
        '<div class="content"><p>Наш опрос</p></div>'
        f'<div class="news"><h1>Заголовок</h1><div class="content"><p>{TEXT}</p></div>'
        '<div class="date">01 июля 2025 18:05</div></div>'
    )
    article = extract(html, "https://www.news-asia.ru/view/1/1", force="site")
    assert article.body == TEXT.strip()
    assert article.title == "Заголовок"
    assert article.published == datetime(2025, 7, 1, 18, 5, tzinfo=BISHKEK)


def test_news_asia_title_without_a_heading_comes_from_the_page_title() -> None:
    html = news_asia(
        f'<h1 class="logo">News-Asia</h1><div class="news"><div class="content"><p>{TEXT}</p>'
        "</div></div>",
        head="<title>Новость дня Заседание Совета - News-Asia</title>",
    )
    article = extract(html, "https://www.news-asia.ru/view/1/2", force="site")
    assert article.title == "Заседание Совета"


def test_news_asia_date_line_after_the_article_block_is_found_by_its_comment_counter() -> None:
    html = news_asia(
        f'<div class="col"><div class="news"><h1>Заголовок</h1><div class="content"><p>{TEXT}</p>'
        '</div></div><div class="info"><span>Вчера 21:40</span> <a>Комментарии [2]</a></div>'
        '<div class="list"><div class="date">29 октября 2019 10:56</div></div></div>'
    )
    article = extract(html, "https://www.news-asia.ru/view/1/3", force="site")
    assert article.published == datetime(2025, 7, 1, 21, 40, tzinfo=BISHKEK)


def test_news_asia_never_dates_an_article_by_the_header_or_the_older_news() -> None:
    html = news_asia(
        f'<div class="col"><div class="news"><h1>Заголовок</h1><div class="content"><p>{TEXT}</p>'
        '</div></div><div class="list"><div class="date">29 октября 2019 10:56</div>'
        "<a>Старая новость</a></div></div>"
    )
    assert extract(html, "https://www.news-asia.ru/view/1/3", force="site").published is None


def test_news_asia_text_without_any_title_is_refused_by_the_site_extractor() -> None:
    """Bare <br> text is read (tests/test_variants_newsasia_24kg.py), but with no title at
    all the article is implausible and the chain refuses it when forced to the site."""
    html = news_asia(f'<div class="content">{TEXT}<br><br>{TEXT}</div>')
    with pytest.raises(UnrecognisedLayout, match="no title"):
        extract(html, "https://www.news-asia.ru/view/1/4", force="site")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.news-asia.ru/",
        "https://www.news-asia.ru/?pg=3",
        "https://www.news-asia.ru/tag/%d0%bc%d1%8d%d1%80?pg=38",
    ],
)
def test_news_asia_listing_addresses_are_not_articles(url: str) -> None:
    with pytest.raises(NotAnArticle):
        extract(news_asia(f'<div class="content"><p>{TEXT}</p></div>'), url, force="site")


def kg24(body: str) -> str:
    return f'<html lang="ru-RU"><head><meta charset="UTF-8"></head><body>{body}</body></html>'


def test_24kg_without_microdata_finds_the_text_by_the_title_class() -> None:
    html = kg24(
        '<div class="header"><div class="cont">USD 87.45</div></div>'
        '<div class="top"><h1 class="newsTitle">Заголовок</h1>'
        '<div class="newsDate">10:14, 20 января 2021, Бишкек - 24.kg , Руслан ХАРИЗОВ, '
        "Анна ИВАНОВА</div></div>"
        f'<div class="body"><div class="cont"><p>{TEXT}</p><p>Ссылка: https://24.kg/x/1/</p>'
        "<p>Фото 24.kg</p></div></div>"
    )
    article = extract(html, "https://24.kg/vlast/1_zagolovok/", force="site")
    assert article.body == TEXT.strip()
    assert article.authors == ["Руслан ХАРИЗОВ", "Анна ИВАНОВА"]
    assert article.published == datetime(2021, 1, 20, 10, 14, tzinfo=BISHKEK)


def test_24kg_credit_paragraphs_go_to_the_picture() -> None:
    html = kg24(
        '<h1 class="newsTitle">Заголовок</h1><div class="cont">'
        f'<p><img src="/files/media/1.jpg" alt=""></p><p>Фото 24.kg</p><p>{TEXT}</p></div>'
    )
    article = extract(html, "https://24.kg/vlast/1_zagolovok/", force="site")
    assert [(i.url, i.credit) for i in article.images] == [
        ("https://24.kg/files/media/1.jpg", "24.kg")
    ]
    assert "Фото" not in article.body


@pytest.mark.parametrize(
    "url",
    ["https://24.kg/", "https://24.kg/vlast/", "https://24-kg.com/vlast/page_2/", "https://24.kg"],
)
def test_24kg_home_and_section_pages_are_not_articles(url: str) -> None:
    with pytest.raises(NotAnArticle):
        extract(kg24(f'<h1 class="newsTitle">T</h1><div class="cont"><p>{TEXT}</p></div>'), url)


def test_24kg_short_article_address_is_an_article() -> None:
    html = kg24(f'<h1 class="newsTitle">Заголовок</h1><div class="cont"><p>{TEXT}</p></div>')
    article = extract(html, "https://24.kg/vlast/352364/", force="site")
    assert article.canonical_url == "https://24.kg/vlast/352364/"
