"""News-Asia and 24.kg on plausible real pages the golden pages don't show.

Each page here is the documented template (NOTES.md §1, §4; the golden pages' markup) with one
thing varied: where the date line stands, how the text is wrapped, where credits, embeds and
widgets sit, how the page is encoded. Texts are real (the seed pages), shortened.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from extractors import UnrecognisedLayout, extract
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


@pytest.mark.parametrize("menu_items", [0, 40, 200])
def test_news_asia_finds_the_header_day_after_any_number_of_menu_lines(menu_items: int) -> None:
    # The header's date is read from the page's start; a long menu before it (more text
    # nodes than the first looks read) leaves it to the look at the whole text.
    menu = "".join(f'<a href="/r/{n}">Рубрика {n}</a>' for n in range(menu_items))
    header = menu + NA_HEADER.replace("среда, 02 июля 2025", "пятница, 01 марта 2024")
    counter = NA_COUNTER.replace("Сегодня 05:30", "Вчера, 14:05")
    html = news_asia_page(news_view(f"<p>{NA_FIRST}</p>", after=counter), header=header)
    published = datetime(2024, 2, 29, 14, 5, tzinfo=BISHKEK)
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


@pytest.mark.parametrize(
    ("opening", "kept"),
    [
        # a pointer line opening a wrapper around the whole text: the pointer goes, not the text
        ('<p>Читайте также: <a href="/view/1/35">Жапаров провел встречу с Токаевым</a></p>', ""),
        ("<p>Читайте также</p><p><a href='/view/1/35'>Жапаров провел встречу</a></p>", ""),
        # a subheading that starts like a widget's title is the story's
        ("<p>Комментарии экспертов</p>", "Комментарии экспертов"),
        ("<h3>Обзоры рынка</h3>", "Обзоры рынка"),
    ],
    ids=["read-also-line", "read-also-heading", "comments-subheading", "reviews-subheading"],
)
def test_news_asia_a_wrapper_of_the_text_opening_like_a_widget_is_read(
    opening: str, kept: str
) -> None:
    content = f"<div>{opening}<p>{NA_FIRST}</p><p>{NA_SECOND}</p></div>"
    article = na_extract(news_asia_page(news_view(content)), force="site")
    assert article.body == (f"{kept}\n\n{TWO_PARAGRAPHS}" if kept else TWO_PARAGRAPHS)


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


# -- 24.kg --------------------------------------------------------------------------------------

# Real paragraphs of seed 003 and shared/outlets/pages/24kg/01.txt (24.kg).
KG_FIRST = (
    "В Бишкеке в «Ынтымак Ордо» завершились переговоры президента Кыргызстана Садыра Жапарова "
    "и лидера России Владимира Путина."
)
KG_SECOND = (
    "По итогам встречи глава КР сделал заявление, в котором отметил, что стороны рассмотрели "
    "широкий комплекс вопросов и дали позитивную оценку двустороннему взаимодействию "
    "практически на всех уровнях."
)
KG_QUOTE = (
    "«Держит связь с руководством кабинета министров и других государственных органов», — "
    "сообщает пресс-служба."
)
KG_TITLE = "Переговоры Жапарова и Путина: товарооборот, инвестиции и подписание документов"
KG_LONG = "https://24.kg/vlast/352364_peregovoryi_japarova_iputina/"
KG_TEXT = f"{KG_FIRST}\n\n{KG_SECOND}"
KG_RELATED_BOX = (
    '<div class="poTeme"><div class="title">Читайте по теме</div><div class="one">'
    '<a href="https://24.kg/vlast/248515_davlenie_nasmi/">Давление на СМИ, хиджабы, жены '
    "олигархов. Что еще волнует депутатов</a></div></div>"
)
KG_BOILERPLATE = (
    "Читайте",
    "Давление на СМИ",
    "Ссылка",
    "просмотров",
    "Версия для печати",
    "Материалы по теме",
    "Популярные новости",
    "USD",
    "Бишкекское время",
    "ВКонтакте",
    "Фото",
    "24.kg",
    "Бишкек -",
)


def kg_byline(place: str = "Бишкек", when: str = "14:40, 26 ноября 2025", authors: str = "") -> str:
    names = "".join(
        f', <span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        f'<span itemprop="name" class="text-nowrap">{name}</span></span>'
        for name in authors.split(",")
        if name
    )
    return (
        f'<span itemprop="datePublished" content="2025-11-26">{when}</span>, {place} - '
        '<span itemprop="publisher" itemscope itemtype="http://schema.org/Organization">'
        f'<span itemprop="name">24.kg</span></span>{names}'
    )


def kg24_page(
    text: str,
    *,
    byline: str = kg_byline(authors="Руслан ХАРИЗОВ"),
    mobile_first: bool = False,
    microdata: bool = True,
    section: str = "Власть",
    head: str = "",
) -> str:
    """The golden pages' 2021 template: header, the article's microdata block with the date
    line twice (desktop and mobile), the text element, the link line, related and popular."""
    desktop = f'<div class="col-xs-8 text-right newsDate hidden-xs">{byline}</div>'
    mobile = f'<div class="col-xs-12 newsDate hidden-sm hidden-md hidden-lg">{byline}</div>'
    first, second = (mobile, desktop) if mobile_first else (desktop, mobile)
    article = (
        f'<div itemscope itemtype="http://schema.org/NewsArticle" itemid="{KG_LONG}">'
        if microdata
        else "<div>"
    )
    body_prop = ' itemprop="articleBody"' if microdata else ""
    return (
        f'<html lang="ru-RU"><head><meta charset="UTF-8"><title>{KG_TITLE} » Власть » '
        f"www.24.kg - КЫРГЫЗСТАН</title>{head}</head><body><header>"
        '<img src="/img/logo.png" alt="www.24.kg - КЫРГЫЗСТАН"><div class="weather">'
        '<span>Бишкекское время</span> <span class="clock">04:46</span></div>'
        '<div id="currencies"><span><b>USD</b> 87.45</span></div></header>'
        f'<div class="container"><div class="row" id="content-wrapper"><div class="col-sm-8">'
        f'{article}<div class="row"><div class="col-xs-4 newsCat" itemprop="articleSection">'
        f'<a href="https://24.kg/vlast/">{section}</a></div>{first}</div>'
        f'<h1 class="newsTitle" itemprop="name">{KG_TITLE}</h1><div class="row">{second}</div>'
        '<noindex><div class="social social-links"><a>ВКонтакте</a></div></noindex>'
        f'<div class="cont"{body_prop}>{text}</div>'
        '<div class="row mgb30 hidden-print"><div class="newsLink">Ссылка: <span '
        'id="article-link">https://24.kg/vlast/352364/</span><br>просмотров: 410</div>'
        '<div class="newsPrintLink">Версия для печати</div></div></div>'
        '<div class="row lineNews"><div class="lineTitle">Материалы по теме</div>'
        '<div class="one"><div class="title"><a><span>Учителя школы Каракола</span></a></div>'
        '</div></div></div></div></div><div class="hidden-print"><div class="lineTitle">'
        'Популярные новости</div><div class="blockNews"><a class="title"><span>Популярное'
        "</span></a></div></div></body></html>"
    )


def kg_extract(html: str, url: str = KG_LONG, **kwargs):
    return extract(html.encode("utf-8"), url, **kwargs)


@pytest.mark.parametrize("mobile_first", [False, True])
@pytest.mark.parametrize("microdata", [True, False])
def test_24kg_date_line_once_or_twice_with_or_without_microdata(mobile_first, microdata) -> None:
    html = kg24_page(
        f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p>", mobile_first=mobile_first, microdata=microdata
    )
    article = kg_extract(html, force="site")
    assert article.published == datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)
    assert article.authors == ["Руслан ХАРИЗОВ"]
    assert article.title == KG_TITLE
    assert article.section == "Власть"
    assert article.body == KG_TEXT
    assert_no_boilerplate(article, KG_BOILERPLATE)


@pytest.mark.parametrize(
    ("machine_date", "published"),
    [
        ('content="2025-11-26"', datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)),
        ('content="2025-11-26\\"', datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)),
        ('content="2025-11-26T14:40:00+06:00"', datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)),
    ],
)
def test_24kg_microdata_date_with_or_without_backslash_or_time(machine_date, published) -> None:
    html = kg24_page(f"<p>{KG_FIRST}</p>").replace('content="2025-11-26"', machine_date)
    assert kg_extract(html, force="site").published == published


def test_24kg_microdata_day_alone_stays_a_date() -> None:
    html = kg24_page(
        f"<p>{KG_FIRST}</p>", byline='<meta itemprop="datePublished" content="2025-11-26">'
    )
    assert kg_extract(html, force="site").published == date(2025, 11, 26)


@pytest.mark.parametrize(
    ("when", "place", "url"),
    [
        ("14:40, 26 November 2025", "Bishkek", "https://24.kg/english/352364_talks/"),
        ("14:40, 26-ноябрь 2025", "Бишкек", "https://24.kg/kyrgyzcha/352364_suylosh/"),
        ("14:40, 26 ноябрь 2025", "Бишкек", "https://24-kg.com/kyrgyzcha/352364_suylosh/"),
        ("14:40, 26 ноября 2025", "Ош", KG_LONG),
    ],
)
def test_24kg_date_line_in_english_kyrgyz_or_from_another_town(when, place, url) -> None:
    byline = kg_byline(place, when, authors="Руслан ХАРИЗОВ")
    for html in (
        kg24_page(f"<p>{KG_FIRST}</p>", byline=byline),
        kg24_page(f"<p>{KG_FIRST}</p>", byline=byline, microdata=False),
    ):
        article = kg_extract(html, url, force="site")
        assert article.published == datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)
        assert article.authors == ["Руслан ХАРИЗОВ"]


@pytest.mark.parametrize(
    ("url", "language"),
    [
        ("https://24.kg/english/352364_talks/", "en"),
        ("https://24-kg.com/kyrgyzcha/352364_suylosh/", "ky"),
        ("https://24-kg.com/obschestvo/352364_peregovoryi/", "ru"),
    ],
)
def test_24kg_language_follows_the_section_of_the_address(url, language) -> None:
    article = kg_extract(kg24_page(f"<p>{KG_FIRST}</p>"), url, force="site")
    assert article.language == language
    assert article.canonical_url == KG_LONG


@pytest.mark.parametrize("microdata", [True, False])
def test_24kg_several_authors(microdata: bool) -> None:
    byline = kg_byline(authors="Руслан ХАРИЗОВ,Анна ИВАНОВА,Жазгуль МАСАЛИЕВА")
    html = kg24_page(f"<p>{KG_FIRST}</p>", byline=byline, microdata=microdata)
    if not microdata:  # the byline's plain text form
        html = html.replace('itemprop="author" ', "").replace('itemprop="name" ', "")
    assert kg_extract(html, force="site").authors == [
        "Руслан ХАРИЗОВ",
        "Анна ИВАНОВА",
        "Жазгуль МАСАЛИЕВА",
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{KG_RELATED_BOX}<p>{KG_FIRST}</p><p>{KG_SECOND}</p>", id="box-first"),
        pytest.param(f"<p>{KG_FIRST}</p>{KG_RELATED_BOX}<p>{KG_SECOND}</p>", id="box-middle"),
        pytest.param(f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p>{KG_RELATED_BOX}", id="box-last"),
        pytest.param(
            f"<p>{KG_FIRST}</p><p><strong>Читайте по теме:</strong> <a href='/a/'>Давление на "
            f"СМИ</a></p><p>{KG_SECOND}</p>",
            id="inline-label",
        ),
        pytest.param(
            f"<p>{KG_FIRST}</p><p><b>Читайте также</b></p><p><a href='/a/'>Давление на СМИ</a>"
            f"</p><ul><li><a href='/b/'>Давление на СМИ, 2</a></li></ul><p>{KG_SECOND}</p>",
            id="label-then-link-paragraphs",
        ),
        pytest.param(
            f"<p>{KG_FIRST}</p><p>Также читайте: <a href='/a/'>Давление на СМИ</a></p>"
            f"<p>{KG_SECOND}</p><p>Смотрите также: <a href='/b/'>Давление на СМИ</a></p>",
            id="other-wordings",
        ),
        pytest.param(
            f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p><h3>Материалы по теме</h3><ul><li><a>Давление "
            "на СМИ</a></li></ul>",
            id="related-list-inside-the-text",
        ),
    ],
)
def test_24kg_related_links_never_reach_the_text(text: str) -> None:
    article = kg_extract(kg24_page(text), force="site")
    assert article.body == KG_TEXT
    assert_no_boilerplate(article, KG_BOILERPLATE)


def test_24kg_a_linked_sentence_without_a_label_is_text() -> None:
    linked = "<a href='https://24.kg/files/doc.pdf'>Полный текст заявления президента КР</a>"
    article = kg_extract(kg24_page(f"<p>{KG_FIRST}</p><p>{linked}</p>"), force="site")
    assert article.body == f"{KG_FIRST}\n\nПолный текст заявления президента КР"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            f"<p>&nbsp;</p><p>{KG_FIRST}</p><p>&nbsp;</p><p> </p><p>{KG_SECOND}</p>",
            id="nbsp-paragraphs",
        ),
        pytest.param(f"<p>{KG_FIRST}</p><div>{KG_SECOND}</div>", id="div-paragraph"),
        pytest.param(f"<p>{KG_FIRST}</p>{KG_SECOND}", id="bare-text-after"),
        pytest.param(f"{KG_FIRST}<br><br>{KG_SECOND}", id="bare-text-only"),
        pytest.param(
            f"<p>{KG_FIRST}</p><p><iframe src='https://www.youtube.com/embed/x'></iframe></p>"
            f"<p>{KG_SECOND}</p>",
            id="video",
        ),
    ],
)
def test_24kg_text_in_any_wrapping(text: str) -> None:
    assert kg_extract(kg24_page(text), force="site").body == KG_TEXT


@pytest.mark.parametrize(
    "embed",
    [
        '<blockquote class="twitter-tweet"><p lang="ru">Переговоры завершились</p>&mdash; '
        'Someone (@x) <a href="https://twitter.com/x/status/1">November 26, 2025</a>'
        '</blockquote><script async src="https://platform.twitter.com/widgets.js"></script>',
        '<script async src="https://telegram.org/js/telegram-widget.js?22" '
        'data-telegram-post="news24kg/1"></script>',
        '<blockquote class="telegram-post" data-telegram-post="news24kg/1"><p>Переговоры '
        "завершились</p></blockquote>",
        '<blockquote class="instagram-media" data-instgrm-permalink="x"><div><a>View this post '
        "on Instagram</a></div></blockquote>",
    ],
)
def test_24kg_embedded_posts_leave_no_text(embed: str) -> None:
    html = kg24_page(f"<p>{KG_FIRST}</p>{embed}<p>{KG_SECOND}</p>")
    assert kg_extract(html, force="site").body == KG_TEXT


def test_24kg_quotes_stay_in_the_text() -> None:
    html = kg24_page(f"<p>{KG_FIRST}</p><blockquote><p>{KG_QUOTE}</p></blockquote>")
    assert kg_extract(html, force="site").body == f"{KG_FIRST}\n\n{KG_QUOTE}"


PICTURE = "https://24.kg/files/media/352/352364.jpg"


@pytest.mark.parametrize(
    ("picture", "caption", "credit"),
    [
        pytest.param(
            '<figure><img src="/files/media/352/352364.jpg"><figcaption>Садыр Жапаров и '
            "Владимир Путин</figcaption></figure>",
            "Садыр Жапаров и Владимир Путин",
            None,
            id="figure",
        ),
        pytest.param(
            '<p><img src="/files/media/352/352364.jpg"><br>Садыр Жапаров и Владимир Путин</p>',
            "Садыр Жапаров и Владимир Путин",
            None,
            id="line-beside-the-picture",
        ),
        pytest.param(
            '<p><img src="/files/media/352/352364.jpg"></p><p><em>Садыр Жапаров и Владимир '
            "Путин</em></p>",
            "Садыр Жапаров и Владимир Путин",
            None,
            id="italic-line-under-the-picture",
        ),
        pytest.param(
            '<p><img src="/files/media/352/352364.jpg" alt="Садыр Жапаров и Владимир Путин">'
            "</p><p>Фото пресс-службы президента</p>",
            "Садыр Жапаров и Владимир Путин",
            "пресс-службы президента",
            id="alt-and-credit",
        ),
    ],
)
def test_24kg_captions_and_credits_go_to_the_picture(picture, caption, credit) -> None:
    article = kg_extract(kg24_page(f"{picture}<p>{KG_FIRST}</p><p>{KG_SECOND}</p>"))
    assert article.body == KG_TEXT
    assert [(i.url, i.caption, i.credit) for i in article.images] == [(PICTURE, caption, credit)]


def test_24kg_very_long_article_is_read_to_its_end() -> None:
    paragraphs = [f"{number}. {KG_SECOND}" for number in range(1, 601)]
    html = kg24_page("".join(f"<p>{p}</p>" for p in paragraphs))
    article = kg_extract(html, force="site")
    assert article.body == "\n\n".join(paragraphs)


# An AMP copy: its markup is unknown (NOTES §4(b) gives only its text: the byline line, then the
# paragraphs); this is the usual AMP frame around that text.
AMP_URL = "https://24.kg/vlast/219934_prezident_sadyir_japarov_vzyal_kratkosrochnyiy_otpusk/amp"
AMP_TITLE = "Президент Садыр Жапаров взял краткосрочный отпуск"
AMP_PARAGRAPHS = [
    "Садыр Жапаров взял краткосрочный отпуск. Об этом сообщила пресс-служба главы государства.",
    "Отмечается, что он продолжает получать полную информацию о ситуации в стране и регионе.",
    KG_QUOTE,
]


def amp_page(article: str, *, ld: str = "", root: str = "<html amp lang='ru'>") -> str:
    return (
        f"<!doctype html>{root}<head><meta charset='utf-8'>"
        "<script async src='https://cdn.ampproject.org/v0.js'></script>"
        f"<title>{AMP_TITLE} » Власть » www.24.kg - КЫРГЫЗСТАН</title>"
        f"<link rel='canonical' href='{AMP_URL.removesuffix('amp')}'>{ld}</head><body>"
        "<header><amp-img src='/img/logo.png' alt='www.24.kg - КЫРГЫЗСТАН' width='200' "
        "height='40'></amp-img><div>USD 87.45</div></header>"
        f"{article}<footer>© 24.kg</footer></body></html>"
    )


AMP_BYLINE = "11:35, 10 января 2022, Бишкек - 24.kg , Жазгуль МАСАЛИЕВА"
AMP_TEXT = "".join(f"<p>{p}</p>" for p in AMP_PARAGRAPHS)


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            f"<article><h1>{AMP_TITLE}</h1><div class='date'>{AMP_BYLINE}</div>"
            f"<div class='text'>{AMP_TEXT}</div><div class='related'><div>Материалы по теме"
            "</div><a href='/x/'>Давление на СМИ</a></div></article>",
            id="article-element",
        ),
        pytest.param(
            f"<h1>{AMP_TITLE}</h1><p>{AMP_BYLINE}</p>{AMP_TEXT}"
            "<p>Ссылка: https://24.kg/vlast/219934/</p>",
            id="flat",
        ),
        pytest.param(
            f"<h1>{AMP_TITLE}</h1><div><span>11:35, 10 января 2022</span>, Бишкек - "
            f"<span>24.kg</span> , <span>Жазгуль МАСАЛИЕВА</span></div><main>{AMP_TEXT}"
            "<amp-social-share type='telegram'></amp-social-share></main>",
            id="byline-in-spans",
        ),
    ],
)
def test_24kg_amp_page_read_from_its_byline(article: str) -> None:
    result = kg_extract(amp_page(article), AMP_URL)
    assert result.extractor == "site:24kg/amp@1"
    assert result.title == AMP_TITLE
    assert result.body == "\n\n".join(AMP_PARAGRAPHS)
    assert result.published == datetime(2022, 1, 10, 11, 35, tzinfo=BISHKEK)
    assert result.authors == ["Жазгуль МАСАЛИЕВА"]
    assert result.canonical_url == AMP_URL.removesuffix("amp")
    assert result.images == []  # the logo is the site's, not the story's
    assert_no_boilerplate(result, (*KG_BOILERPLATE, "11:35"))


def test_24kg_amp_page_machine_data_wins_and_gives_the_picture() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "http://schema.org", "@type": '
        f'"NewsArticle", "headline": "{AMP_TITLE}", "datePublished": '
        '"2022-01-10T11:35:00+06:00", "image": ["https://24.kg/files/media/219/219934.jpg"]}'
        "</script>"
    )
    html = amp_page(f"<div>{AMP_BYLINE}</div>{AMP_TEXT}", ld=ld, root="<html ⚡ lang='ru'>")
    result = kg_extract(html, AMP_URL)
    assert result.extractor == "site:24kg/amp@1"
    assert result.published == datetime(2022, 1, 10, 11, 35, tzinfo=BISHKEK)
    assert [image.url for image in result.images] == ["https://24.kg/files/media/219/219934.jpg"]


def test_24kg_amp_page_without_the_byline_falls_back_and_says_why() -> None:
    html = amp_page(f"<h1>{AMP_TITLE}</h1><div>{AMP_TEXT}</div>")
    result = kg_extract(html, AMP_URL)
    assert result.extractor.startswith("trafilatura")
    assert result.fallback_reason == (
        "24kg: unrecognised layout (24kg: an AMP page without the byline line)"
    )
    assert result.title == AMP_TITLE
    assert result.body == "\n\n".join(AMP_PARAGRAPHS)


def test_news_asia_title_inside_the_text_element_is_not_text() -> None:
    content = f"<h1>{NA_TITLE} <span>Новость дня</span></h1><p>{NA_FIRST}</p><p>{NA_SECOND}</p>"
    article = na_extract(news_asia_page(news_view(content, before="")), force="site")
    assert article.title == NA_TITLE
    assert article.body == TWO_PARAGRAPHS


def test_news_asia_icons_above_the_text_are_not_pictures() -> None:
    before = (
        f'<h1>{NA_TITLE}</h1><a href="/rss/all"><img src="/i/rss_icon.png"></a>'
        '<div class="photo"><img src="/upload/news/1.jpg"></div>'
    )
    article = na_extract(news_asia_page(news_view(f"<p>{NA_FIRST}</p>", before=before)))
    assert [image.url for image in article.images] == [CREDITED_PICTURE]


def test_24kg_credit_as_the_last_line_of_a_paragraph() -> None:
    html = kg24_page(
        f'<p><img src="/files/media/352/352364.jpg" alt=""></p><p>{KG_FIRST}</p>'
        f"<p>{KG_SECOND}<br>Фото: пресс-служба президента</p>"
    )
    article = kg_extract(html, force="site")
    assert article.body == KG_TEXT
    assert [(i.url, i.credit) for i in article.images] == [(PICTURE, "пресс-служба президента")]


def test_24kg_related_box_in_another_element_and_a_tight_byline() -> None:
    box = (
        '<aside class="poTeme"><div class="title">Читайте по теме</div><div class="one">'
        '<a href="https://24.kg/vlast/248515_davlenie_nasmi/">Давление на СМИ</a></div></aside>'
    )
    byline = kg_byline(authors="Руслан ХАРИЗОВ").replace("Бишкек - ", "Бишкек- ")
    html = kg24_page(f"<p>{KG_FIRST}</p>{box}<p>{KG_SECOND}</p>", byline=byline)
    article = kg_extract(html, force="site", url=KG_LONG)
    assert article.body == KG_TEXT
    assert article.published == datetime(2025, 11, 26, 14, 40, tzinfo=BISHKEK)


def test_news_asia_div_content_around_the_whole_page_is_not_its_layout() -> None:
    page = news_asia_page(f"<h1>{NA_TITLE}</h1><p>{NA_FIRST}</p>{NA_COUNTER}")
    html = page.replace("<body>", '<body><div class="content">').replace("</body>", "</div></body>")
    with pytest.raises(UnrecognisedLayout):
        na_extract(html, force="site")
    assert na_extract(html).fallback_reason.startswith("news-asia: unrecognised layout")


def test_news_asia_caption_and_credit_in_the_pictures_own_box() -> None:
    before = (
        f'<h1>{NA_TITLE}</h1><div class="photo"><a href="/upload/news/1.jpg"><img '
        'src="/upload/news/1.jpg"></a><div class="sign">Садыр Жапаров в Москве</div>'
        "<div>Фото: пресс-служба</div></div>"
    )
    article = na_extract(news_asia_page(news_view(f"<p>{NA_FIRST}</p>", before=before)))
    assert article.body == NA_FIRST
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (CREDITED_PICTURE, "Садыр Жапаров в Москве", "пресс-служба")
    ]


def test_news_asia_site_name_before_the_page_title() -> None:
    html = news_asia_page(
        news_view(f"<p>{NA_FIRST}</p>", before=""), title=f"News-Asia :: {NA_TITLE}"
    )
    assert na_extract(html, force="site").title == NA_TITLE


KG_TAG_LINE = (
    'Теги: <a href="https://24.kg/tags/energetika/">энергетика</a>, '
    '<a href="https://24.kg/tags/jogorku_kenesh/">Жогорку Кенеш</a>'
)
KG_AFTER_TEXT = '<div class="row mgb30 hidden-print">'  # the box right after the text element


@pytest.mark.parametrize(
    ("where", "box"),
    [
        pytest.param(
            "after", f'<div class="tagsLine hidden-print">{KG_TAG_LINE}</div>', id="after"
        ),
        pytest.param(
            "after", f'<div class="hidden-print">{KG_TAG_LINE}</div>', id="after-by-words"
        ),
        pytest.param(
            "after",
            '<ul class="post-tags"><li><a href="/t/1/">энергетика</a></li>'
            '<li><a href="/t/2/">Жогорку Кенеш</a></li></ul>',
            id="after-by-class",
        ),
        pytest.param("inside", f'<div class="hidden-print">{KG_TAG_LINE}</div>', id="dropped-box"),
        pytest.param("inside", f"<p>{KG_TAG_LINE}</p>", id="inside-as-a-paragraph"),
    ],
)
def test_24kg_tag_line_read_wherever_the_box_stands(where: str, box: str) -> None:
    """A tag line is read for the tags whether it stands in the text, in a box the layout drops
    (.hidden-print) or in a box right after the text element; it never reaches the body."""
    if where == "inside":
        html = kg24_page(f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p>{box}")
    else:
        html = kg24_page(f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p>")
        html = html.replace(KG_AFTER_TEXT, box + KG_AFTER_TEXT, 1)
    article = kg_extract(html, force="site")
    assert article.tags == ["энергетика", "Жогорку Кенеш"]
    assert article.body == KG_TEXT


def test_24kg_links_after_the_text_that_are_no_tag_line_give_no_tags() -> None:
    related = (
        '<div class="hidden-print">Читайте также: <a href="/vlast/1_a/">Давление на СМИ</a></div>'
    )
    html = kg24_page(f"<p>{KG_FIRST}</p><p>{KG_SECOND}</p>")
    article = kg_extract(html.replace(KG_AFTER_TEXT, related + KG_AFTER_TEXT, 1), force="site")
    assert article.tags == []


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("javascript:alert(1)", []),
        ("data:image/gif;base64,R0lGODlhAQABAAAAACw=", []),
        ("mailto:news@24.kg", []),
        ("/files/media/352/352364.jpg", ["https://24.kg/files/media/352/352364.jpg"]),
        ("//24.kg/files/media/352/352364.jpg", ["https://24.kg/files/media/352/352364.jpg"]),
    ],
)
def test_24kg_only_web_addresses_are_kept_as_pictures(address: str, kept: list[str]) -> None:
    """The lead picture (here og:image, the page having no other) and the pictures in the
    text are kept only at an http(s) address resolved against the page's."""
    head = f'<meta property="og:image" content="{address}">'
    text = f'<p>{KG_FIRST}</p><p><img src="{address}"></p><p>{KG_SECOND}</p>'
    article = kg_extract(kg24_page(text, microdata=False, head=head), force="site")
    assert [image.url for image in article.images] == kept
    assert article.body == KG_TEXT


