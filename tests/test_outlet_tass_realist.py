"""ТАСС and ИА Реалист extractors on variants the golden pages don't show.

The golden pages (fixtures/pages/tass, fixtures/pages/realist) pin whole pages; these small
pages pin one behaviour each: a build's new class hashes, other templates' addresses, error
pages, Unix-time dates, credits, bylines, configured domains, Yoast's UTC dates, WordPress
themes the fixtures don't use.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from extractors import NotAnArticle, UnrecognisedLayout, extract
from extractors.dates import BISHKEK, MOSCOW
from extractors.outlets import site_extractor_for
from extractors.outlets.ia_realist import OUTLET as REALIST

TASS_URL = "https://tass.ru/politika/25725715"
REALIST_URL = "https://realist.kg/2025/11/26/moskva-i-bishkek/"
DATELINE = "БИШКЕК, 25 ноября. /ТАСС/. Президент РФ Владимир Путин прибыл в Бишкек с визитом."
SECOND = "У трапа борта номер один российского лидера встретил президент Киргизии Садыр Жапаров."
REALIST_TEXT = "БИШКЕК (ИА Реалист). В резиденции «Ынтымак Ордо» состоялись переговоры президентов."
REALIST_MORE = (
    "Жапаров назвал Путина желанным и глубоко уважаемым гостем и подчеркнул значение визита."
)
REALIST_BODY = f"{REALIST_TEXT}\n\n{REALIST_MORE}"
ENTRY = f'<div class="entry-content"><p>{REALIST_TEXT}</p><p>{REALIST_MORE}</p></div>'
POST = f'<article><h1 class="entry-title">Москва и Бишкек</h1>{ENTRY}</article>'


def tass_nextjs(header: str = "", article: str = "", head: str = "", hash_: str = "Zz9Yy") -> str:
    """A current-site page whose CSS-module hashes belong to a build no fixture has."""
    return f"""<html lang="ru"><head><meta charset="utf-8">{head}</head><body>
    <div class="NewsHeader_wrapper__{hash_}"><div class="NewsHeader_upper_text_block__{hash_}">
    <h1 class="tass_pkg_title-{hash_}">Путин прибыл в Киргизию</h1>
    <div class="NewsHeader_lead__{hash_}">Российский лидер будет работать в Бишкеке три дня</div>
    </div>{header}</div>
    <article class="Content_wrapper__{hash_}">
    <p class="Paragraph_paragraph__{hash_}">{DATELINE}</p>{article}
    <p class="Paragraph_paragraph__{hash_}">{SECOND}</p>
    </article></body></html>"""


def wordpress_post(main: str, head: str = "", body_class: str = "single single-post") -> str:
    return f"""<html lang="ru-RU"><head><meta charset="UTF-8">{head}</head>
    <body class="{body_class} postid-7"><header id="masthead" class="site-header">
    <time datetime="2026-01-28T08:00:00+06:00">28.01.2026</time></header>
    <main id="main">{main}</main>
    <aside id="secondary"><section class="widget widget_recent_entries"><h2>Recent Posts</h2>
    <ul><li><a href="/x/">Турция не ожидает падения власти в Иране</a>
    <span class="post-date">11 часов ago</span></li></ul>
    <div class="tagcloud"><a rel="tag" href="/tag/iran/">Иран</a></div></section></aside>
    </body></html>"""


# -- ТАСС -----------------------------------------------------------------------------------------
def test_tass_classes_are_matched_by_prefix_whatever_the_build_hash() -> None:
    article = extract(tass_nextjs(hash_="Q1w2E"), TASS_URL, force="site")
    assert article.extractor.startswith("site:tass/nextjs-2022")
    assert article.title == "Путин прибыл в Киргизию"
    assert article.lead == "Российский лидер будет работать в Бишкеке три дня"
    assert article.body == f"{DATELINE}\n\n{SECOND}"  # the dateline is article text


def test_tass_paragraphs_without_an_article_element_are_read_together() -> None:
    page = tass_nextjs().replace("<article", "<div").replace("</article>", "</div>")
    page = page.replace("<p class", "<div><p class").replace("</p>", "</p></div>")
    assert extract(page, TASS_URL, force="site").body == f"{DATELINE}\n\n{SECOND}"


def test_tass_desk_byline_and_credit_lines_never_reach_the_text() -> None:
    furniture = "<p>Редакция сайта ТАСС</p><p>© Александр Казаков/ ТАСС</p>"
    desk = '<span class="Author_name__y">Редакция сайта ТАСС</span>'
    header = f'<div class="NewsHeader_authors__x">{desk}</div>'
    article = extract(tass_nextjs(header=header, article=furniture), TASS_URL, force="site")
    assert article.body == f"{DATELINE}\n\n{SECOND}"
    assert article.authors == []


def test_tass_people_are_authors_the_agency_is_not() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "Анна Иванова"}, {"@type": "Organization", "name": "ТАСС"}]}'
        "</script>"
    )
    article = extract(tass_nextjs(head=ld), TASS_URL, force="site")
    assert article.authors == ["Анна Иванова"]


def test_tass_in_text_picture_gives_its_caption_and_credit_to_images() -> None:
    figure = (
        '<figure class="Image_wrapper__a"><img class="ImageSSR_image__b" src="/img/1.jpg">'
        "<figcaption>Аэропорт Манас © Александр Казаков/ ТАСС</figcaption></figure>"
    )
    article = extract(tass_nextjs(article=figure), TASS_URL, force="site")
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        ("https://tass.ru/img/1.jpg", "Аэропорт Манас", "Александр Казаков/ ТАСС")
    ]
    assert "Манас" not in article.body


def test_tass_main_picture_credit_beside_the_picture_not_in_a_figure() -> None:
    header = (
        '<div class="NewsHeader_photo__a"><div class="ImageSSR_wrapper__b">'
        '<img class="ImageSSR_image__c" src="/img/3.jpg"></div>'
        '<span class="NewsHeader_copyright__d">© Александр Казаков/ ТАСС</span></div>'
    )
    article = extract(tass_nextjs(header=header), TASS_URL, force="site")
    assert [(i.caption, i.credit) for i in article.images] == [(None, "Александр Казаков/ ТАСС")]


def test_tass_time_element_dates_a_page_without_json_ld() -> None:
    header = '<time datetime="2025-11-25T16:52:08Z">25 ноября, 19:52</time>'
    article = extract(tass_nextjs(header=header), TASS_URL, force="site")
    assert article.published == datetime(2025, 11, 25, 16, 52, 8, tzinfo=UTC)
    assert article.published.utcoffset() == MOSCOW.utcoffset(None)  # in the outlet's zone


def test_tass_embedded_read_also_block_is_dropped_with_its_picture() -> None:
    block = (
        '<div class="ExternalBlock_wrapper__c"><div>Читайте также</div>'
        '<a href="/politika/1"><img class="ImageSSR_image__d" src="/img/2.jpg">'
        '<p class="Paragraph_paragraph__e">Другая новость</p></a></div>'
    )
    article = extract(tass_nextjs(article=block), TASS_URL, force="site")
    assert article.body == f"{DATELINE}\n\n{SECOND}"
    assert article.images == []


def test_tass_bem_layout_reads_unix_seconds_in_dateformat() -> None:
    page = f"""<html><body><div id="news"><h1 class="news-header__title">Заголовок</h1>
    <dateformat mode="abs" time="1764089520"></dateformat>
    <div class="text-content"><div class="text-block"><p>{DATELINE}</p><p>{SECOND}</p></div>
    </div></div></body></html>"""
    article = extract(page, TASS_URL, force="site")
    assert article.extractor.startswith("site:tass/bem-2019")
    assert article.published == datetime(2025, 11, 25, 19, 52, tzinfo=MOSCOW)


def test_tass_time_without_a_day_is_no_date() -> None:
    page = f"""<html><body><h1 class="b-material__title">Заголовок</h1>
    <span class="b-material__date">19:52</span>
    <div class="b-material-text__l"><p>{DATELINE}</p><p>{SECOND}</p></div></body></html>"""
    assert extract(page, TASS_URL, force="site").published is None


@pytest.mark.parametrize(
    "url",
    [
        "https://tass.ru/spec/putin-v-kirgizii",
        "https://spec.tass.ru/kyrgyzstan/",
        "https://tass.ru/press/21785",
    ],
)
def test_tass_special_project_and_press_addresses_are_other_templates(url: str) -> None:
    with pytest.raises(UnrecognisedLayout):
        extract(tass_nextjs(), url, force="site")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Just a moment...</title></head><body>Checking your browser</body>",
        '<html><body><form id="challenge-form" action="/?__cf_chl_f_tk=1"></form></body></html>',
        "<html><head><title>Доступ запрещен</title></head><body><p>Ваш IP заблокирован</p>",
    ],
)
def test_tass_challenge_and_error_pages_are_not_articles(page: str) -> None:
    with pytest.raises(NotAnArticle):
        extract(page, TASS_URL)  # through the chain: no fallback "article" of an error page


def test_tass_old_domain_is_the_same_outlet() -> None:
    assert site_extractor_for("https://itar-tass.com/politika/1234567").outlet == "tass"


# -- ИА Реалист -----------------------------------------------------------------------------------
def test_realist_yoast_utc_dates_are_given_in_bishkek_time() -> None:
    head = '<meta property="article:published_time" content="2025-11-26T09:40:17+00:00">'
    article = extract(wordpress_post(POST, head), REALIST_URL, force="site")
    assert article.published == datetime(2025, 11, 26, 15, 40, 17, tzinfo=BISHKEK)
    assert article.published.utcoffset() == BISHKEK.utcoffset(None)


def test_realist_never_dates_a_post_by_the_masthead_or_the_widgets() -> None:
    article = extract(wordpress_post(POST), REALIST_URL, force="site")
    assert article.published is None
    assert article.tags == []  # the tag cloud's rel="tag" links are the widget's


def test_realist_reads_a_jnews_style_post() -> None:
    main = f"""<div class="jeg_inner_content"><h1 class="jeg_post_title">Москва и Бишкек</h1>
    <h2 class="jeg_post_subtitle">Стороны готовят программное заявление.</h2>
    <div class="jeg_meta_date"><a href="#">26.11.2025</a></div>
    <div class="jeg_post_content"><div class="jeg_share_button">Telegram WhatsApp</div>
    <div class="entry-content"><div class="content-inner"><p>{REALIST_TEXT}</p>
    <p>Читайте также: Турция не ожидает падения власти в Иране</p><p>{REALIST_MORE}</p>
    </div></div></div><div class="jeg_post_tags"><a href="/tag/odkb/">ОДКБ</a></div></div>"""
    article = extract(wordpress_post(main), REALIST_URL, force="site")
    assert (article.title, article.lead) == (
        "Москва и Бишкек",
        "Стороны готовят программное заявление.",
    )
    assert article.body == REALIST_BODY
    assert article.published == date(2025, 11, 26)
    assert article.tags == ["ОДКБ"]


def test_realist_title_and_meta_printed_above_the_article() -> None:
    main = f"""<div class="post-hero"><h1 class="entry-title">Москва и Бишкек</h1>
    <span class="cat-links"><a rel="category tag" href="/category/politika/">Политика</a></span>
    <time class="entry-date published" datetime="2025-11-26T15:40:00+06:00">26.11</time></div>
    <article class="post">{ENTRY}</article>"""
    article = extract(wordpress_post(main), REALIST_URL, force="site")
    assert article.title == "Москва и Бишкек"
    assert article.section == "Политика"
    assert article.published == datetime(2025, 11, 26, 15, 40, tzinfo=BISHKEK)


def test_realist_unknown_theme_reads_the_post_element_without_its_header() -> None:
    main = f"""<article class="news"><header><h1>Москва и Бишкек</h1>
    <p class="meta">26.11.2025</p></header><div class="news-text"><p>{REALIST_TEXT}</p>
    <p>{REALIST_MORE}</p></div></article>"""
    article = extract(wordpress_post(main), REALIST_URL, force="site")
    assert (article.title, article.body) == ("Москва и Бишкек", REALIST_BODY)


def test_realist_in_text_caption_credit_goes_to_images() -> None:
    lazy = 'data-lazy-src="/wp-content/uploads/a.jpg" src="data:image/gif;base64,R0"'
    main = f"""<article><h1 class="entry-title">Т</h1>
    <div class="entry-content"><p>{REALIST_TEXT}</p>
    <div class="wp-caption"><img {lazy}><p class="wp-caption-text">Переговоры в Бишкеке.
    Фото: пресс-служба Президента КР</p></div><p>{REALIST_MORE}</p></div></article>"""
    article = extract(wordpress_post(main), REALIST_URL, force="site")
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (
            "https://realist.kg/wp-content/uploads/a.jpg",
            "Переговоры в Бишкеке.",
            "пресс-служба Президента КР",
        )
    ]
    assert article.body == REALIST_BODY


@pytest.mark.parametrize(
    "body_class", ["page-template-default page page-id-2", "error404", "home blog"]
)
def test_realist_static_error_and_home_pages_are_not_posts(body_class: str) -> None:
    page = f'<html><body class="{body_class}">{POST}</body></html>'
    with pytest.raises(NotAnArticle):
        extract(page, REALIST_URL, force="site")


def test_realist_domain_is_configurable_and_outlet_routes_any_host() -> None:
    assert site_extractor_for("https://www.realist.kg/x/").outlet == "realist"
    configured = REALIST.with_domains(["www.ia-realist.example"]).site_extractor()
    assert configured.covers("ia-realist.example") and not configured.covers("realist.kg")
    article = extract(wordpress_post(POST), "https://ia-realist.example/x/", outlet="realist")
    assert article.outlet == "realist" and article.extractor.startswith("site:realist/")
