"""ТАСС and ИА Реалист on page variants neither the golden pages nor the unit tests show.

Each test builds one small, plausible variant of a real page family around real text (seed 002
and shared/outlets/pages/tass for ТАСС, seed 001 for Реалист) and checks that
`extractors.extract` still returns the story and only the story. ТАСС markup follows
NOTES.md §3 (prefix-matched CSS-module classes, `ds_ext_marker` dates, `Tags_tag` links,
BEM `text-include` boxes); where the notes are silent the component names are GUESSES in the
same naming scheme. Реалист markup is that of common WordPress themes and plugins (NOTES §2:
the theme is unknown): Elementor Pro, JNews, tagDiv, Astra, the AMP plugin, Gutenberg blocks.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from extractors import NotAnArticle, extract
from extractors.dates import MOSCOW

TASS_URL = "https://tass.ru/politika/25725715"
TASS_TITLE = "Путин прибыл в Киргизию с государственным визитом"
TASS_LEAD = "Российский лидер будет работать в столице Киргизии с 25 по 27 ноября"
DATELINE = (
    "БИШКЕК, 25 ноября. /ТАСС/. Президент РФ Владимир Путин прибыл в Бишкек с государственным "
    "визитом. Российский лидер будет работать в столице Киргизии три дня - с 25 по 27 ноября."
)
SECOND = (
    "В честь высокопоставленного гостя в аэропорту Манас была организована пышная встреча: "
    "подняты государственные флаги, выстроен почетный караул."
)
TASS_BODY = f"{DATELINE}\n\n{SECOND}"
OTHER_STORY = "Вице-премьер Киргизии назвал республику частью русского мира"


def paragraph(text: str, hash_: str = "Rk8mV") -> str:
    return f'<p class="Paragraph_paragraph__{hash_}">{text}</p>'


def tass_page(
    *, marks: str = "", header: str = "", inserted: str = "", after: str = "", head: str = ""
) -> str:
    """A current-site (Next.js) news page of a build whose class hashes no fixture has.

    `marks` go to the header's mark row (rubric, date), `header` after the lead, `inserted`
    between the two paragraphs, `after` after the text column (tags, lists of other news).
    """
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charSet="utf-8"/>
<title>{TASS_TITLE} - ТАСС</title>{head}</head><body><div id="__next">
<header class="Header_header__p0Q9x"><nav class="Header_nav__p0Q9x"><a href="/lenta">Все новости</a>
<a href="/search">Поиск</a></nav></header>
<main class="Layout_main__p0Q9x"><div class="NewsPage_wrapper__p0Q9x">
<div class="NewsHeader_wrapper__p0Q9x"><div class="NewsHeader_marks__p0Q9x">{marks}</div>
<div class="NewsHeader_upper_text_block__p0Q9x"><h1 class="tass_pkg_title-Zq1Lm">{TASS_TITLE}</h1>
<div class="NewsHeader_lead__p0Q9x">{TASS_LEAD}</div></div>{header}</div>
<article class="Content_wrapper__p0Q9x">{paragraph(DATELINE)}{inserted}{paragraph(SECOND)}</article>
{after}</div></main></div></body></html>"""


def tass(html: str, url: str = TASS_URL):
    article = extract(html, url, force="site")
    assert article.extractor.startswith("site:tass/")
    return article


# -- ТАСС: inserts inside the text column -------------------------------------------------------
def test_tass_gallery_in_the_text_gives_pictures_not_paragraphs() -> None:
    gallery = (
        '<div class="Gallery_wrapper__a1"><div class="Gallery_slide__a1">'
        '<img class="ImageSSR_image__a1" src="https://cdn-media.tass.ru/tass/i/1.jpg">'
        '<p class="GalleryCaption_text__a1">Встреча в аэропорту Манас</p>'
        '<p class="GalleryCaption_copyright__a1">© Александр Казаков/ ТАСС</p></div></div>'
    )
    article = tass(tass_page(inserted=gallery))
    assert article.body == TASS_BODY
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (
            "https://cdn-media.tass.ru/tass/i/1.jpg",
            "Встреча в аэропорту Манас",
            "Александр Казаков/ ТАСС",
        )
    ]


@pytest.mark.parametrize(
    "embed",
    [
        '<blockquote class="twitter-tweet"><p lang="ru">Президент прибыл pic.twitter.com/x</p>'
        '&mdash; МИД России (@MID_RF) <a href="https://twitter.com/x">November 25, 2025</a>'
        "</blockquote>",
        '<div class="EmbedBlock_wrapper__b2"><p>Пост в Telegram-канале пресс-службы</p></div>',
        '<div class="ShareBlock_wrapper__c3"><ul><li>Telegram</li><li>ВКонтакте</li></ul></div>',
    ],
    ids=["tweet", "embed-component", "share-bar"],
)
def test_tass_embedded_posts_and_share_bars_are_not_text(embed: str) -> None:
    assert tass(tass_page(inserted=embed)).body == TASS_BODY


