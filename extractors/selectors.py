"""CSS queries that leave out what sits inside page furniture.

"The paragraphs of the page that are in no card about another story": collecting every card
of the page costs a walk of the whole page per selector of the card list (tenths of a
millisecond on a real 100 KB page). `outside()` writes it as one selector instead,
`p:not(card):not(card *)`, so the engine looks up from the few paragraphs only. Inside a small
subtree (a text element) collecting the areas is the cheaper way: `outside_below()`.
"""

from __future__ import annotations

from functools import cache

from selectolax.lexbor import LexborNode


@cache
def outside(css: str, areas: str) -> str:
    """A selector of the matches of `css` that are no match of `areas` and in none.

    One `:not(area *)` per area: lexbor's `:is(…)` before a combinator looks at the parent
    only (`:is(.widget) p` misses a <p> two levels down)."""
    inside = "".join(f":not({area} *)" for area in split_selectors(areas))
    # `:is()` only when needed (a list, or a combinator): lexbor tests it on every element,
    # a third more than the plain compound selector on a 100 KB page.
    subject = css if _is_compound(css) else f":is({css})"
    return f"{subject}:not({areas}){inside}"


def select_outside(root: LexborNode, css: str, areas: str) -> list[LexborNode]:
    """The matches of `css` in `root` that are no match of `areas` and in none (`outside()`),
    the plain selector asked first: many questions find nothing, and the long selector costs
    more to parse than a page to walk."""
    if root.css_first(css) is None:
        return []
    return root.css(outside(css, areas))


def outside_below(root: LexborNode, css: str, areas: str) -> list[LexborNode]:
    """Matches of `css` in `root` that are no match of `areas` and in none below `root`
    (whatever `root` and the elements around it are). For a small subtree, such as a text
    element whose boxes prepare() dropped: its areas are collected by id, which costs less
    than `outside()` asking, match by match, about every element up to the page's root."""
    return not_within(root.css(css), areas_below(root, areas), root)


def areas_below(root: LexborNode, areas: str) -> set[int]:
    """The matches of `areas` below `root` (their mem_ids; `root` itself not counted): found
    once, they answer `not_within` for any number of questions."""
    return {area.mem_id for area in root.css(areas)} - {root.mem_id}


def not_within(nodes: list[LexborNode], ids: set[int], root: LexborNode) -> list[LexborNode]:
    """The nodes that are none of `ids` and in none of them below `root`, in the order given."""
    return [node for node in nodes if not _within(node, ids, root)]


def outermost(nodes: list[LexborNode], root: LexborNode | None = None) -> list[LexborNode]:
    """The nodes that are inside none of the others below `root` (their subtrees hold the
    rest), in the order given: a cheap way to answer `box a` from the few boxes down when the
    engine would answer it from every link of the page up."""
    ids = {node.mem_id for node in nodes}
    return [node for node in nodes if node.parent is None or not _within(node.parent, ids, root)]


def split_selectors(selector_list: str) -> list[str]:
    """The selectors of a list, split at its top-level commas (not those inside brackets)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selector_list):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector_list[start:index].strip())
            start = index + 1
    parts.append(selector_list[start:].strip())
    return [part for part in parts if part]


def _is_compound(css: str) -> bool:
    """Whether a selector is one compound selector (`img[class*='x']`, `div.a:not(.b)`): no
    list, no combinator outside brackets and parentheses."""
    depth = 0
    for char in css.strip():
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in ", >+~":
            return False
    return True


def _within(node: LexborNode, ids: set[int], root: LexborNode | None) -> bool:
    """Whether `node` or an element around it, below `root` (if any), is one of `ids`."""
    stop = root.mem_id if root is not None else None
    while node is not None and node.mem_id != stop:
        if node.mem_id in ids:
            return True
        node = node.parent
    return False