def test_news_asia_empty_text_element_is_an_implausible_article_not_a_crash() -> None:
    # No date line after the (empty) text: the date line before it is looked for, and an
    # empty text is nothing to look before (it used to raise "empty separator").
    page = news_asia_page(news_view("", after=""), after_article="")
    with pytest.raises(UnrecognisedLayout, match="implausible article"):
        na_extract(page, force="site")


@pytest.mark.parametrize(
    "page",
    [
        '<div class="cont" itemprop="articleBody"><p>Текст</p></div>',
        '<div itemscope itemtype="https://schema.org/NewsArticle"><section itemprop="articleBody">'
        "<p>Текст</p></section></div>",
        '<h1 class="newsTitle">Заголовок</h1><div class="cont"><p>Текст</p></div>',
        '<div><h1 class="newsTitle">Заголовок</h1></div><div class="cont"><p>Текст</p></div>',
    ],
)
def test_24kg_layout_matches_any_of_its_text_selectors_whichever_is_asked_first(page) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from extractors.outlets.kg24 import Yii2021, _cheapest_first

    assert Yii2021.matches(LexborHTMLParser(f"<html><body>{page}</body></html>"))
    assert not Yii2021.matches(LexborHTMLParser('<html><body><div class="x">Текст</div></body>'))
    order = _cheapest_first(Yii2021.body_selectors)
    assert sorted(order) == sorted(Yii2021.body_selectors)
    assert order[0] == "h1.newsTitle ~ div.cont" and ":has(" in order[-1]
