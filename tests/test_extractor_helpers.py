"""The helpers every site extractor shares: text blocks, photo credits, dates, metadata."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractors.base import Layout, SiteExtractor
from extractors.dates import BISHKEK, MOSCOW, iso_has_time, parse_iso, parse_russian_date
from extractors.metadata import PageMetadata, ld_names
from extractors.record import Outlet, Sources
from extractors.selectors import (
    areas_below,
    not_within,
    outermost,
    outside,
    outside_below,
    select_outside,
    split_selectors,
)
from extractors.text import (
    block_text,
    clean_text,
    credit_of,
    join_blocks,
    node_text,
)

NOW = datetime(2025, 7, 2, 12, 0, tzinfo=BISHKEK)


def first(html: str, css: str):
    return LexborHTMLParser(html).css_first(css)


# -- text ---------------------------------------------------------------------------------------
def test_clean_text_collapses_spaces_and_drops_invisible_marks() -> None:
    text = " Жапаров\u00a0 и\u00adПутин \u200b\n  в Москве "
    assert clean_text(text) == "Жапаров иПутин в Москве"


def test_clean_text_reads_a_zero_width_space_inside_a_word_as_nothing() -> None:
    # between two letters it breaks no word a reader sees; elsewhere it parts words
    assert clean_text("Ис\u200bточник: Kabar") == "Источник: Kabar"
    assert clean_text("Kabar,\u200bReuters и\u200b 24.kg") == "Kabar, Reuters и 24.kg"


def test_block_text_reads_list_items_one_per_line() -> None:
    node = first("<ul><li>меморандум;</li><li> соглашение </li><li></li></ul>", "ul")
    assert block_text(node) == "меморандум;\nсоглашение"


def test_block_text_breaks_lines_at_a_br_inside_inline_markup() -> None:
    node = first("<p><em>Участники форума<br>Фото: <a href='/'>Kabar</a></em> 2025</p>", "p")
    assert block_text(node) == "Участники форума\nФото: Kabar 2025"


def test_block_text_turns_br_into_line_breaks() -> None:
    node = first("<p><b>Миграция</b><br>Тема трудовой<br/>миграции</p>", "p")
    assert block_text(node) == "Миграция\nТема трудовой\nмиграции"


def test_block_text_gives_each_paragraph_of_a_quote_separately() -> None:
    node = first("<blockquote><p>Первый абзац.</p><p>Второй абзац.</p></blockquote>", "blockquote")
    assert block_text(node) == "Первый абзац.\n\nВторой абзац."


def test_block_text_of_a_quote_without_paragraphs_is_one_paragraph() -> None:
    node = first("<blockquote>«Цитата» — сказал он.</blockquote>", "blockquote")
    assert block_text(node) == "«Цитата» — сказал он."


def test_join_blocks_skips_empty_blocks() -> None:
    assert join_blocks(["a", "", "b"]) == "a\n\nb"


# -- selectors that leave out furniture ---------------------------------------------------------
_CARDS_PAGE = """<body><main>
<p id="a">text</p>
<div class="card"><div><section><p id="b">deep in a card</p></section></div></div>
<aside><p id="c">in a sidebar</p></aside>
<p id="d" class="card">a card itself</p>
<div class="x, y"><p id="e">a comma inside an attribute value</p></div>
</main></body>"""


def _ids(nodes) -> list[str]:
    return [node.attributes.get("id") for node in nodes]


def test_outside_leaves_out_matches_in_an_area_at_any_depth_and_areas_themselves() -> None:
    tree = LexborHTMLParser(_CARDS_PAGE)
    assert _ids(tree.css(outside("p", ".card, aside"))) == ["a", "e"]
    assert _ids(tree.css(outside("p", "div[class='x, y']"))) == ["a", "b", "c", "d"]


def test_select_outside_answers_as_outside_and_finds_nothing_without_a_match() -> None:
    tree = LexborHTMLParser(_CARDS_PAGE)
    assert _ids(select_outside(tree.root, "p", ".card, aside")) == ["a", "e"]
    assert select_outside(tree.root, "h1", ".card") == []


def test_outside_below_does_not_count_the_root_or_what_is_around_it() -> None:
    tree = LexborHTMLParser(_CARDS_PAGE)
    card = tree.css_first("div.card")
    # The root is a card itself: only areas below it count, and there are none.
    assert _ids(outside_below(card, "p", ".card, aside")) == ["b"]
    assert _ids(outside_below(card, "p", "section")) == []
    assert _ids(outside_below(tree.css_first("main"), "p", ".card")) == ["a", "c", "e"]


def test_areas_found_once_answer_several_questions_as_outside_below_does() -> None:
    tree = LexborHTMLParser(_CARDS_PAGE)
    main = tree.css_first("main")
    cards = areas_below(main, ".card, aside")
    for css in ("p", "p, div", "[id]"):
        assert not_within(main.css(css), cards, main) == outside_below(main, css, ".card, aside")
    assert _ids(not_within(main.css("p"), cards, main)) == ["a", "e"]


def test_outside_of_a_compound_selector_or_a_list_finds_the_same() -> None:
    tree = LexborHTMLParser(_CARDS_PAGE)
    assert outside("p[id]", ".card").startswith("p[id]:not(")
    assert outside("main p", ".card").startswith(":is(main p):not(")
    assert _ids(tree.css(outside("p[id]", ".card, aside"))) == ["a", "e"]
    assert _ids(tree.css(outside("main p", ".card, aside"))) == ["a", "e"]
    assert _ids(tree.css(outside("p, h1", ".card, aside"))) == ["a", "e"]


def test_outermost_keeps_the_boxes_no_other_box_holds_in_their_order() -> None:
    tree = LexborHTMLParser(
        "<div class=box id=a><div class=box id=b></div></div><p class=box id=c></p>"
        "<section><div class=box id=d><span class=box id=e></span></div></section>"
    )
    assert _ids(outermost(tree.css(".box"))) == ["a", "c", "d"]
    assert _ids(outermost(tree.css("span.box, #b"))) == ["b", "e"]


def test_split_selectors_splits_at_top_level_commas_only() -> None:
    assert split_selectors("a, [class='x, y'], :is(b, c) > d,e") == [
        "a",
        "[class='x, y']",
        ":is(b, c) > d",
        "e",
    ]


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Фото: пресс-служба Президента КР", "пресс-служба Президента КР"),
        ("Фото пресс-служба МИД КР", "пресс-служба МИД КР"),
        ("© Александр Казаков/ ТАСС", "Александр Казаков/ ТАСС"),
        ("Photo: AP", "AP"),
        ("Фото © Kabar", "Kabar"),
        ("Фото: © Kabar", "Kabar"),
        ("Фоторепортажи", None),
        ("Фотосессия прошла успешно.", None),
        ("В Бишкеке фото выставка", None),
        ("Фото " + "очень длинная подпись " * 10, None),
    ],
)
def test_credit_of(line: str, credit: str | None) -> None:
    assert credit_of(line) == credit


# -- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:14, 20 января 2021", datetime(2021, 1, 20, 10, 14, tzinfo=BISHKEK)),
        ("05 марта 2013 11:46", datetime(2013, 3, 5, 11, 46, tzinfo=BISHKEK)),
        ("Сегодня 05:30", datetime(2025, 7, 2, 5, 30, tzinfo=BISHKEK)),
        ("Вчера, 14:05", datetime(2025, 7, 1, 14, 5, tzinfo=BISHKEK)),
        ("11 часов ago", datetime(2025, 7, 2, 1, 0, tzinfo=BISHKEK)),
        ("5 минут назад", datetime(2025, 7, 2, 11, 55, tzinfo=BISHKEK)),
        ("26 ноября, 12:30", datetime(2024, 11, 26, 12, 30, tzinfo=BISHKEK)),
        ("без даты", None),
    ],
)
def test_parse_russian_date(text: str, expected: datetime | None) -> None:
    assert parse_russian_date(text, BISHKEK, NOW) == expected


def test_parse_iso_reads_a_naive_value_in_the_outlet_zone_and_keeps_an_explicit_one() -> None:
    assert parse_iso("2025-07-02T05:30:00", MOSCOW) == datetime(2025, 7, 2, 5, 30, tzinfo=MOSCOW)
    aware = parse_iso("2025-07-02T05:30:00+06:00", MOSCOW)
    assert aware is not None
    assert aware.utcoffset() == BISHKEK.utcoffset(None)


def test_parse_iso_tolerates_24kg_stray_backslash() -> None:
    assert parse_iso('2021-01-20\\"', BISHKEK) == date(2021, 1, 20)  # the day alone: no midnight


@pytest.mark.parametrize(
    ("value", "has_time"),
    [("2021-01-20", False), ('2021-01-20\\"', False), ("2021-01-20T10:14:00+06:00", True)],
)
def test_iso_has_time(value: str, has_time: bool) -> None:
    assert iso_has_time(value) is has_time


# -- metadata -----------------------------------------------------------------------------------
PAGE = """<html><head>
<meta property="og:title" content=" Заголовок ">
<link rel="canonical" href="https://example.org/a/1/">
<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},
 {"@type": "NewsArticle", "datePublished": "2021-01-20", "author": [{"name": "Руслан ХАРИЗОВ"}]}]}
