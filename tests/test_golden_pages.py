"""Golden pages (fixtures/pages/<outlet>/): every field of every page exactly, no boilerplate.

The pages and their loader live in fixtures/pages/update_expected.py, the script that
regenerates the expectations for review; the tests only read them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from extractors import NotAnArticle, UnrecognisedLayout, extract
from extractors.fallback import NAME as FALLBACK_NAME
from extractors.outlets import SITE_EXTRACTORS

PAGES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

_spec = importlib.util.spec_from_file_location("update_expected", PAGES_DIR / "update_expected.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = golden  # dataclasses look their module up while it loads
_spec.loader.exec_module(golden)

PAGES = golden.all_pages()
ARTICLES = [page for page in PAGES if page.refuses is None]
REFUSED = [page for page in PAGES if page.refuses is not None]
ERRORS = {"UnrecognisedLayout": UnrecognisedLayout, "NotAnArticle": NotAnArticle}
# The outlets whose pages are not UTF-8.
ENCODINGS = {"news-asia": "cp1251"}
TEXT_FIELDS = ("title", "lead", "body", "authors", "section", "tags")


def ids(pages: list) -> list[str]:
    return [page.name for page in pages]


@pytest.mark.parametrize("page", ARTICLES, ids=ids(ARTICLES))
def test_every_field_is_exactly_as_expected(page) -> None:
    actual = golden.expected_fields(page.extract())
    expected = page.expected
    assert expected is not None, f"{page.name}: no expectation (run update_expected.py)"
    wrong = [
        name for name in expected.keys() | actual.keys() if actual.get(name) != expected.get(name)
    ]
    assert actual == expected, f"{page.name}: fields differ: {sorted(wrong)}"


@pytest.mark.parametrize("page", ARTICLES, ids=ids(ARTICLES))
def test_no_boilerplate_reaches_the_text_fields(page) -> None:
    article = page.extract()
    values = {name: getattr(article, name) for name in TEXT_FIELDS}
    texts = {
        name: "\n".join(value) if isinstance(value, list) else value or ""
        for name, value in values.items()
    }
    assert page.must_not_contain, f"{page.name}: list the page's boilerplate strings"
    leaks = [
        (name, needle)
        for needle in page.must_not_contain
        for name, text in texts.items()
        if needle in text
    ]
    assert not leaks, f"{page.name}: boilerplate in {leaks}"


@pytest.mark.parametrize("page", REFUSED, ids=ids(REFUSED))
def test_the_site_extractor_refuses_the_page(page) -> None:
    with pytest.raises(ERRORS[page.refuses]):
        page.extract()


@pytest.mark.parametrize("page", REFUSED, ids=ids(REFUSED))
def test_the_chain_falls_back_on_unrecognised_pages_only(page) -> None:
    if page.refuses == "NotAnArticle":
        with pytest.raises(NotAnArticle):
            extract(page.html_bytes(), page.url)
        return
    article = extract(page.html_bytes(), page.url)
    assert article.extractor == FALLBACK_NAME
    assert article.fallback_reason is not None
    assert article.fallback_reason.startswith(f"{page.outlet}: unrecognised layout")
    assert article.body.strip()


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_page_bytes_are_in_the_outlets_encoding(page) -> None:
    data = page.html_bytes()
    encoding = ENCODINGS.get(page.outlet, "utf-8")
    data.decode(encoding)  # raises if the page is not in its outlet's encoding
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_expectations_name_the_pages_outlet(page) -> None:
    if page.expected is not None:
        assert page.expected["outlet"] == page.outlet
        assert page.expected["extractor"].startswith(f"site:{page.outlet}/")
    else:
        assert page.refuses in ERRORS


@pytest.mark.parametrize("site", SITE_EXTRACTORS, ids=[site.outlet for site in SITE_EXTRACTORS])
def test_every_outlet_has_golden_pages_and_a_refused_one(site) -> None:
    pages = [page for page in PAGES if page.outlet == site.outlet]
    assert len(pages) >= 5, f"{site.outlet}: {len(pages)} golden pages, at least 5 wanted"
    assert any(page.refuses for page in pages), f"{site.outlet}: no page it must refuse"
    unknown = [page for page in pages if page.refuses == "UnrecognisedLayout"]
    assert unknown, f"{site.outlet}: no unknown-layout page to show the fallback taking over"
