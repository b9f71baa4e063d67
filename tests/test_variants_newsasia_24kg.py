"""News-Asia and 24.kg on plausible real pages the golden pages don't show.

Each page here is the documented template (NOTES.md §1, §4; the golden pages' markup) with one
thing varied: where the date line stands, how the text is wrapped, where credits, embeds and
widgets sit, how the page is encoded. Texts are real (the seed pages), shortened.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from extractors import extract
from extractors.dates import BISHKEK

# -- News-Asia ----------------------------------------------------------------------------------

# Real sentences of seed 000 / 004 (News-Asia).
NA_FIRST = (
    "2 июля 2025 года Президент Кыргызской Республики Садыр Жапаров начал официальный визит "
    "в Москву. Центральным событием поездки станет встреча с Президентом России Владимиром "
    "Путиным, на которой стороны обсудят ключевые направления двустороннего сотрудничества."
)
NA_SECOND = (
    "Одной из главных тем переговоров станет расширение экономического взаимодействия. "
    "Товарооборот между Кыргызстаном и Россией уже превысил 3 миллиарда долларов США в год, "
    "демонстрируя устойчивую динамику роста."
)
NA_QUOTE = (
    "«Нынешние переговоры показывают, что кыргызско-казахстанские отношения перешли в фазу "
    "„инфраструктурного прорыва“», — отмечает политолог Нурлан Абдыров."
)
NA_TITLE = "Президент Кыргызстана в Москве: стратегический диалог с Путиным"
NA_URL = "https://www.news-asia.ru/view/1/36612"

NA_HEADER = (
    '<div id="header"><div class="today">среда, 02 июля 2025</div>'
    '<div class="logo"><a href="/"><img src="/img/logo.png" alt="News-Asia"></a></div>'
    '<div class="slogan">Центральноазиатский информационный портал «News-Asia». Новости '
    "Центральной Азии: Казахстана, Кыргызстана, Узбекистана, Таджикистана, Туркменистана и "
    'Китая</div><div class="toplinks"><a href="/reporter">Народный репортер</a> '
    '<a href="/feedback">Напишите нам</a></div></div>'
)
NA_COUNTER = (
    '<div class="news-info"><span class="date">Сегодня 05:30</span> &nbsp;&nbsp;'
    '<a href="#comments">Комментарии [0]</a></div>'
)
NA_OLDER_NEWS = (
    '<div class="newslist"><div class="item"><div class="date">29 октября 2019 10:56</div>'
    '<a class="title" href="/view/1/135">Президента Кыргызстана просят взять под контроль '
    'уголовное дело</a><div class="anons">15 общественных и политических деятелей выступили '
    'в защиту генерал-майора</div></div><div class="item"><div class="date">29 октября 2019 '
    '08:43</div><a class="title" href="/view/1/141">В Кыргызстане маршрутка врезалась в КАМАЗ'
    '</a><div class="anons">Предположительно, у маршрутки отказали тормоза</div></div></div>'
)
NA_PAGER = '<div class="pager"><a href="?pg=1">1</a> ... <a href="?pg=2707">2707</a></div>'
NA_POLL = (
    '<div class="block poll"><div class="block-title">Наш опрос</div>'
    '<a class="all" href="/polls">все опросы</a><div class="question">Сколько политических '
    'партий нужно Кыргызстану? - опрос</div><div class="answer"><span>35%</span>'
    "<span>1 правящая партия и 1 - 2 оппозиционные партии</span></div>"
    '<div class="total">Всего голосов: 7786</div></div>'
)
NA_REVIEWS = (
    '<div class="block reviews"><div class="block-title">Обзоры</div><div class="review">'
    '<div class="author">Владимир Банников</div><a href="/view/29/1">БИОЛОГИЧЕСКОЕ ОРУЖИЕ В '
    "СТРАНАХ ЦА</a><p>США планируют разместить биолаборатории, вывезенные с Украины, в "
    "Казахстане.</p></div></div>"
)
NA_BOILERPLATE = (
    "среда, 02 июля 2025",
    "Центральноазиатский",
    "Народный репортер",
    "Напишите нам",
    "Новость дня",
    "Комментарии",
    "Сегодня 05:30",
    "просят взять под контроль",
    "маршрутки отказали",
    "29 октября 2019",
    "2707",
    "Наш опрос",
    "все опросы",
    "политических партий",
    "Всего голосов",
    "Обзоры",
    "Банников",
    "БИОЛОГИЧЕСКОЕ",
    "Фото",
    "RSS",
)


def news_asia_page(
    article: str,
    *,
    after_article: str = NA_OLDER_NEWS + NA_PAGER,
    head: str = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    title: str = f"{NA_TITLE} - News-Asia",
    header: str = NA_HEADER,
) -> str:
    """The golden pages' template: header, rubric, the article block, what follows it in the
    left column, the right column's widgets."""
    return (
        f"<html><head>{head}<title>{title}</title></head><body>{header}"
        '<div id="main"><div id="leftcol"><div class="rubric"><a class="rss" href="/rss/all">'
        f"RSS</a></div>{article}{after_article}</div>"
        f'<div id="rightcol">{NA_POLL}{NA_REVIEWS}<div class="block">О стране</div></div>'
        "</div></body></html>"
    )