def test_tass_link_lines_to_other_stories_are_dropped_a_sentence_is_kept() -> None:
    read_also = paragraph(f'Читайте также <a href="/mezhdunarodnaya-panorama/1">{OTHER_STORY}</a>')
    more = paragraph('<a href="/politika/2">Подробнее о визите - в материале ТАСС</a>')
    sentence = "Подробнее об итогах переговоров рассказал помощник президента Юрий Ушаков."
    article = tass(tass_page(inserted=read_also + more + paragraph(sentence)))
    assert article.body == f"{DATELINE}\n\n{sentence}\n\n{SECOND}"


def test_tass_lists_and_quote_components_are_text() -> None:
    items = '<ul class="List_list__d4"><li>энергетика</li><li>образование</li></ul>'
    quote = (
        '<div class="Quote_wrapper__e5"><div class="Quote_text__e5">Мы действительно часть '
        'русского мира</div><div class="Quote_author__e5">Эдиль Байсалов</div></div>'
    )
    article = tass(tass_page(inserted=items + quote))
    assert article.body == (
        f"{DATELINE}\n\nэнергетика\nобразование\n\nМы действительно часть русского мира"
        f"\n\nЭдиль Байсалов\n\n{SECOND}"
    )


def test_tass_read_also_card_before_the_text_is_not_the_text() -> None:
    card = (
        '<div class="ExternalBlock_wrapper__f6"><a href="/mezhdunarodnaya-panorama/25705751">'
        f"{paragraph(OTHER_STORY)}</a></div>"
    )
    page = tass_page().replace('<article class="Content', card + '<article class="Content')
    assert tass(page).body == TASS_BODY


# -- ТАСС: header, tags and pictures around the text -------------------------------------------
def test_tass_header_and_tag_list_inside_the_article_element_stay_out_of_the_text() -> None:
    tags = (
        '<ul class="Tags_list__g7"><li><a class="Tags_tag__g7" href="/tag/putin">Владимир Путин'
        '</a></li><li><a class="Tags_tag__g7" href="/tag/kirgiziya">Киргизия</a></li></ul>'
    )
    page = tass_page(after=tags)
    page = page.replace(
        '<div class="NewsHeader_wrapper',
        '<article class="Material_x"><div class="NewsHeader_wrapper',
    )
    page = page.replace(
        '<article class="Content_wrapper__p0Q9x">', '<div class="Content_wrapper__p0Q9x">'
    )
    page = page.replace("</article>", "</div>").replace("</main>", "</article></main>")
    article = tass(page)
    assert (article.title, article.lead) == (TASS_TITLE, TASS_LEAD)
    assert article.body == TASS_BODY
    assert article.tags == ["Владимир Путин", "Киргизия"]


def test_tass_rubric_is_the_marks_link_and_the_date_the_first_marker_with_a_day() -> None:
    marks = (
        '<div class="materialMarks_marks__h8"><span class="materialMarks_mark__h8">Эксклюзив'
        '</span><a class="materialMarks_mark__h8" href="/politika">Политика</a></div>'
        '<span class="ds_ext_marker-kFsBk">Эксклюзив</span>'
        '<span class="ds_ext_marker-kFsBk ds_ext_marker--color_secondary-z2ssC">'
        "25 ноября 2025, 19:52</span>"
    )
    article = tass(tass_page(marks=marks))
    assert article.section == "Политика"
    assert article.published == datetime(2025, 11, 25, 19, 52, tzinfo=MOSCOW)


def test_tass_pictures_of_other_stories_are_not_this_storys() -> None:
    teasers = (
        '<aside class="RightColumn_wrapper__i9"><a class="tass_pkg_link-v5WdK" href="/politika/2">'
        '<img class="ImageSSR_image__i9" src="https://cdn-media.tass.ru/tass/i/2.jpg"></a></aside>'
        '<div class="MoreNews_wrapper__i9"><a href="/ekonomika/3">'
        '<img class="ImageSSR_image__i9" src="https://cdn-media.tass.ru/tass/i/3.jpg"></a></div>'
    )
    assert tass(tass_page(after=teasers)).images == []


def test_tass_next_image_optimiser_address_gives_the_pictures_own() -> None:
    original = (
        "https://cdn-media.tass.ru/width/1020_b9261fa1/tass/m2/uploads/i/20251125/7418954.jpg"
    )
    optimised = (
        "/_next/image?url=https%3A%2F%2Fcdn-media.tass.ru%2Fwidth%2F1020_b9261fa1%2Ftass%2Fm2"
        "%2Fuploads%2Fi%2F20251125%2F7418954.jpg&amp;w=1920&amp;q=75"
    )
    media = (
        f'<figure class="NewsHeader_media__j0"><img class="ImageSSR_image__j0" src="{optimised}">'
        '<figcaption><span class="ImageCaption_copyright__j0">© Александр Казаков/ ТАСС</span>'
        "</figcaption></figure>"
    )
    images = tass(tass_page(header=media)).images
    assert [(i.url, i.credit) for i in images] == [(original, "Александр Казаков/ ТАСС")]


