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

import json
from datetime import date, datetime, timedelta

import pytest

from extractors import NotAnArticle, extract
from extractors.dates import BISHKEK, MOSCOW

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


def test_tass_bem_text_blocks_without_their_wrapper_are_all_read() -> None:
    page = f"""<html><body><div id="news"><h1 class="news-header__title">{TASS_TITLE}</h1>
    <div class="news-body"><div class="text-block"><p>{DATELINE}</p></div>
    <div class="text-block"><p>{SECOND}</p></div></div></div></body></html>"""
    assert tass(page).body == TASS_BODY


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


# -- ИА Реалист ---------------------------------------------------------------------------------
REALIST_URL = "https://realist.kg/2025/11/26/moskva-i-bishkek-rasshiryayut-sotrudnichestvo/"
REALIST_TITLE = (
    "Товарооборот, безопасность, образование: Москва и Бишкек расширяют сотрудничество на "
    "высшем уровне"
)
STANDFIRST = (
    "Стороны готовят программное заявление и пакет соглашений по торговле, энергетике, "
    "миграции и безопасности."
)
FIRST = (
    "БИШКЕК (ИА Реалист). В резиденции «Ынтымак Ордо» состоялись российско-киргизские "
    "переговоры с участием президента России Владимира Путина и президента Кыргызстана Садыра "
    "Жапарова."
)
LAST = (
    "Путин подчеркнул значимость совместной работы в области безопасности: российская военная "
    "база в Кыргызстане остается фактором стабильности в регионе."
)
REALIST_BODY = f"{FIRST}\n\n{LAST}"
WIDGET_TITLE = "Турция не ожидает падения власти в Иране, но опасается последствий протестов"
WIDGET_EXCERPT = (
    "АНКАРА (ИА Реалист). Турция внимательно отслеживает продолжающиеся протесты в Иран"
)
UPLOADS = "https://realist.kg/wp-content/uploads/2025/11"
SINGLE = "wp-singular post-template-default single single-post postid-7 single-format-standard"


def wordpress_page(main: str, *, head: str = "", body_class: str = SINGLE) -> str:
    """A WordPress single-post page: a masthead that prints today's date, `main`, and the
    seed's "Recent Posts" sidebar widget with its half-translated relative times."""
    return f"""<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">
<title>{REALIST_TITLE} - ИА Реалист</title>{head}</head><body class="{body_class}">
<header id="masthead" class="site-header"><p class="site-title">ИА Реалист</p>
<time datetime="2026-01-28T08:00:00+06:00">28.01.2026</time></header>{main}
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul><li><a href="/turciya/">{WIDGET_TITLE}</a>
<p>{WIDGET_EXCERPT}…</p><span class="post-date">11 часов ago</span></li></ul></section></aside>
<footer class="site-footer">© 2025 ИА Реалист</footer></body></html>"""


def realist(html: str, url: str = REALIST_URL):
    article = extract(html, url, force="site")
    assert article.extractor.startswith("site:realist/")
    for text in (article.title, article.lead or "", article.body, *article.tags):
        assert WIDGET_TITLE not in text and "ago" not in text
    return article