def news_view(content: str, *, before: str = f"<h1>{NA_TITLE}</h1>", after: str = NA_COUNTER):
    return f'<div class="news-view">{before}<div class="content">{content}</div>{after}</div>'


def na_extract(html: str | bytes, **kwargs):
    data = html.encode("cp1251") if isinstance(html, str) else html
    return extract(data, NA_URL, **kwargs)


def assert_no_boilerplate(article, needles=NA_BOILERPLATE) -> None:
    fields = {
        "title": article.title,
        "lead": article.lead or "",
        "body": article.body,
        "authors": "\n".join(article.authors),
        "section": article.section or "",
    }
    leaks = [(name, n) for n in needles for name, text in fields.items() if n in text]
    assert not leaks, leaks


TWO_PARAGRAPHS = f"{NA_FIRST}\n\n{NA_SECOND}"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(f"<p>{NA_FIRST}</p><p>{NA_SECOND}</p>", id="direct-p"),
        pytest.param(f"<div><p>{NA_FIRST}</p><p>{NA_SECOND}</p></div>", id="one-wrapper"),
        pytest.param(
            f'<div class="text"><div style="text-align: justify;"><p>{NA_FIRST}</p>'
            f"<p>{NA_SECOND}</p></div></div>",
            id="two-wrappers",
        ),
        pytest.param(f"<div>{NA_FIRST}</div><div>{NA_SECOND}</div>", id="div-paragraphs"),
        pytest.param(f"<p>{NA_FIRST}</p><div>{NA_SECOND}</div>", id="p-then-div"),
        pytest.param(f"{NA_FIRST}<br><br>{NA_SECOND}", id="bare-text-br-br"),
        pytest.param(f"\n{NA_FIRST}<br />\n<br />\n{NA_SECOND}\n", id="bare-text-xhtml-br"),
        pytest.param(f"<span>{NA_FIRST}</span><br><br><font>{NA_SECOND}</font>", id="inline"),
        pytest.param(f"<p>&nbsp;</p><p>{NA_FIRST}</p><p> </p><p>{NA_SECOND}</p>", id="empty-p"),
    ],
)
def test_news_asia_text_in_any_wrapping_is_read_paragraph_by_paragraph(content: str) -> None:
    article = na_extract(news_asia_page(news_view(content)), force="site")
    assert article.body == TWO_PARAGRAPHS
    assert article.title == NA_TITLE
    assert article.published == datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)
    assert_no_boilerplate(article)