def test_tass_page_without_lead_picture_marks_or_json_ld() -> None:
    page = tass_page().replace(f'<div class="NewsHeader_lead__p0Q9x">{TASS_LEAD}</div>', "")
    article = tass(page)
    assert (article.title, article.lead, article.body) == (TASS_TITLE, None, TASS_BODY)
    assert (article.published, article.section, article.tags, article.images) == (
        None,
        None,
        [],
        [],
    )


def test_tass_json_ld_without_offset_is_moscow_time_and_named_authors_count() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
        '"2025-11-25T19:52:08", "author": [{"name": "Анна Иванова"}, "Пётр Сидоров", '
        '{"@type": "Organization", "name": "ТАСС"}, {"@type": "Person", "name": '
        '"Редакция сайта ТАСС"}]}</script>'
    )
    article = tass(tass_page(head=ld))
    assert article.published == datetime(2025, 11, 25, 19, 52, 8, tzinfo=MOSCOW)
    assert article.authors == ["Анна Иванова", "Пётр Сидоров"]


def test_tass_broken_json_ld_falls_back_to_the_meta_date() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": }</script>'
        '<meta property="article:published_time" content="2025-11-25T16:52:08Z">'
    )
    assert tass(tass_page(head=head)).published == datetime(2025, 11, 25, 19, 52, 8, tzinfo=MOSCOW)


def test_tass_correspondent_dateline_is_article_text() -> None:
    dateline = (
        "ВАШИНГТОН, 25 ноября. /Корр. ТАСС Иван Лебедев/. Госдепартамент США прокомментировал "
        "визит."
    )
    page = tass_page().replace(DATELINE, dateline)
    assert tass(page).body == f"{dateline}\n\n{SECOND}"


def test_tass_explainer_header_gives_title_and_lead() -> None:
    page = (
        tass_page()
        .replace("NewsHeader_", "ExplainerHeader_")
        .replace('<h1 class="tass_pkg_title-Zq1Lm">', '<h1 class="ExplainerHeader_heading__k1">')
    )
    page = page.replace(paragraph(SECOND), f"<h2>Программа визита</h2>{paragraph(SECOND)}")
    article = tass(page)
    assert (article.title, article.lead) == (TASS_TITLE, TASS_LEAD)
    assert article.body == f"{DATELINE}\n\nПрограмма визита\n\n{SECOND}"


# -- ТАСС: older designs and refusals --------------------------------------------------------
def test_tass_bem_photo_include_is_a_picture_and_a_news_include_is_not() -> None:
    page = f"""<html><body><div id="news"><div class="news-header">
    <h1 class="news-header__title">{TASS_TITLE}</h1><div class="news-header__lead">{TASS_LEAD}</div>
    </div><div class="text-content"><div class="text-block"><p>{DATELINE}</p></div>
    <div class="text-include text-include-photo"><img class="text-include-photo__img"
    src="/width/1020_b9261fa1/i/1.jpg"><div class="text-include-photo__caption">Аэропорт Манас
    </div></div><div class="text-include text-include-inline-news"><a href="/politika/2">
    <img src="/width/1020_b9261fa1/i/2.jpg"><p>{OTHER_STORY}</p></a></div>
    <div class="text-block"><p>{SECOND}</p></div></div></div></body></html>"""
    article = tass(page)
    assert article.extractor.startswith("site:tass/bem-2019")
    assert article.body == TASS_BODY
    assert [(i.url, i.caption) for i in article.images] == [
        ("https://tass.ru/width/1020_b9261fa1/i/1.jpg", "Аэропорт Манас")
    ]


def test_tass_2018_special_design_article_text_is_read() -> None:
    page = f"""<html><body><h1 class="article__title">{TASS_TITLE}</h1>
    <div class="article__text"><p>{DATELINE}</p><p>{SECOND}</p></div></body></html>"""
    article = tass(page, "https://itar-tass.com/sport/5264512")
    assert (article.title, article.body) == (TASS_TITLE, TASS_BODY)


@pytest.mark.parametrize(
    "title",
    [
        "Attention Required! | Cloudflare",
        "Один момент…",
        "Вы не робот?",
        "Access to this page has been denied.",
        "404 Not Found",
        "Страница не найдена",
    ],
)
def test_tass_challenge_and_missing_pages_are_not_articles(title: str) -> None:
    page = f"""<html><head><title>{title}</title></head><body><h1>{title}</h1><p>Please complete
    the security check to access tass.ru. Проверьте адрес страницы или вернитесь на главную.
    </p></body></html>"""
    with pytest.raises(NotAnArticle):
        extract(page, TASS_URL)  # through the chain: the fallback must not make it an article
