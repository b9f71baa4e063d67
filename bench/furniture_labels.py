"""The furniture classifier measured on real pages: its labels against the pages' truths.

    .venv/bin/python bench/furniture_labels.py [--sets aeb,fundus] [--show KIND]

Each public page (AEB, fundus) is cut into text blocks (paragraphs, list items, headings,
captions, leaf <div>s). A block is *kept* when the ground truth holds its words (the whole
block, or half its word 4-grams), else it is furniture. The classifier is judged where it
works — inside the article: the blocks under the element that holds every long kept block
(the article's container). There, per kind, precision is the share of blocks labelled that
kind that the truth does not keep (a block the truth keeps, labelled furniture, counts against
it); recall is the share of the container's furniture blocks the classifier labels furniture
(the truths say which blocks are furniture, not which kind, so recall is given overall and,
per kind, as the blocks found). The pages are split by publisher (`pagesets.is_tuning`): rules
may be tuned on the tuning part only; the other part is the figure to quote.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from pagesets import PUBLIC_SETS, Page, is_tuning, public_pages, shared_dir
from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.decode import decode_html
from extractors.furniture import KINDS, Label, default_classifier, node_shape
from extractors.text import INVISIBLE_TAGS, node_text, remove_nodes

_BLOCK_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "dt", "dd"}
    | {"td", "th", "caption", "pre"}
)
_BLOCK_LEVEL = _BLOCK_TAGS | {"div", "section", "article", "ul", "ol", "table", "figure", "aside"}
_PICTURES = frozenset({"img", "picture", "amp-img", "video"})
_WORD = re.compile(r"\w+")
# Blocks this long decide the article's container (a short kept block may match by chance).
_ANCHOR_WORDS = 8
_SHINGLE = 4


@dataclass
class PageBlocks:
    """One page's blocks inside its article container: text, label, whether the truth keeps it."""

    name: str
    tuning: bool
    blocks: list[tuple[str, Label, bool]] = field(default_factory=list)


@dataclass
class Tally:
    labelled: Counter[str] = field(default_factory=Counter)  # blocks labelled each kind
    correct: Counter[str] = field(default_factory=Counter)  # ... that the truth doesn't keep
    furniture: int = 0  # blocks the truth doesn't keep
    caught: int = 0  # ... labelled furniture
    text: int = 0  # blocks the truth keeps
    pages: int = 0

    def add(self, page: PageBlocks) -> None:
        self.pages += 1
        for _, label, kept in page.blocks:
            if not label.is_text:
                self.labelled[label.kind] += 1
                self.correct[label.kind] += not kept
            if kept:
                self.text += 1
            else:
                self.furniture += 1
                self.caught += not label.is_text


def page_blocks(page: Page) -> PageBlocks:
    """The page's blocks inside its article container, labelled and aligned with the truth."""
    result = PageBlocks(page.name, is_tuning(page))
    tree = LexborHTMLParser(decode_html(page.html))
    body = tree.body
    if body is None:
        return result
    remove_nodes(body, (INVISIBLE_TAGS,))
    truth_words = _words(page.truth)
    truth_text = f" {' '.join(truth_words)} "
    truth_shingles = _shingles(truth_words)
    truth_lines = {" ".join(_words(line)) for line in page.truth.splitlines()}
    blocks = [(node, node_text(node)) for node in _blocks(body)]
    blocks = [(node, text) for node, text in blocks if text]
    kept = [_kept(text, truth_text, truth_lines, truth_shingles) for _, text in blocks]
    anchors = [
        node
        for (node, text), k in zip(blocks, kept, strict=True)
        if k and len(_words(text)) >= _ANCHOR_WORDS
    ]
    container = _common_ancestor(anchors)
    if container is None:
        return result
    classifier = default_classifier()
    after_picture = False
    for (node, text), is_kept in zip(blocks, kept, strict=True):
        if not _inside(node, container):
            continue
        label = classifier.label(text, node_shape(node, text, container, after_picture))
        after_picture = _holds_picture(node) and len(text) < 5
        result.blocks.append((text, label, is_kept))
    return result


def _blocks(root: LexborNode) -> Iterable[LexborNode]:
    """Text blocks in page order: block elements holding no other block element, and leaf
    <div>s (text with no block element inside)."""
    for node in root.traverse():
        is_block = node.tag in _BLOCK_TAGS or node.tag == "div"
        if is_block and not any(inner.tag in _BLOCK_LEVEL for inner in _descendants(node)):
            yield node


def _descendants(node: LexborNode) -> Iterable[LexborNode]:
    iterator = node.traverse()
    next(iterator, None)  # the node itself
    return iterator