def test_realist_elementor_pro_single_post_template() -> None:
    main = f"""<div data-elementor-type="header" class="elementor elementor-location-header">
    <div class="elementor-widget-theme-site-title"><h1 class="elementor-heading-title">ИА Реалист
    </h1></div></div><div data-elementor-type="single-post" class="elementor elementor-99
    elementor-location-single post-7 post type-post status-publish hentry category-politika">
    <div class="elementor-element elementor-widget elementor-widget-theme-post-title"><div
    class="elementor-widget-container"><h1 class="elementor-heading-title">{REALIST_TITLE}</h1>
    </div></div><div class="elementor-element elementor-widget elementor-widget-post-info"><ul
    class="elementor-post-info"><li itemprop="author"><span class="elementor-post-info__item
    elementor-post-info__item--type-author">admin</span></li><li itemprop="datePublished"><span
    class="elementor-post-info__item elementor-post-info__item--type-date"><time>26.11.2025</time>
    </span></li><li itemprop="about"><a href="/category/politika/"
    class="elementor-post-info__terms-list-item">Политика</a></li></ul></div>
    <div class="elementor-element elementor-widget elementor-widget-theme-post-featured-image">
    <div class="elementor-widget-container"><img src="{UPLOADS}/putin.jpg"
    class="attachment-large size-large wp-image-8"></div></div>
    <div class="elementor-element elementor-widget elementor-widget-theme-post-content"><div
    class="elementor-widget-container"><p>{FIRST}</p><p>{LAST}</p></div></div>
    <div class="elementor-element elementor-widget elementor-widget-share-buttons"><div
    class="elementor-share-btn"><span class="elementor-share-btn__title">Telegram</span></div></div>
    <div class="elementor-element elementor-widget elementor-widget-posts"><article
    class="elementor-post post-5 post type-post"><h3 class="elementor-post__title"><a
    href="/turciya/">{WIDGET_TITLE}</a></h3><div class="elementor-post__excerpt"><p>
    {WIDGET_EXCERPT}</p></div><span class="elementor-post-date">11 часов ago</span></article>
    </div></div>"""
    article = realist(wordpress_page(main))
    assert (article.title, article.body) == (REALIST_TITLE, REALIST_BODY)
    assert (article.section, article.authors) == ("Политика", [])
    assert article.published == date(2025, 11, 26)
    assert [image.url for image in article.images] == [f"{UPLOADS}/putin.jpg"]


def test_realist_gutenberg_blocks_and_plugins_inside_the_content() -> None:
    content = f"""<!-- wp:paragraph --><p>{FIRST}</p><!-- /wp:paragraph -->
    <!-- wp:quote --><blockquote class="wp-block-quote"><p>Россия остается для Кыргызстана
    ключевым союзником.</p><cite>Садыр Жапаров</cite></blockquote><!-- /wp:quote -->
    <!-- wp:list --><ul class="wp-block-list"><li>газ и нефтепродукты</li><li>мирный атом</li>
    </ul><!-- /wp:list --><!-- wp:image --><figure class="wp-block-image size-large"><img
    src="{UPLOADS}/a.jpg" class="wp-image-9"><figcaption class="wp-element-caption">Переговоры в
    Бишкеке. Фото: пресс-служба Президента КР</figcaption></figure><!-- /wp:image -->
    <figure class="wp-block-embed is-provider-twitter wp-block-embed-twitter"><div
    class="wp-block-embed__wrapper"><blockquote class="twitter-tweet"><p>Твит</p></blockquote>
    </div></figure><p><img class="aligncenter size-full wp-image-10" src="{UPLOADS}/b.jpg"></p>
    <ul class="wp-block-latest-posts__list wp-block-latest-posts"><li><a
    class="wp-block-latest-posts__post-title" href="/turciya/">{WIDGET_TITLE}</a></li></ul>
    <p>{LAST}</p><div class="post-views content-post post-7 entry-meta"><span
    class="post-views-label">Просмотров: </span><span class="post-views-count">1284</span></div>
    <div class="addtoany_share_save_container addtoany_content"><div class="addtoany_header">
    Поделиться:</div><div class="a2a_kit addtoany_list"><a class="a2a_button_telegram"></a></div>
    </div><div class="heateor_sss_sharing_container heateor_sss_horizontal_sharing"><ul
    class="heateor_sss_sharing_ul"><li><a>Telegram</a></li></ul></div>
    <div class="rp4wp-related-posts"><h3>Похожие записи</h3><ul><li><a href="/turciya/">
    {WIDGET_TITLE}</a></li></ul></div>"""
    main = f"""<main id="main"><article class="post-7 post type-post hentry"><header
    class="entry-header"><h1 class="entry-title">{REALIST_TITLE}</h1></header>
    <div class="entry-content">{content}</div></article><div id="comments"
    class="comments-area"><div id="respond" class="comment-respond"><h3>Добавить комментарий</h3>
    </div></div></main>"""
    article = realist(wordpress_page(main))
    assert article.body == (
        f"{FIRST}\n\nРоссия остается для Кыргызстана ключевым союзником.\n\nСадыр Жапаров\n\n"
        f"газ и нефтепродукты\nмирный атом\n\n{LAST}"
    )
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (f"{UPLOADS}/a.jpg", "Переговоры в Бишкеке.", "пресс-служба Президента КР"),
        (f"{UPLOADS}/b.jpg", None, None),
    ]