</script>
<script type="application/ld+json">{broken</script>
</head><body><span itemprop="datePublished" content="2021-01-20">10:14, 20 января 2021</span>
<div class="date">10:14, 20 января 2021</div></body></html>"""


def test_page_metadata_reads_meta_json_ld_graph_and_microdata() -> None:
    meta = PageMetadata(LexborHTMLParser(PAGE))
    assert meta.first_meta("og:title") == "Заголовок"
    assert meta.article_ld["datePublished"] == "2021-01-20"
    assert ld_names(meta.article_ld["author"]) == ["Руслан ХАРИЗОВ"]
    assert meta.itemprop("datePublished") == ["2021-01-20"]
    assert meta.canonical == "https://example.org/a/1/"


MIXED_HEAD = """<html><head>
<meta name="keywords" content="a"><link rel="stylesheet" href="/s.css">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Первый"}</script>
<meta property="article:tag" content="Один"><link rel="canonical" href="/first/">
<script>var ld = 1;</script><meta property="ARTICLE:TAG" content=" Два ">
<link rel="canonical" href="/second/"><meta property="og:url" content="/og/">
<script type="application/ld+json">{"@type": "WebPage", "name": "Второй"}</script>
</head><body><meta itemprop="x" content="в теле"><link rel="canonical">
<script type="application/ld+json">{"@type": "Article", "headline": "Последний"}</script>
</body></html>"""


def test_page_metadata_keeps_page_order_per_kind_and_the_first_canonical_link() -> None:
    # Each kind keeps its page order; other tags and attributes stay out.
    meta = PageMetadata(LexborHTMLParser(MIXED_HEAD))
    assert meta.meta["article:tag"] == ["Один", "Два"]
    assert "x" not in meta.meta and "keywords" in meta.meta  # itemprop names no meta key
    assert [item.get("headline") or item.get("name") for item in meta.json_ld] == [
        "Первый",
        "Второй",
        "Последний",
    ]
    assert meta.article_ld["headline"] == "Последний"
    assert meta.canonical == "/first/"  # the first canonical link with an address
    assert PageMetadata(LexborHTMLParser(PAGE.replace("canonical", "x"))).canonical is None
    no_link = '<meta property="og:url" content="/og/"><link rel="canonical">'
    assert PageMetadata(LexborHTMLParser(no_link)).canonical == "/og/"


class _Dated(Layout):
    anchor = "body"
    date_css = "div.date"


class _Site(SiteExtractor):
    layouts = (_Dated,)


_OUTLET = Outlet("example", ("example.org",), BISHKEK, Sources(), r"/a/\d+/", extractor=_Site)


def test_a_date_only_machine_date_yields_to_the_visible_date_with_a_time() -> None:
    layout = _Dated(LexborHTMLParser(PAGE), "https://example.org/a/1/", _OUTLET.site_extractor())
    assert layout.published() == datetime(2021, 1, 20, 10, 14, tzinfo=BISHKEK)


def test_image_of_prefers_lazy_source_and_figure_caption() -> None:
    html = (
        '<figure><img src="data:," data-src="/i/1.jpg" alt="alt">'
        "<figcaption>Подпись</figcaption></figure><img src='/i/2.jpg' alt=' Второе '>"
    )
    layout = _Dated(LexborHTMLParser(html), "https://example.org/a/1/", _OUTLET.site_extractor())
    first_img, second_img = layout.tree.css("img")
    image = layout.image_of(first_img, credit="ТАСС")
    assert (image.url, image.caption, image.credit) == (
        "https://example.org/i/1.jpg",
        "Подпись",
        "ТАСС",
    )
    assert layout.image_of(second_img).caption == "Второе"


class _Dropping(Layout):
    anchor = body_css = "div.text"
    drop_css = (".box", ".box a", "aside")


def test_body_drops_nested_boilerplate_once_and_keeps_the_rest() -> None:
    html = (
        '<div class="text"><p>Первый.</p><div class="box"><a>Читайте</a><aside>x</aside></div>'
        "<script>var a;</script><p>Второй <b>абзац</b>.</p></div>"
    )
    layout = _Dropping(LexborHTMLParser(html), "https://example.org/a/1/", _OUTLET.site_extractor())
    layout.prepare()  # the one step that changes the tree; fields only read
    assert layout.body() == "Первый.\n\nВторой абзац."


def test_inline_markup_adds_no_space_but_blocks_and_br_separate_words() -> None:
    tree = LexborHTMLParser(
        "<p id=a>по данным <a>24.kg</a>. <b>Экон</b>омика</p>"
        "<div id=b><p>один</p><p>два</p></div><p id=c>строка<br>вторая <i>строка</i>,</p>"
    )
    assert node_text(tree.css_first("#a")) == "по данным 24.kg. Экономика"
    assert node_text(tree.css_first("#b")) == "один два"
    assert block_text(tree.css_first("#c")) == "строка\nвторая строка,"


def test_images_from_keeps_each_address_once_and_credits_the_first() -> None:
    html = '<img src="/i/1.jpg" alt="Подпись"><img src="/i/2.jpg"><img src="data:,">'
    layout = _Dated(LexborHTMLParser(html), "https://example.org/a/1/", _OUTLET.site_extractor())
    credits = [(None, "ТАСС")]  # a credit that stands by no picture goes to the first one
    images = layout.images_from("https://example.org/i/1.jpg", layout.tree.css("img"), credits)
    assert [(i.url, i.caption, i.credit) for i in images] == [
        ("https://example.org/i/1.jpg", "Подпись", "ТАСС"),
        ("https://example.org/i/2.jpg", None, None),
    ]


MICRODATA = (
    '<div itemscope><span itemprop="datePublished">a</span><span itemprop="DatePublished">b</span>'
    '<span itemprop="datePublished ">c</span><span itemprop="datePublished">d</span>'
    '<div class="newsCat">Власть</div><div itemprop="author"><b itemprop="name">Имя</b></div></div>'
)


def test_itemprop_nodes_are_what_the_attribute_selector_finds_exactly_and_in_order() -> None:
    tree = LexborHTMLParser(MICRODATA)
    meta = PageMetadata(tree)
    assert [node.text() for node in meta.itemprop_nodes("datePublished")] == ["a", "d"]
    assert meta.itemprop("datePublished") == ["a", "d"]
    assert meta.itemprop_nodes("dateModified") == []


def test_answerable_leaves_out_only_selectors_whose_microdata_the_page_lacks() -> None:
    page = LexborHTMLParser(MICRODATA)
    layout = _Dated(page, "https://example.org/a/1/", _OUTLET.site_extractor())
    assert layout.answerable(".newsCat, [itemprop=articleSection]") == ".newsCat"
    assert layout.answerable("[itemprop=articleSection]") is None
    # `[itemprop=author] [itemprop=name]` needs both, and here has both: asked as written
    assert layout.answerable("[itemprop=author] [itemprop='name']") == (
        "[itemprop=author] [itemprop='name']"
    )
    assert layout.answerable("b:not([itemprop=headline])") == "b:not([itemprop=headline])"
    assert layout.texts(".newsCat, [itemprop=articleSection]") == ["Власть"]
    assert layout.texts("[itemprop=author] [itemprop=name]") == ["Имя"]
    assert layout.first("[itemprop=headline], .newsCat").text() == "Власть"
