"""`newsasia explain`'s report: one self-contained HTML page showing a page's blocks in reading
order, kept or removed and why, beside the Article extracted from it.

Everything taken from the page is escaped (`html.escape`), and a Content-Security-Policy in the
page forbids scripts, frames, fonts, connections and any picture but inline data: nothing from
the page can run or load, even where escaping were to miss. No script of our own either: the
report is plain HTML and CSS (side by side on a wide screen, stacked on a phone).

DOM hooks, for tests and for anyone scripting over reports: each block is
`<section class="block kept" data-role="body" …>` or
`<section class="block removed" data-kind="caption" data-reason="…" data-source="classifier">`;
the Article's JSON is in `<pre id="article-json">`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from html import escape
from itertools import groupby
from urllib.parse import urlsplit

from extractors.explain import ExplainedBlock, Explanation

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
# A removed block outside the text can be a whole sidebar: shown up to this many characters.
MAX_SHOWN_CHARS = 600
# This many blocks in a row that no step read (the page's chrome: menus, sidebars, other
# stories) fold into one line a reader opens (<details>: no script needed).
MIN_FOLDED_RUN = 3
_NEVER_READ = frozenset({"outside", "unread"})
# How a removed block's kind reads to a person where the kind is the code's word, not one (the
# data-kind attribute keeps the code for scripts).
KIND_WORDS = {
    "outside": "outside the article",
    "unread": "not read",
    "dropped": "dropped by the layout",
    "chrome": "site boilerplate",
}

_STYLE = """
:root { --kept: #1a7f37; --removed: #b35900; --ink: #1f2328; --muted: #59636e;
  --line: #d1d9e0; --kept-bg: #f0fff4; --removed-bg: #fbf7f2; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header.summary { padding: 1rem 1.25rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
header.summary h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
header.summary p { margin: .25rem 0; overflow-wrap: anywhere; }
.legend span { display: inline-block; margin-right: .75rem; padding-left: .4rem; }
.legend .legend-kept { border-left: 4px solid var(--kept); }
.legend .legend-removed { border-left: 4px dashed var(--removed); }
main { display: grid; grid-template-areas: "article" "blocks"; gap: 1.25rem; padding: 1rem; }
#blocks { grid-area: blocks; min-width: 0; }
#article { grid-area: article; min-width: 0; }
@media (min-width: 62rem) {
  main { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    grid-template-areas: "blocks article"; }
  #article { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
}
h2 { font-size: 1.1rem; margin: .25rem 0 .75rem; }
.block { margin: 0 0 .6rem; padding: .5rem .75rem; border-left: 4px solid; border-radius: 4px; }
.block.kept { border-color: var(--kept); background: var(--kept-bg); }
.block.removed { border-color: var(--removed); background: var(--removed-bg); color: var(--muted);
  border-left-style: dashed; }
.block .what { font-size: .8rem; font-weight: 600; text-transform: uppercase;
  letter-spacing: .02em; overflow-wrap: anywhere; }
.block.kept .what { color: var(--kept); }
.block.removed .what { color: var(--removed); }
.block .what code { text-transform: none; font-weight: 400; color: var(--muted); }
.block .text { margin: .25rem 0; white-space: pre-line; overflow-wrap: anywhere; }
.block.removed .text { font-size: .92rem; }
.block .reason { margin: .25rem 0 0; font-size: .85rem; font-style: italic;
  overflow-wrap: anywhere; }
dl { margin: 0; }
dt { font-weight: 600; margin-top: .6rem; }
dd { margin: .1rem 0 0; overflow-wrap: anywhere; }
.body p { margin: 0 0 .6rem; white-space: pre-line; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; background: #f6f8fa;
  padding: .5rem; border-radius: 4px; }
.none, .from-markup { color: var(--muted); font-style: italic; }
.from-markup { display: block; font-size: .85rem; }
details.folded { margin: 0 0 .6rem; padding: .4rem .75rem; border-left: 4px dashed var(--removed);
  border-radius: 4px; background: var(--removed-bg); color: var(--muted); }
details.folded summary { cursor: pointer; font-size: .9rem; overflow-wrap: anywhere; }
details.folded .first { font-style: italic; }
details.folded[open] { padding-bottom: 0; }
details.folded .block { margin-left: -.5rem; }
"""


def render(explanation: Explanation) -> str:
    """The report of one explained page, as a complete HTML document."""
    article = explanation.article
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="ru">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>newsasia explain: {escape(article.title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            _summary(explanation),
            "<main>",
            '<div id="blocks">',
            "<h2>The page, block by block, in reading order</h2>",
            *_blocks(explanation.blocks),
            "</div>",
            _article(explanation),
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _summary(explanation: Explanation) -> str:
    article = explanation.article
    kept, removed = explanation.kept, explanation.removed
    kinds = Counter(_kind_words(block.kind) for block in removed)
    by_kind = ", ".join(f"{kind} {count}" for kind, count in kinds.most_common())
    how = (
        "the outlet's site extractor"
        if explanation.by_site_extractor
        else "the trafilatura fallback"
    )
    lines = [
        '<header class="summary">',
        "<h1>What newsasia kept from this page, and why</h1>",
        f'<p class="url">{escape(explanation.url)}</p>',
        f"<p>Extracted by {how}: <code>{escape(article.extractor)}</code></p>",
    ]
    # The fallback with no reason given: the chain had no site extractor for the host at all.
    skipped = article.fallback_reason or (
        None
        if explanation.by_site_extractor
        else f"no site extractor for {urlsplit(explanation.url).hostname}"
    )
    if skipped:
        lines.append(
            f'<p class="fallback-reason">The site extractor was skipped: {escape(skipped)}</p>'
        )
    lines += [
        f'<p class="counts">{len(kept)} blocks kept, {len(removed)} removed'
        + (f" ({escape(by_kind)})" if by_kind else "")
        + "</p>",
        '<p class="legend"><span class="what">Legend:</span> '
        '<span class="legend-kept">kept: in the Article, as the field named</span> '
        '<span class="legend-removed">removed: not in the Article, with the reason</span></p>',
        "</header>",
    ]
    return "\n".join(lines)


def _blocks(blocks: list[ExplainedBlock]) -> Iterator[str]:
    """The blocks in order, runs of blocks no step read folded."""
    for never_read, run in groupby(blocks, key=lambda block: block.kind in _NEVER_READ):
        shown = list(run)
        if not never_read or len(shown) < MIN_FOLDED_RUN:
            yield from map(_block, shown)
            continue
        reasons = Counter(block.reason for block in shown).most_common(1)[0][0]
        first = shown[0].text if len(shown[0].text) <= 80 else shown[0].text[:80] + "…"
        yield (
            f'<details class="folded" data-blocks="{len(shown)}"><summary>'
            f"{len(shown)} blocks removed: {escape(reasons)} "
            f'<span class="first">({escape(first)} …)</span></summary>'
        )
        yield from map(_block, shown)
        yield "</details>"


def _block(block: ExplainedBlock) -> str:
    element = f" <code>{escape(block.element)}</code>" if block.element else ""
    text = block.text
    if not block.kept and len(text) > MAX_SHOWN_CHARS:
        more = len(text) - MAX_SHOWN_CHARS
        text = f"{text[:MAX_SHOWN_CHARS]}… ({more:,} more character{'s' if more > 1 else ''})"
    if block.kept:
        opening = (
            f'<section class="block kept" data-role="{escape(block.role or "")}" '
            f'data-kind="{escape(block.kind)}" data-source="{escape(block.source)}">'
        )
        what = f"kept · {escape(block.role or '')}"
    else:
        opening = (
            f'<section class="block removed" data-kind="{escape(block.kind)}" '
            f'data-reason="{escape(block.reason)}" data-source="{escape(block.source)}">'
        )
        what = f"removed · {escape(_kind_words(block.kind))}"
    return (
        f'{opening}<div class="what">{what}{element}</div>'
        f'<p class="text">{escape(text)}</p>'
        f'<p class="reason">{escape(_source_name(block.source))}: {escape(block.reason)}</p>'
        "</section>"
    )


def _kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind)


def _source_name(source: str) -> str:
    return {
        "classifier": "furniture classifier",
        "selector": "layout selector",
        "layout": "layout",
        "fallback": "fallback",
        "page": "page",
    }.get(source, source)


FROM_MARKUP = "from the page's markup (meta tags, JSON-LD, microdata), no block kept as it"


def _article(explanation: Explanation) -> str:
    article = explanation.article
    roles = {block.role for block in explanation.kept}

    def shown(text: str | None, role: str) -> str:
        """A field's value, saying so when no block of the page is kept as it: the extractor
        read it from the markup, and the block holding it may show as removed."""
        if not text or role in roles:
            return _value(text)
        return f'{escape(text)} <span class="from-markup">{FROM_MARKUP}</span>'

    fields: list[tuple[str, str]] = [
        ("Title", shown(article.title, "title")),
        ("Lead", shown(article.lead, "lead")),
        ("Published", shown(_when(article.published), "date")),
        ("Modified", _value(_when(article.modified))),
        ("Authors", shown(", ".join(article.authors), "author")),
        ("Section", shown(article.section, "section")),
        ("Tags", shown(", ".join(article.tags), "tags")),
        ("Language", _value(article.language)),
        ("Address", _value(article.url)),
        ("Canonical address", _value(article.canonical_url)),
        ("Extractor", _value(article.extractor)),
    ]
    if article.fallback_reason:
        fields.append(("Why the fallback", _value(article.fallback_reason)))
    for number, image in enumerate(article.images, 1):
        parts = [escape(image.url)]
        if image.caption:
            parts.append(f"caption: {escape(image.caption)}")
        if image.credit:
            parts.append(f"credit: {escape(image.credit)}")
        fields.append((f"Picture {number}", "<br>".join(parts)))
    paragraphs = [p for p in article.body.split("\n\n") if p.strip()]
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    as_json = json.dumps(article.to_dict(), ensure_ascii=False, indent=2)
    return "\n".join(
        [
            '<aside id="article">',
            "<h2>The Article</h2>",
            "<dl>",
            *(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields),
            f'<dt>Body ({len(article.body):,} characters)</dt><dd class="body">{body}</dd>',
            "</dl>",
            "<details><summary>The Article as JSON</summary>",
            f'<pre id="article-json">{escape(as_json)}</pre>',
            "</details>",
            "</aside>",
        ]
    )


def _value(text: str | None) -> str:
    return escape(text) if text else '<span class="none">none</span>'


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None