def test_realist_jnews_inline_related_posts_and_no_date_but_the_masthead_s() -> None:
    main = f"""<div class="jeg_main"><div class="jeg_main_content"><div class="jeg_inner_content">
    <div class="entry-header"><h1 class="jeg_post_title">{REALIST_TITLE}</h1>
    <h2 class="jeg_post_subtitle">{STANDFIRST}</h2><div class="jeg_meta_author">by <a
    href="/author/admin/">admin</a></div><div class="jeg_meta_category"><a rel="category tag"
    href="/category/politika/">Политика</a></div></div><div class="jeg_featured featured_image">
    <a href="{UPLOADS}/p.jpg"><img src="data:image/png;base64,R0" data-src="{UPLOADS}/p.jpg"
    class="lazyload wp-post-image"></a><p class="wp-caption-text">Путин и Жапаров. Фото:
    kremlin.ru</p></div><div class="entry-content no-share"><div class="content-inner">
    <p>{FIRST}</p><div class="jnews_inline_related_post_wrapper"><div class="jeg_postblock_29
    jeg_postblock"><h3 class="jeg_block_title"><span>ЧИТАЙТЕ ТАКЖЕ</span></h3><article
    class="jeg_post"><h3 class="jeg_post_title"><a href="/turciya/">{WIDGET_TITLE}</a></h3>
    </article></div></div><p>{LAST}</p><div class="jeg_post_tags"><span>Tags:</span> <a
    rel="tag" href="/tag/odkb/">ОДКБ</a></div></div></div></div></div></div>"""
    article = realist(wordpress_page(main))
    assert (article.title, article.lead, article.body) == (REALIST_TITLE, STANDFIRST, REALIST_BODY)
    assert article.published is None  # the masthead's date is today's, not the post's
    assert (article.section, article.tags, article.authors) == ("Политика", ["ОДКБ"], [])
    assert [(i.url, i.caption, i.credit) for i in article.images] == [
        (f"{UPLOADS}/p.jpg", "Путин и Жапаров.", "kremlin.ru")
    ]


def test_realist_relative_post_date_is_read_in_bishkek_time() -> None:
    main = f"""<main id="main"><article class="post-7 post type-post"><h1 class="entry-title">
    {REALIST_TITLE}</h1><div class="jeg_meta_date"><a href="#">11 часов ago</a></div>
    <div class="entry-content"><p>{FIRST}</p><p>{LAST}</p></div></article></main>"""
    before = datetime.now(BISHKEK)
    published = realist(wordpress_page(main)).published
    assert published is not None and published.utcoffset() == BISHKEK.utcoffset(None)
    assert abs(before - published - timedelta(hours=11)) < timedelta(minutes=1)


def test_realist_divi_theme_builder_post_content() -> None:
    main = f"""<div id="et-main-area"><div id="main-content"><div class="et-l et-l--body">
    <div class="et_pb_module et_pb_post_title"><div class="et_pb_title_container"><h1
    class="entry-title">{REALIST_TITLE}</h1><p class="et_pb_title_meta_container"><span
    class="published">26.11.2025</span></p></div></div><div class="et_pb_module
    et_pb_post_content et_pb_post_content_0_tb_body"><p>{FIRST}</p><p>{LAST}</p></div></div>
    </div></div>"""
    article = realist(wordpress_page(main))
    assert (article.title, article.body) == (REALIST_TITLE, REALIST_BODY)
    assert article.published == date(2025, 11, 26)