def test_news_asia_br_lines_of_a_paragraph_stay_lines() -> None:
    content = f"<p><strong>Экономическое сотрудничество</strong><br />\n{NA_SECOND}</p>"
    article = na_extract(news_asia_page(news_view(f"<p>{NA_FIRST}</p>{content}")), force="site")
    assert article.body == f"{NA_FIRST}\n\nЭкономическое сотрудничество\n{NA_SECOND}"


@pytest.mark.parametrize(
    "subheading",
    [
        "<p><strong>Экономическое сотрудничество</strong></p>",
        "<p><b>Экономическое сотрудничество</b></p>",
        "<h3>Экономическое сотрудничество</h3>",
        "<div><strong>Экономическое сотрудничество</strong></div>",
    ],
)
def test_news_asia_subheadings_are_paragraphs_of_their_own(subheading: str) -> None:
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p>{subheading}<p>{NA_SECOND}</p>"))
    article = na_extract(html, force="site")
    assert article.body == f"{NA_FIRST}\n\nЭкономическое сотрудничество\n\n{NA_SECOND}"


def test_news_asia_nbsp_and_soft_hyphens_are_cleaned() -> None:
    html = news_asia_page(
        news_view(f"<p>&nbsp;</p><p>Пре\xadзидент&nbsp;Кыр&shy;гызстана {NA_FIRST}</p>"),
        title="Пре\xadзидент\xa0Кыргызстана - News-Asia",
        after_article="",
    ).replace(f"<h1>{NA_TITLE}</h1>", "<h1>Пре&shy;зидент&nbsp;Кыргызстана</h1>")
    article = na_extract(html, force="site")
    assert article.title == "Президент Кыргызстана"
    assert article.body == f"Президент Кыргызстана {NA_FIRST}"


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("", None),  # no charset anywhere: windows-1251 is the outlet's encoding
        ("", "utf-8"),  # a wrong transport hint
        ('<meta charset="utf-8">', "utf-8"),  # a page that lies about itself
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "utf-8"),
    ],
)
def test_news_asia_windows_1251_bytes_decode_whatever_the_hints(head, encoding) -> None:
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p><p>{NA_SECOND}</p>"), head=head)
    article = na_extract(html.encode("cp1251"), force="site", encoding=encoding)
    assert article.title == NA_TITLE
    assert article.body == TWO_PARAGRAPHS


@pytest.mark.parametrize(
    ("article_block", "published"),
    [
        pytest.param(  # 2013 page text: the date line above the title
            '<div class="news-view"><div class="date">05 марта 2013 11:46</div>'
            f'<h1>{NA_TITLE}</h1><div class="content"><p>{NA_FIRST}</p></div></div>',
            datetime(2013, 3, 5, 11, 46, tzinfo=BISHKEK),
            id="above-title",
        ),
        pytest.param(
            f'<div class="news-view"><h1>{NA_TITLE}</h1><span class="date">14 июня 2011 г. '
            f'09:05</span><div class="content"><p>{NA_FIRST}</p></div></div>',
            datetime(2011, 6, 14, 9, 5, tzinfo=BISHKEK),
            id="between-title-and-text",
        ),
        pytest.param(
            f'<div class="news-view"><h1>{NA_TITLE}</h1><div class="content"><p>{NA_FIRST}</p>'
            '</div><div class="date">10 января 2010 17:20</div></div>',
            datetime(2010, 1, 10, 17, 20, tzinfo=BISHKEK),
            id="after-text-in-block",
        ),
        pytest.param(
            f'<div class="news-view"><h1>{NA_TITLE}</h1><div class="content"><p>{NA_FIRST}</p>'
            "<p>Вчера 21:40 Комментарии [2]</p></div></div>",
            datetime(2025, 7, 1, 21, 40, tzinfo=BISHKEK),
            id="counter-inside-text-element",
        ),
        pytest.param(
            f'<div class="news-view"><h1>{NA_TITLE}</h1><div class="content">'
            f"<p>05 марта 2013 11:46</p><p>{NA_FIRST}</p></div></div>",
            datetime(2013, 3, 5, 11, 46, tzinfo=BISHKEK),
            id="first-paragraph",
        ),
        pytest.param(
            f'<div class="news-view"><h1>{NA_TITLE}</h1><div class="content"><p>{NA_FIRST}</p>'
            f"</div></div>{NA_COUNTER}",
            datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK),
            id="counter-after-block",
        ),
    ],
)
def test_news_asia_date_line_wherever_it_stands_around_the_text(article_block, published) -> None:
    article = na_extract(news_asia_page(article_block), force="site")
    assert article.published == published
    assert article.body == NA_FIRST
    assert article.title == NA_TITLE


