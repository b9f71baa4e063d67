"""The extraction chain's decisions and the provenance it records."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from extractors import NotAnArticle, UnrecognisedLayout, extract, outlet_for_url
from extractors.chain import MIN_BODY_CHARS
from extractors.decode import decode_page

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
SENTENCE = "Власти Бишкека объявили о ремонте дорог в южной части города этим летом. "
GENERIC_PAGE = f"""<html lang="ru"><head><title>Ремонт дорог</title></head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article><h1>Ремонт дорог</h1><p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></article>
<footer>© Редакция</footer></body></html>"""


def golden(outlet: str, name: str) -> tuple[str, bytes]:
    meta = json.loads((PAGES / outlet / f"{name}.json").read_text(encoding="utf-8"))
    return meta["url"], (PAGES / outlet / f"{name}.html").read_bytes()


def test_a_recognised_page_is_read_by_its_site_extractor():
    url, page = golden("tass", "002-putin-kirgiziya-nextjs")
    article = extract(page, url)
    assert article.extractor.startswith("site:tass/")
    assert article.fallback_reason is None


def test_an_unrecognised_layout_falls_back_and_says_why():
    url, page = golden("news-asia", "redesign-unrecognised")
    with pytest.raises(UnrecognisedLayout):
        extract(page, url, force="site")
    article = extract(page, url)
    assert article.extractor.startswith("trafilatura@")
    assert article.outlet == "news-asia"
    assert article.fallback_reason.startswith("news-asia: unrecognised layout")


def test_an_implausible_site_article_falls_back():
    """A page that matches a layout but whose text element is nearly empty."""
    stub = (
        '<html><body><div itemscope itemtype="http://schema.org/NewsArticle">'
        '<h1 class="newsTitle">Заголовок</h1><div class="cont" itemprop="articleBody">'
        "<p>Коротко.</p></div></div>"
        f"<div class='other'><p>{SENTENCE * 4}</p></div></body></html>"
    )
    with pytest.raises(UnrecognisedLayout, match="implausible"):
        extract(stub, "https://24.kg/vlast/1_x/", force="site")
    article = extract(stub, "https://24.kg/vlast/1_x/")
    assert article.extractor.startswith("trafilatura@")
    assert "implausible article (body of" in article.fallback_reason
    assert len("Коротко.") < MIN_BODY_CHARS


def test_an_unknown_host_goes_straight_to_the_fallback():
    article = extract(GENERIC_PAGE, "https://news.example.kz/a/1")
    assert article.extractor.startswith("trafilatura@")
    assert article.outlet == "news.example.kz"
    assert article.fallback_reason is None  # no site extractor was skipped
    with pytest.raises(UnrecognisedLayout, match="no site extractor"):
        extract(GENERIC_PAGE, "https://news.example.kz/a/1", force="site")


def test_forced_fallback_on_an_outlet_page_is_recorded():
    url, page = golden("24kg", "003-japarov-putin-talks")
    article = extract(page, url, force="fallback")
    assert article.extractor.startswith("trafilatura@")
    assert article.outlet == "24kg"
    assert article.fallback_reason == "forced fallback"


def test_a_listing_is_not_an_article_and_is_not_sent_to_the_fallback():
    url, page = golden("24kg", "vlast-section-listing")
    with pytest.raises(NotAnArticle):
        extract(page, url)


def test_a_page_with_only_a_menu_is_not_an_article():
    with pytest.raises(NotAnArticle):
        extract("<html><body><div>Меню</div><a href='/'>Главная</a></body></html>", "https://e.kz/")


def test_the_outlet_argument_routes_a_configured_host():
    url, page = golden("realist", "001-moskva-bishkek-yoast")
    mirror = url.replace("realist.kg", "realist.example.org")
    assert extract(page, mirror).extractor.startswith("trafilatura@")
    assert extract(page, mirror, outlet="realist").extractor.startswith("site:realist/")


def test_outlet_names_for_urls():
    assert outlet_for_url("https://24-kg.com/obschestvo/1_x/") == "24kg"
    assert outlet_for_url("https://www.news-asia.ru/view/5/10322") == "news-asia"
    assert outlet_for_url("https://www.example.org/a") == "example.org"


def test_an_unknown_force_is_a_programming_error():
    with pytest.raises(ValueError, match="force"):
        extract(GENERIC_PAGE, "https://e.kz/", force="other")  # type: ignore[arg-type]


def test_a_page_nested_beyond_any_real_one_is_refused_unparsed():
    text = "<p>" + "слово " * 50 + "</p>"
    deep = "<html><body>" + "<div>" * 60_000 + text + "</div>" * 60_000 + "</body></html>"
    started = time.process_time()
    with pytest.raises(NotAnArticle, match="nested"):
        extract(deep, "https://www.news-asia.ru/view/1/2")
    # Parsed, it would take seconds (50,000 levels took 8); refused unparsed, a fraction of one.
    assert time.process_time() - started < 2, "bounded time: CPU seconds, generous"


def test_a_deep_page_given_as_utf8_bytes_is_refused_unparsed_too():
    deep = "<html><body>" + "<div>Ё" * 30_000 + "</div>" * 30_000 + "</body></html>"
    with pytest.raises(NotAnArticle, match="nested"):
        extract(deep.encode(), "https://24.kg/vlast/352364_x/")


def test_tags_are_counted_alike_in_the_bytes_and_in_the_text():
    from extractors.chain import _tag_marks

    page = "<p>«Жапаров» <b>и</b> Путин</p><br>"
    assert _tag_marks(page) == _tag_marks(page.encode()) == 5
    assert _tag_marks(b"") == _tag_marks("") == 0


def test_a_large_flat_page_is_not_mistaken_for_a_deep_one():
    from extractors.chain import MAX_NESTING, nesting_depth

    flat = "<html><body>" + "<p>слово</p><br><img src=x>" * (MAX_NESTING + 10) + "</body></html>"
    assert 0 < nesting_depth(flat) <= 3


def test_the_parser_gets_a_utf8_pages_own_bytes_and_the_text_of_any_other() -> None:
    page = "<html><body><h1>Жапаров в Москве</h1><p>Текст</p></body></html>"
    utf8 = page.encode("utf-8")
    text, source = decode_page(utf8)
    assert text == page and source is utf8  # no copy, no re-encoding
    cp1251 = page.replace("<html>", '<html><meta charset="windows-1251">').encode("cp1251")
    text, source = decode_page(cp1251)
    assert "Жапаров в Москве" in text and source == text
    bom = b"\xef\xbb\xbf" + utf8
    assert decode_page(bom) == (page, page)
    assert decode_page(page) == (page, page)
    # Either way the site extractor reads the same article.
    for name in ("24kg/heavy-352364-talks-microdata", "tass/002-putin-kirgiziya-nextjs"):
        spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
        url = spec.get("url") or spec["expected"]["url"]
        news = (PAGES / f"{name}.html").read_bytes()
        assert extract(news, url) == extract(news.decode("utf-8"), url)


@pytest.mark.parametrize(
    "page", [b"", b" \t\r\n\x0b\x0c", b"\xef\xbb\xbf  ", "", " \u00a0\u2003\n"]
)
def test_a_page_of_whitespace_alone_is_empty(page: bytes | str) -> None:
    with pytest.raises(NotAnArticle, match="empty document"):
        decode_page(page)


def test_a_page_with_one_visible_character_is_not_empty() -> None:
    assert decode_page(b"  x  ")[0] == "  x  "
    assert decode_page("\u00a0x")[0] == "\u00a0x"