def test_realist_tagdiv_cloud_template() -> None:
    main = f"""<div class="td-main-content-wrap"><article class="post-9 tdb_templates post">
    <div class="td_block_wrap tdb_single_categories"><div class="tdb-category"><a
    class="tdb-entry-category" href="/category/politika/">Политика</a></div></div>
    <div class="td_block_wrap tdb_title"><div class="tdb-block-inner"><h1 class="tdb-title-text">
    {REALIST_TITLE}</h1></div></div><div class="td_block_wrap tdb_single_subtitle"><div
    class="tdb-block-inner"><p>{STANDFIRST}</p></div></div><div class="td_block_wrap
    tdb_single_author"><span class="tdb-author-by">By</span> <a class="tdb-author-name"
    href="/author/red/">Редакция ИА Реалист</a></div><div class="td_block_wrap tdb_single_date">
    <time class="entry-date updated td-module-date" datetime="2025-11-26T15:40:17+06:00">
    26.11.2025</time></div><div class="td_block_wrap tdb_single_featured_image"><div
    class="tdb-block-inner"><img class="entry-thumb" src="{UPLOADS}/p.jpg"></div></div>
    <div class="td_block_wrap tdb_single_content td-post-content tagdiv-type"><div
    class="tdb-block-inner td-fix-index"><p>{FIRST}</p><div class="td-a-rec
    td-a-rec-id-content_inline"><span class="td-adspot-title">- Advertisement -</span></div>
    <p>{LAST}</p></div></div><div class="td_block_wrap tdb_single_tags"><ul class="tdb-tags"><li>
    <span class="tdb-tag-title">Теги</span></li><li><a href="/tag/odkb/">ОДКБ</a></li></ul></div>
    <div class="td_block_wrap tdb_single_related tdb-single-related-posts"><h4
    class="td-block-title"><span>Похожие статьи</span></h4><h3 class="entry-title"><a
    href="/turciya/">{WIDGET_TITLE}</a></h3></div></article></div>"""
    article = realist(wordpress_page(main))
    assert (article.title, article.lead, article.body) == (REALIST_TITLE, STANDFIRST, REALIST_BODY)
    assert (article.section, article.tags) == ("Политика", ["ОДКБ"])
    assert article.authors == ["Редакция ИА Реалист"]
    assert article.published == datetime(2025, 11, 26, 15, 40, 17, tzinfo=BISHKEK)
    assert [image.url for image in article.images] == [f"{UPLOADS}/p.jpg"]


def test_realist_astra_microdata_date_is_the_shown_publication_date() -> None:
    main = f"""<main id="main"><article class="post-7 post type-post ast-article-single"
    itemscope itemtype="https://schema.org/CreativeWork"><header class="entry-header"><h1
    class="entry-title" itemprop="headline">{REALIST_TITLE}</h1><div class="entry-meta">Автор:
    <span class="posted-by vcard author" itemprop="author"><a rel="author" href="/author/a/"
    class="url fn n"><span class="author-name" itemprop="name">Айгуль Токтогулова</span></a>
    </span> / <span class="posted-on"><span class="published" itemprop="datePublished">
    26.11.2025</span><span class="updated" itemprop="dateModified"> 27.11.2025</span></span>
    </div></header><div class="entry-content clear" itemprop="text"><p>{FIRST}</p><p>{LAST}</p>
    </div></article></main>"""
    article = realist(wordpress_page(main))
    assert article.published == date(2025, 11, 26)
    assert article.authors == ["Айгуль Токтогулова"]
    assert article.body == REALIST_BODY


def test_realist_amp_reader_page() -> None:
    page = f"""<!doctype html><html amp lang="ru-RU"><head><meta charset="utf-8">
    <link rel="canonical" href="{REALIST_URL}"></head><body class=""><header id="top"
    class="amp-wp-header"><a href="/">ИА Реалист</a></header><article class="amp-wp-article">
    <header class="amp-wp-article-header"><h1 class="amp-wp-title">{REALIST_TITLE}</h1><div
    class="amp-wp-meta amp-wp-posted-on"><time datetime="2025-11-26T09:40:17+00:00">2 месяца ago
    </time></div></header><figure class="amp-wp-article-featured-image wp-caption"><amp-img
    src="{UPLOADS}/p.jpg" class="wp-post-image" layout="intrinsic"></amp-img></figure><div
    class="amp-wp-article-content"><p>{FIRST}</p><p>{LAST}</p></div><footer
    class="amp-wp-article-footer"><div class="amp-wp-meta amp-wp-tax-category">Рубрики: <a
    rel="category tag" href="/category/politika/">Политика</a></div></footer></article>
    <footer class="amp-wp-footer"><h2>ИА Реалист</h2></footer></body></html>"""
    article = realist(page, f"{REALIST_URL}amp/")
    assert (article.title, article.body, article.section) == (
        REALIST_TITLE,
        REALIST_BODY,
        "Политика",
    )
    assert article.canonical_url == REALIST_URL
    assert article.published == datetime(2025, 11, 26, 15, 40, 17, tzinfo=BISHKEK)
    assert [image.url for image in article.images] == [f"{UPLOADS}/p.jpg"]