def _holds_picture(node: LexborNode) -> bool:
    return any(inner.tag in _PICTURES for inner in node.traverse())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _kept(
    text: str, truth_text: str, truth_lines: set[str], truth_shingles: set[tuple[str, ...]]
) -> bool:
    """Whether the truth holds the block: a short block (under four words) as a line of its
    own, a longer one as its words in a row or half its word 4-grams ("Hong Kong" or a
    teaser's title found inside a sentence of the truth is no kept block)."""
    words = _words(text)
    if not words:
        return False
    joined = " ".join(words)
    if len(words) < _SHINGLE:
        return joined in truth_lines
    if f" {joined} " in truth_text:
        return True
    shingles = _shingles(words)
    return bool(shingles) and len(shingles & truth_shingles) >= 0.5 * len(shingles)


def _ancestors(node: LexborNode) -> list[int]:
    chain = []
    while node is not None:
        chain.append(node.mem_id)
        node = node.parent
    return chain


def _common_ancestor(nodes: list[LexborNode]) -> LexborNode | None:
    if not nodes:
        return None
    common = set(_ancestors(nodes[0]))
    for node in nodes[1:]:
        common &= set(_ancestors(node))
    node = nodes[0]
    while node is not None and node.mem_id not in common:
        node = node.parent
    return node


def _inside(node: LexborNode, container: LexborNode) -> bool:
    while node is not None:
        if node.mem_id == container.mem_id:
            return True
        node = node.parent
    return False


def tally(pages: list[Page]) -> tuple[Tally, Tally, list[PageBlocks]]:
    """The tuning part's and the untuned part's figures, and every page's labelled blocks."""
    tuning, untuned, labelled = Tally(), Tally(), []
    for page in pages:
        blocks = page_blocks(page)
        (tuning if blocks.tuning else untuned).add(blocks)
        labelled.append(blocks)
    return tuning, untuned, labelled


def print_tally(name: str, part: str, counts: Tally) -> dict:
    """Per kind: blocks labelled, precision, furniture blocks found and their share of all the
    container's furniture blocks; on the `all` line that share is the recall."""
    recall = counts.caught / counts.furniture if counts.furniture else 0.0
    labelled = sum(counts.labelled.values())
    precision = sum(counts.correct.values()) / labelled if labelled else 0.0
    lost = labelled - sum(counts.correct.values())
    print(
        f"  {name} {part}: {counts.pages} pages, {counts.text} text blocks, "
        f"{counts.furniture} furniture blocks in the article containers"
    )
    print(f"    {'kind':<9} {'labelled':>8} {'P':>6} {'found':>6} {'share':>6}")
    rows = {}
    for kind in KINDS:
        n = counts.labelled[kind]
        if not n:
            continue
        p = counts.correct[kind] / n
        share = counts.correct[kind] / counts.furniture if counts.furniture else 0.0
        rows[kind] = {"labelled": n, "precision": round(p, 3), "found": counts.correct[kind]}
        print(f"    {kind:<9} {n:>8} {p:>6.3f} {counts.correct[kind]:>6} {share:>6.3f}")
    print(
        f"    {'all':<9} {labelled:>8} {precision:>6.3f} {counts.caught:>6} {recall:>6.3f}"
        f"   (text blocks labelled furniture: {lost} of {counts.text})"
    )
    return {
        "pages": counts.pages,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "text_blocks_lost": lost,
        "text_blocks": counts.text,
        "furniture_blocks": counts.furniture,
        "kinds": rows,
    }


def bench(names: Iterable[str] = PUBLIC_SETS, show: str | None = None) -> dict:
    """Print and return the classifier's figures on each public set, tuning and untuned parts."""
    results: dict = {}
    shared = shared_dir()
    for name in names:
        if not (shared / name / "ground-truth.json").exists():
            print(f"  {name}: missing: {shared / name}")
            continue
        tuning, untuned, labelled = tally(public_pages(name, shared))
        results[name] = {
            "tuning": print_tally(name, "tuning part", tuning),
            "untuned": print_tally(name, "untuned part (quote this)", untuned),
        }
        if show:
            _show(labelled, show)
    return results


def _show(pages: list[PageBlocks], kind: str) -> None:
    """Every block of the tuning part labelled `kind`, with its reason and whether the truth
    keeps it (the untuned part is never shown: it stays unseen)."""
    for page in (page for page in pages if page.tuning):
        for text, label, kept in page.blocks:
            if label.kind == kind:
                mark = "TEXT" if kept else "furn"
                print(f"    {mark} {page.name}: {text[:90]!r} — {label.reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(PUBLIC_SETS), help="aeb,fundus")
    parser.add_argument("--show", help="list every block labelled this kind (tuning work)")
    args = parser.parse_args(argv)
    print("furniture classifier on the public pages' article containers:")
    bench([s for s in args.sets.split(",") if s], args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