@pytest.mark.parametrize(
    "article_block",
    [
        pytest.param(news_view(f"<p>{NA_FIRST}</p>", after=""), id="list-after-block"),
        pytest.param(
            news_view(f"<p>{NA_FIRST}</p>", after=NA_OLDER_NEWS), id="list-inside-the-block"
        ),
        pytest.param(
            news_view(f"<p>{NA_FIRST}</p>{NA_OLDER_NEWS}", after=""), id="list-inside-the-text"
        ),
    ],
)
def test_news_asia_never_dates_by_the_header_or_the_older_news(article_block: str) -> None:
    article = na_extract(news_asia_page(article_block), force="site")
    assert article.published is None
    assert article.body == NA_FIRST


@pytest.mark.parametrize(
    ("header_day", "date_line", "published"),
    [
        ("среда, 02 июля 2025", "Сегодня 05:30", datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)),
        ("среда, 02 июля 2025", "Вчера 23:55", datetime(2025, 7, 1, 23, 55, tzinfo=BISHKEK)),
        ("пятница, 01 марта 2024", "Вчера, 14:05", datetime(2024, 2, 29, 14, 5, tzinfo=BISHKEK)),
        ("четверг, 01 января 2015", "Вчера в 09:00", datetime(2014, 12, 31, 9, tzinfo=BISHKEK)),
    ],
)
def test_news_asia_relative_date_lines_count_from_the_pages_own_day(
    header_day, date_line, published
) -> None:
    header = NA_HEADER.replace("среда, 02 июля 2025", header_day)
    counter = NA_COUNTER.replace("Сегодня 05:30", date_line)
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p>", after=counter), header=header)
    assert na_extract(html, force="site").published == published


def test_news_asia_machine_date_with_an_offset_wins() -> None:
    head = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-07-02T02:30:00+03:00"}</script>'
    )
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p>"), head=head)
    assert na_extract(html, force="site").published == datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)


@pytest.mark.parametrize(
    "widgets",
    [
        pytest.param(NA_POLL, id="poll"),
        pytest.param(NA_OLDER_NEWS + NA_PAGER, id="older-news"),
        pytest.param(NA_REVIEWS, id="reviews"),
        pytest.param(
            "<p>Наш опрос</p><p>все опросы</p><p>35%</p><p>Всего голосов: 7786</p><p>Обзоры</p>",
            id="widget-texts-as-paragraphs",
        ),
        pytest.param(NA_COUNTER, id="date-line-and-counter"),
    ],
)
def test_news_asia_widgets_inside_the_text_element_are_left_out(widgets: str) -> None:
    html = news_asia_page(
        news_view(f"<p>{NA_FIRST}</p>{widgets}<p>{NA_SECOND}</p>", after=""), after_article=""
    )
    article = na_extract(html, force="site")
    assert article.body == TWO_PARAGRAPHS
    assert_no_boilerplate(article)


