"""Golden pages (fixtures/pages/<outlet>/): every field of every page against its hand-written
truth, no boilerplate, and pages at the weight real outlet pages have.

The pages and their loader live in fixtures/pages/update_expected.py, the script that shows where
extraction and truth differ; the tests only read them. Truths are written by hand from the source
text (fixtures/pages/SOURCES.md), never from extractor output.
"""

from __future__ import annotations

import html
import importlib.util
import json
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from extractors import Article, NotAnArticle, UnrecognisedLayout, extract
from extractors.decode import decode_html
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
# Every Article field a golden page states (the fetch time is the crawl's, not the page's).
ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "fetched_at")
# What real pages of these outlets weigh (80–400 KB): each outlet needs pages this heavy.
REAL_WEIGHT = 80_000
CLASSIFIER_PENDING = "a known extractor gap (issue 13)"
NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})

# (page, field) pairs today's extractors get wrong on the real-weight pages: expected failures
# that turn into errors once fixed (strict), so the marker is removed with the fix.
FIELD_FAILURES: dict[tuple[str, str], str] = {}
# (page, text field) pairs where a must_not_contain string reaches the field today.
LEAKS: dict[tuple[str, str], str] = {}


def ids(pages: list) -> list[str]:
    return [page.name for page in pages]


def _pending(known: dict[tuple[str, str], str], page, field: str):
    reason = known.get((page.name, field))
    if reason is None:
        return pytest.param(page, field, id=f"{page.name}-{field}")
    return pytest.param(
        page,
        field,
        id=f"{page.name}-{field}",
        marks=pytest.mark.xfail(strict=True, reason=f"{reason} — {CLASSIFIER_PENDING}"),
    )


def page_text(page) -> str:
    """The page as a reader's browser has it: the decoded source and its document text, with
    no-break spaces read as spaces (extracted text has plain ones)."""
    source = decode_html(page.html_bytes())
    text = html.unescape(source) + "\n" + LexborHTMLParser(source).root.text(deep=True)
    return text.translate(NO_BREAK_SPACES)


_extracted: dict[str, dict] = {}


def extracted(page) -> dict:
    """The page's Article fields, extracted once per page for all its field tests."""
    if page.name not in _extracted:
        _extracted[page.name] = golden.expected_fields(page.extract())
    return _extracted[page.name]


@pytest.mark.parametrize(
    ("page", "field"),
    [_pending(FIELD_FAILURES, page, field) for page in ARTICLES for field in ARTICLE_FIELDS],
)
def test_every_field_is_exactly_as_the_truth(page, field) -> None:
    expected = page.expected
    assert field in expected, f"{page.name}: the truth does not state {field}"
    assert extracted(page)[field] == expected[field], f"{page.name}: {field} differs"


@pytest.mark.parametrize("page", ARTICLES, ids=ids(ARTICLES))
def test_truths_state_article_fields_only(page) -> None:
    assert set(page.expected) == set(ARTICLE_FIELDS), f"{page.name}: unknown or missing fields"
    assert set(extracted(page)) == set(ARTICLE_FIELDS)


@pytest.mark.parametrize(
    ("page", "field"),
    [_pending(LEAKS, page, field) for page in ARTICLES for field in TEXT_FIELDS],
)
def test_no_boilerplate_reaches_the_text_fields(page, field) -> None:
    value = extracted(page)[field]
    text = "\n".join(value) if isinstance(value, list) else value or ""
    leaks = [needle for needle in page.must_not_contain if needle in text]
    assert not leaks, f"{page.name}: boilerplate in {field}: {leaks}"


@pytest.mark.parametrize("page", ARTICLES, ids=ids(ARTICLES))
def test_every_page_lists_its_boilerplate(page) -> None:
    assert page.must_not_contain, f"{page.name}: list the page's boilerplate strings"


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_every_must_not_contain_string_occurs_in_its_page(page) -> None:
    """A boilerplate string the page does not hold checks nothing."""
    text = page_text(page)
    absent = [needle for needle in page.must_not_contain if needle not in text]
    assert not absent, f"{page.name}: must_not_contain strings not in the page: {absent}"


@pytest.mark.parametrize("page", ARTICLES, ids=ids(ARTICLES))
def test_no_must_not_contain_string_is_in_the_truth(page) -> None:
    """A boilerplate string the truth itself holds could never pass."""
    truth = page.expected
    texts = {
        name: "\n".join(truth[name]) if isinstance(truth[name], list) else truth[name] or ""
        for name in TEXT_FIELDS
    }
    clashes = [
        (name, needle)
        for needle in page.must_not_contain
        for name, text in texts.items()
        if needle in text
    ]
    assert not clashes, f"{page.name}: truth holds its own boilerplate strings {clashes}"


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


@pytest.mark.parametrize("site", SITE_EXTRACTORS, ids=[site.outlet for site in SITE_EXTRACTORS])
def test_every_outlet_has_article_pages_at_real_weight(site) -> None:
    heavy = [
        page
        for page in ARTICLES
        if page.outlet == site.outlet and len(page.html_bytes()) >= REAL_WEIGHT
    ]
    assert len(heavy) >= 2, f"{site.outlet}: {ids(heavy)} weigh {REAL_WEIGHT:,} bytes or more"


def test_update_expected_shows_differences_and_writes_nothing(tmp_path, capsys) -> None:
    """The review script reports a field that differs from the truth and leaves the truth as
    it is (truths are written by hand, never from extractor output): a copy of a golden page
    whose truth names a wrong section."""
    page = next(page for page in ARTICLES if page.name == "24kg/heavy-344843-week-no-microdata")
    copy_dir = tmp_path / page.outlet
    copy_dir.mkdir()
    (copy_dir / page.html_path.name).write_bytes(page.html_path.read_bytes())
    spec = json.loads(page.json_path.read_text(encoding="utf-8"))
    spec["expected"]["section"] = "Спорт"
    truth = copy_dir / page.json_path.name
    truth.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    before = truth.read_bytes()
    assert golden.main([str(truth)]) == 1
    printed = capsys.readouterr().out
    assert f"{page.name}:" in printed
    assert '  section: truth "Спорт"' in printed
    assert "  tags: " not in printed  # the tag line after the text is read (no difference)
    assert truth.read_bytes() == before


def test_update_expected_is_quiet_on_a_page_that_matches() -> None:
    page = next(page for page in ARTICLES if not any(key[0] == page.name for key in FIELD_FAILURES))
    assert golden.differences(page) == []
