"""The page sets the extraction bench scores: golden outlet pages and two public benchmarks.

Every set is a list of `Page`s: the page's address, its bytes as served and the article text a
reader would call the article (the truth the metric compares against).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from extractors.overlap import reader_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_DIR = ROOT / "fixtures" / "pages"
# The public benchmarks live beside the project (read-only team material).
PUBLIC_SETS = ("aeb", "fundus")
# Real pages of the four outlets weigh 80–400 KB; golden pages this heavy are timed apart from the
# small ones (tests/test_golden_pages.py holds every outlet to two of them).
REAL_WEIGHT = 80_000


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: bytes
    truth: str
    publisher: str = ""


def is_real_weight(page: Page) -> bool:
    """Whether a page weighs what real outlet pages weigh (bytes as served)."""
    return len(page.html) >= REAL_WEIGHT


def is_tuning(page: Page) -> bool:
    """Whether a public page is in the part rules may be tuned on (the rest is reported untuned).

    The split is by publisher, so no layout tuned on is reported as untuned: a publisher whose
    name's SHA-1 starts with 0-7 is in the tuning part. Fixed by rule, not chosen by looking.
    """
    return hashlib.sha1(page.publisher.encode()).hexdigest()[0] in "01234567"


def _publisher(entry: dict) -> str:
    """fundus names the publisher; AEB gives only the address: its host without www."""
    if entry.get("publisher"):
        return entry["publisher"]
    host = urlsplit(entry["url"]).hostname or ""
    return host.removeprefix("www.")


def shared_dir() -> Path:
    """The team's shared/ directory: $NEWSASIA_SHARED, else beside the project root."""
    override = os.environ.get("NEWSASIA_SHARED")
    return Path(override) if override else ROOT.parent / "shared"


def public_pages(name: str, shared: Path | None = None) -> list[Page]:
    """A public benchmark's pages (`aeb` or `fundus`): ground-truth.json + html/<id>.html.gz."""
    directory = (shared or shared_dir()) / name
    truths = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            name=page_id,
            url=entry["url"],
            html=gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes()),
            truth=entry["articleBody"],
            publisher=_publisher(entry),
        )
        for page_id, entry in sorted(truths.items())
    ]


def golden_pages(directory: Path = GOLDEN_DIR) -> list[Page]:
    """The outlets' golden pages that hold an article (pages to be refused have no truth)."""
    pages = []
    for json_path, spec in _golden_specs(directory):
        expected = spec.get("expected", spec)  # {"expected": {...}} or the Article itself
        if not expected or not expected.get("body"):
            continue
        html_path = next(
            (
                p
                for p in (json_path.with_suffix(".html"), json_path.with_suffix(".html.gz"))
                if p.exists()
            ),
            None,
        )
        if html_path is None:
            continue
        data = html_path.read_bytes()
        pages.append(
            Page(
                name=f"{json_path.parent.name}/{json_path.stem}",
                url=spec.get("url") or expected["url"],
                html=gzip.decompress(data) if html_path.suffix == ".gz" else data,
                truth=reader_text(expected.get("lead"), expected["body"]),
            )
        )
    return pages


def _golden_specs(directory: Path) -> Iterator[tuple[Path, dict]]:
    if not directory.is_dir():
        return
    for json_path in sorted(directory.glob("*/*.json")):
        spec = json.loads(json_path.read_text(encoding="utf-8"))
        if isinstance(spec, dict):
            yield json_path, spec