def test_news_asia_whole_page_in_one_flat_container() -> None:
    html = (
        news_asia_page(
            f"<h1>{NA_TITLE} <span>Новость дня</span></h1><div class='content'><p>{NA_FIRST}</p>"
            f"<p>{NA_SECOND}<br>Фото: пресс-служба Президента КР</p></div>{NA_COUNTER}",
        )
        .replace('<div id="main"><div id="leftcol">', "")
        .replace('</div><div id="rightcol">', "")
    )
    article = na_extract(html, force="site")
    assert article.title == NA_TITLE
    assert article.body == TWO_PARAGRAPHS
    assert article.published == datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)
    assert_no_boilerplate(article)


def test_news_asia_rubric_heading_is_not_the_title() -> None:
    html = news_asia_page(
        '<h1 class="rubric">EXPO 2017<a class="rss" href="/rss/all">RSS</a></h1>'
        + news_view(f"<p>{NA_FIRST}</p>", before=f'<h2 class="title">{NA_TITLE}</h2>'),
        title="News-Asia",
    )
    assert na_extract(html, force="site").title == NA_TITLE


def test_news_asia_title_from_the_page_title_when_no_heading_precedes_the_text() -> None:
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p>", before="") + "<h1>Фоторепортажи</h1>")
    assert na_extract(html, force="site").title == NA_TITLE


CREDITED_PICTURE = "https://www.news-asia.ru/upload/news/1.jpg"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            f'<p><img src="/upload/news/1.jpg"></p><p>Фото: пресс-служба</p><p>{NA_FIRST}</p>'
            f"<p>{NA_SECOND}</p>",
            id="own-paragraph-first",
        ),
        pytest.param(
            f'<p><img src="/upload/news/1.jpg"><br>Фото пресс-служба</p><p>{NA_FIRST}</p>'
            f"<p>{NA_SECOND}</p>",
            id="line-after-the-picture",
        ),
        pytest.param(
            f'<p>{NA_FIRST}</p><p><img src="/upload/news/1.jpg"></p><p><em>Фото: пресс-служба'
            f"</em></p><p>{NA_SECOND}</p>",
            id="emphasised-in-the-middle",
        ),
        pytest.param(
            f'<p><img src="/upload/news/1.jpg" alt=""></p><p>{NA_FIRST}</p><p>{NA_SECOND}<br />'
            "Фото — пресс-служба</p>",
            id="last-line",
        ),
        pytest.param(
            f'<img src="/upload/news/1.jpg">{NA_FIRST}<br><br>{NA_SECOND}<br><br>'
            "Фото: пресс-служба",
            id="bare-text",
        ),
    ],
)
def test_news_asia_photo_credits_go_to_the_picture_wherever_they_stand(content: str) -> None:
    article = na_extract(news_asia_page(news_view(content)), force="site")
    assert article.body == TWO_PARAGRAPHS
    assert [(image.url, image.credit) for image in article.images] == [
        (CREDITED_PICTURE, "пресс-служба")
    ]


def test_news_asia_embedded_video_and_scripts_leave_no_text() -> None:
    content = (
        f"<p>{NA_FIRST}</p><p><iframe src='https://www.youtube.com/embed/x'>Видео</iframe></p>"
        "<script>document.write('Реклама');</script><object><embed src='x.swf'></object>"
        f"<noscript>Включите JavaScript</noscript><p>{NA_SECOND}</p>"
    )
    article = na_extract(news_asia_page(news_view(content)), force="site")
    assert article.body == TWO_PARAGRAPHS


def test_news_asia_quotes_stay_in_the_text() -> None:
    content = f"<p>{NA_FIRST}</p><blockquote><p>{NA_QUOTE}</p></blockquote><p>{NA_SECOND}</p>"
    article = na_extract(news_asia_page(news_view(content)), force="site")
    assert article.body == f"{NA_FIRST}\n\n{NA_QUOTE}\n\n{NA_SECOND}"


def test_news_asia_one_paragraph_article() -> None:
    article = na_extract(news_asia_page(news_view(f"<p>{NA_FIRST}</p>")), force="site")
    assert article.body == NA_FIRST
    assert article.published == datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)
