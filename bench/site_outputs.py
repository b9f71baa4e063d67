"""Every site extractor's output on the pages the tests use, as one canonical JSON: a guard for
speed work, whose changes must leave every output as it was.

    .venv/bin/python bench/site_outputs.py -o /tmp/before.json   # before a change
    .venv/bin/python bench/site_outputs.py -o /tmp/after.json    # after it
    diff /tmp/before.json /tmp/after.json                         # no line may differ

The pages: every golden page in fixtures/pages/ (article or not: a refusal is recorded as its
error) and the generated variants of tests/test_variants_furniture_unseen.py (furniture and
guard sentences in every outlet's markup). Each is extracted with `force="site"`.

With `--force fallback` it guards the generic extractor instead: every golden page and every
page of the public sets (bench/pagesets.py: AEB and fundus, both parts), each extracted with
`force="fallback"`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this tree's extractors; the variant builders

from extractors import Article, ExtractionError, extract  # noqa: E402


def golden_cases(force: str = "site") -> Iterator[tuple[str, Callable[[], Article]]]:
    """(name, extraction) of every golden page that has an HTML file and an address."""
    for spec_path in sorted((ROOT / "fixtures" / "pages").glob("*/*.json")):
        html_path = spec_path.with_suffix(".html")
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        url = spec.get("url") or (spec.get("expected") or {}).get("url")
        if html_path.exists() and url:
            html = html_path.read_bytes()
            name = f"{spec_path.parent.name}/{spec_path.stem}"
            yield name, lambda html=html, url=url: extract(html, url, force=force)


def variant_cases() -> Iterator[tuple[str, Callable[[], Article]]]:
    """(name, extraction) of the unseen-furniture and guard variants."""
    import test_variants_furniture_unseen as unseen

    for case in [*unseen.CASES, *unseen.GUARD_CASES]:
        yield case.id, lambda case=case: unseen._extract(case.outlet, case.html())


def public_cases() -> Iterator[tuple[str, Callable[[], Article]]]:
    """(name, extraction by the fallback) of every page of the public sets."""
    from pagesets import PUBLIC_SETS, public_pages

    for set_name in PUBLIC_SETS:
        for page in public_pages(set_name):
            yield (
                f"{set_name}/{page.name}",
                lambda page=page: extract(page.html, page.url, force="fallback"),
            )


def outcome(run: Callable[[], Article]) -> dict | str:
    """The article's fields (fetch time left out), or the error that refused the page."""
    try:
        article = run()
    except ExtractionError as exc:
        return f"{type(exc).__name__}: {exc}"
    fields = article.to_dict()
    fields.pop("fetched_at", None)
    return fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument(
        "--force",
        choices=("site", "fallback"),
        default="site",
        help="guard the site extractors (default) or the fallback",
    )
    args = parser.parse_args(argv)
    if args.force == "fallback":
        cases = [*golden_cases("fallback"), *public_cases()]
    else:
        cases = [*golden_cases(), *variant_cases()]
    results = {name: outcome(run) for name, run in cases}
    text = json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{len(results)} pages -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
