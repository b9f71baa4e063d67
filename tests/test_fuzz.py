"""Fuzzing the extraction chain: mutated golden pages and random bytes.

The only exception allowed out of `extractors.extract` is ExtractionError, and no case may
take over 2 s (hypothesis' deadline). Derandomised so CI runs the same cases every time.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ExtractionError, extract

PAGES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
FALLBACK_PAGE = (
    "<html><head><meta charset='utf-8'><title>Заголовок</title></head><body><article>"
    "<h1>Заголовок новости</h1><p>" + "Первый абзац новости о погоде в Бишкеке. " * 8 + "</p>"
    "<ul><li>пункт</li></ul><blockquote><p>цитата</p></blockquote></article></body></html>"
).encode()


def golden_pages() -> list[tuple[str, bytes]]:
    """(url, bytes) of every golden page; one synthetic page when there are none yet."""
    pages = []
    for meta in sorted(PAGES_DIR.glob("*/*.json")):
        for page in (meta.with_suffix(".html"), meta.with_suffix(".html.gz")):
            if page.exists():
                raw = page.read_bytes()
                body = gzip.decompress(raw) if page.suffix == ".gz" else raw
                pages.append((json.loads(meta.read_text(encoding="utf-8"))["url"], body))
    return pages or [("https://example.org/news/1", FALLBACK_PAGE)]


PAGES = golden_pages()
# Warm-up: the first call loads lazy data (trafilatura's and dateparser's tables), which takes
# longer than a case's deadline on a loaded machine; the deadline is for the cases themselves.
for _url, _page in PAGES[:3]:
    with contextlib.suppress(ExtractionError):
        extract(_page, _url, force="fallback")
FUZZ = settings(
    max_examples=1000,
    deadline=timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
URLS = st.sampled_from([url for url, _ in PAGES] + ["https://unknown.example/a"])


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[str, bytes]:
    url, page = draw(st.sampled_from(PAGES))
    data = bytearray(page)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        start = draw(st.integers(0, len(data) - 1))
        end = min(len(data), start + draw(st.integers(1, 4096)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "flip", "truncate"]))
        if operation == "delete":
            del data[start:end]
        elif operation == "insert":
            data[start:start] = draw(
                st.sampled_from(
                    [b"<div>" * 500, b"</p></div>", b"\x00\xff\xfe", b"<!--", b"<![CDATA["]
                )
            )
        elif operation == "duplicate":
            data[start:start] = data[start:end]
        elif operation == "flip":
            data[start] ^= draw(st.integers(1, 255))
        else:
            del data[start:]
    return url, bytes(data)


def extract_or_refuse(data: bytes, url: str) -> None:
    try:
        article = extract(data, url)
    except ExtractionError:
        return
    assert article.title is not None and article.body.strip()


@pytest.mark.slow
@FUZZ
@given(mutated_page())
def test_mutated_golden_pages_extract_or_refuse(case: tuple[str, bytes]) -> None:
    url, data = case
    extract_or_refuse(data, url)


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=20_000), URLS)
def test_random_bytes_extract_or_refuse(data: bytes, url: str) -> None:
    extract_or_refuse(data, url)