def test_realist_rank_math_graph() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": ["Person", "Organization"], "@id": "#person", "name": "ИА Реалист"},
            {"@type": "WebPage", "@id": "#webpage", "datePublished": "2025-11-26T15:40:17+06:00"},
            {
                "@type": "NewsArticle",
                "headline": REALIST_TITLE,
                "keywords": "Россия,Кыргызстан,ОДКБ",
                "datePublished": "2025-11-26T15:40:17+06:00",
                "dateModified": "2025-11-26T16:02:00+06:00",
                "articleSection": "Политика, Экономика",
                "author": {"@id": "/author/aigul/", "name": "Айгуль Токтогулова"},
                "publisher": {"@id": "#person"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script>'
    main = f"""<main id="main"><article class="post-7 post type-post"><h1 class="entry-title">
    {REALIST_TITLE}</h1><div class="entry-content"><p>{FIRST}</p><p>{LAST}</p></div></article>
    </main>"""
    article = realist(wordpress_page(main, head=head))
    assert (article.section, article.authors) == ("Политика", ["Айгуль Токтогулова"])
    assert article.tags == ["Россия", "Кыргызстан", "ОДКБ"]
    assert article.modified == datetime(2025, 11, 26, 16, 2, tzinfo=BISHKEK)


def test_realist_excerpts_above_the_post_are_not_its_text() -> None:
    ticker = f"""<div class="breaking-news"><article class="post-5 post type-post"><h2
    class="entry-title"><a href="/turciya/">{WIDGET_TITLE}</a></h2><div class="entry-content">
    <p>{WIDGET_EXCERPT}…</p></div></article></div>"""
    main = f"""<main id="main">{ticker}<article class="post-7 post type-post"><h1
    class="entry-title">{REALIST_TITLE}</h1><div class="entry-content"><p>{FIRST}</p>
    <p>{LAST}</p></div></article></main>"""
    article = realist(wordpress_page(main))
    assert (article.title, article.body) == (REALIST_TITLE, REALIST_BODY)


def test_realist_credit_paragraph_goes_to_the_picture() -> None:
    main = f"""<main id="main"><article class="post-7 post type-post"><h1 class="entry-title">
    {REALIST_TITLE}</h1><div class="post-thumbnail"><img class="wp-post-image"
    src="{UPLOADS}/p.jpg"></div><div class="entry-content"><p><em>Фото: пресс-служба Президента
    КР</em></p><p>{FIRST}</p><p>{LAST}</p></div></article></main>"""
    article = realist(wordpress_page(main))
    assert (article.lead, article.body) == (None, REALIST_BODY)
    assert [(i.url, i.credit) for i in article.images] == [
        (f"{UPLOADS}/p.jpg", "пресс-служба Президента КР")
    ]


def test_realist_classic_theme_entry_div_and_header_date_without_a_post_element() -> None:
    page = f"""<html lang="ru-RU"><body class="single postid-7"><div id="page"><div id="header">
    <span class="date"><time datetime="2026-01-28T08:00:00+06:00">28.01.2026</time></span></div>
    <div id="content"><h1 class="entry-title">{REALIST_TITLE}</h1><div class="entry">
    <p>{FIRST}</p><p>{LAST}</p></div></div></div></body></html>"""
    article = realist(page)
    assert (article.title, article.body, article.published) == (REALIST_TITLE, REALIST_BODY, None)
