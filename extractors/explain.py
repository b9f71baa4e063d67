"""Why a page's article is what it is: the page's blocks in reading order, each kept (as the
title, the lead, the body or a metadata field) or removed, with the reason.

The explanation reuses the extraction's own decisions instead of deciding again. `explain`
runs `extract()` with a `Trace`, which the extraction fills as it works: a site layout's
`prepare()` reports the elements it drops by selector (`drop_css`), the wrappers the furniture
classifier names and whose blocks are not read, and leaves its labelled blocks on the layout;
the fallback reports what its post-filters (`extractors.boilerplate.prune_blocks`) kept and
removed. The unchanged page, parsed once more, is then walked in document order: elements the
extraction decided about show its decision, and every other visible block shows why it is not
in the article (outside the text element, or not read). A block's role in the Article (title,
lead, author, caption…) is where the Article's own value is that block's text.

    >>> explanation = explain(html_bytes, url)   # takes extract()'s arguments
    >>> explanation.article == extract(html_bytes, url)
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Article
from extractors.chain import Force, extract
from extractors.decode import decode_html
from extractors.furniture import Label
from extractors.reading import LabelledBlock
from extractors.text import INVISIBLE_TAGS, block_text, clean_text, credit_text, node_text

if TYPE_CHECKING:
    from extractors.base import Layout
    from extractors.boilerplate import Pruned
    from extractors.record import Outlet

# Which step of the extraction decided about a block.
CLASSIFIER = "classifier"  # the furniture classifier's label (extractors.furniture)
SELECTOR = "selector"  # an element the outlet's layout drops (its drop_css)
LAYOUT = "layout"  # the layout's reading: what it reads as the text, what it leaves unread
FALLBACK = "fallback"  # the trafilatura fallback's reading and its post-filters
PAGE = "page"  # outside the article's text element: never read as text

# Elements that carry no text a reader sees (the extraction drops them too).
_NOT_SHOWN = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "iframe", "button", "form"}
    | {"input", "select", "textarea", "option", "object", "embed", "canvas", "video", "audio"}
)
# Elements whose contents are code or markup, never words on the page.
_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg"})
# Elements shown as one block, whatever they hold.
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table"}
    | {"figcaption", "address"}
)
# The site's own regions outside the text: one block each (a menu is not forty blocks).
_REGIONS = frozenset({"nav", "header", "footer", "aside"})
# Markup inside a line of text.
_INLINE = frozenset(
    {"a", "span", "b", "strong", "i", "em", "u", "s", "small", "big", "font", "label", "time"}
    | {"abbr", "cite", "code", "sup", "sub", "mark", "q", "br", "img", "picture", "wbr"}
)
_HOLDS_BLOCKS = "p, div, ul, ol, li, h1, h2, h3, h4, h5, h6, blockquote, table, section, article"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ExplainedBlock:
    """One block of the page and what the extraction made of it.

    `role` is what a kept block is in the Article ("title", "lead", "body", "author", "date",
    "section", "tags", "caption", "credit"); a removed block has none. `kind` is its label's
    kind ("text", a kind of furniture, "dropped", "outside", "unread"), `reason` why, `source`
    which step decided (CLASSIFIER, SELECTOR, LAYOUT, FALLBACK, PAGE), `element` the element
    it was read from ("p", "div.poTeme"; "" for bare text).
    """

    text: str
    role: str | None
    kind: str
    reason: str
    source: str
    element: str = ""

    @property
    def kept(self) -> bool:
        return self.role is not None


@dataclass
class Explanation:
    """A page's blocks in reading order and the Article `extract()` returns for it."""

    url: str
    article: Article
    blocks: list[ExplainedBlock]

    @property
    def by_site_extractor(self) -> bool:
        return self.article.by_site_extractor

    @property
    def kept(self) -> list[ExplainedBlock]:
        return [block for block in self.blocks if block.kept]

    @property
    def removed(self) -> list[ExplainedBlock]:
        return [block for block in self.blocks if not block.kept]


@dataclass
class _Decided:
    """A block the extraction decided about, with where it stands in the unchanged page."""

    position: int | None  # the element's index in document order; None: bare text
    block: ExplainedBlock


@dataclass
class Trace:
    """What an extraction did, recorded as it works (passed to `extract(trace=…)`).

    Positions are indexes of elements in document order, taken before `prepare()` changes the
    tree: a fresh parse of the same text numbers its elements the same way.
    """

    layout: Layout | None = None
    positions: dict[int, int] = field(default_factory=dict)  # element (mem_id) -> index
    dropped: list[_Decided] = field(default_factory=list)
    skipped: list[_Decided] = field(default_factory=list)
    pruned: list[Pruned] | None = None  # the fallback's blocks and what it kept of each

    # -- called by the extraction --------------------------------------------------------------
    def start_site(self, layout: Layout) -> None:
        """A site layout starts preparing its tree (still as parsed)."""
        self.layout = layout
        root = layout.tree.root
        nodes = root.traverse() if root is not None else ()
        self.positions = {node.mem_id: index for index, node in enumerate(nodes)}
        self.dropped.clear()
        self.skipped.clear()

    def dropping(self, layout: Layout) -> Callable[[LexborNode], None]:
        """What records each element `prepare()` drops, with the selector that named it."""
        container = layout.text_element
        invisible = {node.mem_id for node in container.css(INVISIBLE_TAGS)} if container else set()
        by_selector = [
            (selector, {node.mem_id for node in container.css(selector)})
            for selector in layout.drop_css
            if container is not None
        ]
        classifier = layout.site.classifier

        def record(node: LexborNode) -> None:
            named = classifier.wrapper_label(node)
            kind = named.kind if named is not None else "dropped"
            if node.mem_id in invisible:
                if node.tag in _NEVER_TEXT or not (text := shown_text(node)):
                    return  # a script, a style: nothing a reader sees
                # A form or a button shows words, but is never the article's text.
                reason = f"a <{node.tag}>: the extraction never reads forms and controls"
            else:
                text = shown_text(node)
                selector = next((css for css, ids in by_selector if node.mem_id in ids), "?")
                reason = f"the {layout.site.outlet} layout '{layout.name}' drops '{selector}'"
            block = ExplainedBlock(text, None, kind, reason, SELECTOR, describe(node))
            self.dropped.append(_Decided(self.positions.get(node.mem_id), block))

        return record

    def skipped_wrapper(self, node: LexborNode, label: Label) -> None:
        """A wrapper inside the text the classifier names furniture: its blocks are not read."""
        block = ExplainedBlock(
            text=shown_text(node),
            role=None,
            kind=label.kind,
            reason=f"{label.reason} on a wrapper: its blocks are not read",
            source=CLASSIFIER,
            element=describe(node),
        )
        self.skipped.append(_Decided(self.positions.get(node.mem_id), block))

    def fallback_read(self, pruned: list[Pruned]) -> None:
        """The fallback's blocks, in its reading order, with what its post-filters kept."""
        self.pruned = pruned


def explain(
    html: bytes | str,
    url: str,
    *,
    force: Force | None = None,
    outlet: str | Outlet | None = None,
    encoding: str | None = None,
    fetched_at: datetime | None = None,
) -> Explanation:
    """The page's blocks, each kept or removed and why, and the Article `extract()` gives.

    Takes the arguments of `extract()`; raises ExtractionError as it does."""
    trace = Trace()
    article = extract(
        html,
        url,
        force=force,
        outlet=outlet,
        encoding=encoding,
        fetched_at=fetched_at,
        trace=trace,
    )
    page = LexborHTMLParser(decode_html(html, encoding))
    if article.by_site_extractor and trace.layout is not None:
        blocks = _site_blocks(trace, trace.layout, article, page)
    else:
        blocks = _fallback_blocks(trace.pruned or [], article, page)
    return Explanation(url=url, article=article, blocks=blocks)


# -- a site extractor's page ------------------------------------------------------------------


def _site_blocks(
    trace: Trace, layout: Layout, article: Article, page: LexborHTMLParser
) -> list[ExplainedBlock]:
    positions = trace.positions
    text_element = layout.text_element
    text_at = positions.get(text_element.mem_id) if text_element is not None else None
    decided = [
        *(
            _Decided(positions.get(block.node.mem_id) if block.node is not None else None, shown)
            for block, shown in _labelled(layout, article)
        ),
        *trace.dropped,
        *trace.skipped,
    ]
    taken = {item.position for item in decided if item.position is not None}
    decided.extend(_field_elements(layout, article, positions, taken))
    where = f"the text element {describe(text_element)}" if text_element else "no text element"
    claimed = {item.block.role for item in decided} & set(_ONCE)
    return _in_reading_order(
        page,
        decided,
        text_at,
        lambda text, element, inside: _undecided(text, element, inside, article, where, claimed),
    )


def _labelled(layout: Layout, article: Article) -> Iterator[tuple[LabelledBlock, ExplainedBlock]]:
    """The text element's blocks as the layout read and labelled them."""
    for block in layout.text.blocks:
        label = block.label
        role = _labelled_role(block, article)
        if label.is_text:
            reason = "read as the article's text"
            if role != "body":  # a standfirst printed again as the first paragraph
                reason += f"; it is the Article's {role}, so not repeated in the body"
        else:
            reason = f"{label.kind}: {label.reason}"
            if role is not None:
                reason += f"; the Article keeps it as its {role}"
        element = describe(block.node) if block.node is not None else ""
        yield block, ExplainedBlock(block.text, role, label.kind, reason, CLASSIFIER, element)


def _labelled_role(block: LabelledBlock, article: Article) -> str | None:
    """What a labelled block is in the Article: text is the body (or the lead or title it
    repeats); a caption or credit that went to a picture, a tag line, the date line are kept
    as those fields; other furniture is removed."""
    text, kind = block.text, block.label.kind
    if block.label.is_text:
        return _value_role(text, article, ("lead", "title")) or "body"
    if kind == "caption" and any(image.caption == text for image in article.images):
        return "caption"
    if kind == "credit" and any(
        credit_text(text) in (image.credit or "").split("; ") for image in article.images
    ):
        return "credit"
    if kind == "tags" and any(tag in text for tag in article.tags):
        return "tags"
    if kind == "date" and article.published is not None:
        return "date"
    return _value_role(text, article, ("title",))


def _field_elements(
    layout: Layout, article: Article, positions: dict[int, int], taken: set[int | None]
) -> list[_Decided]:
    """The elements the layout declares for the metadata fields, where the Article's value is
    their text (the date element: when the Article has a date). An element inside a block
    already shown, or around one, is left to that block."""
    found: list[_Decided] = []
    declared = (
        ("title", layout.title_css, True),
        ("lead", layout.lead_css, True),
        ("date", layout.date_css, True),
        ("author", layout.author_css, False),
        ("section", layout.section_css, False),
        ("tags", layout.tags_css, False),
    )
    for role, css, first_only in declared:
        if not css:
            continue
        matches = layout.tree.css(css)
        for node in matches[:1] if first_only else matches:
            position = positions.get(node.mem_id)
            text = node_text(node)
            if position is None or position in taken or not text:
                continue
            if role == "date" and article.published is None:
                continue
            if role != "date" and _value_role(text, article, (role,)) is None:
                continue
            if _nests_with(node, positions, taken):
                continue
            taken.add(position)
            block = ExplainedBlock(
                text, role, role, f"the layout's {role} element '{css}'", LAYOUT, describe(node)
            )
            found.append(_Decided(position, block))
    return found


def _nests_with(node: LexborNode, positions: dict[int, int], taken: set[int | None]) -> bool:
    """Whether an element is inside, or holds, an element already taken."""
    parent = node.parent
    while parent is not None:
        if positions.get(parent.mem_id) in taken:
            return True
        parent = parent.parent
    inner = (positions.get(n.mem_id) for n in node.traverse() if n.mem_id != node.mem_id)
    return any(number in taken for number in inner if number is not None)


def _undecided(
    text: str,
    element: str,
    inside_text: bool,
    article: Article,
    text_element: str,
    claimed: set[str | None],
) -> ExplainedBlock:
    """A block no step of the site extraction read: a field's value where the Article's value
    is its text (the title, lead and section only where first shown), else removed."""
    role = _field_role(text, article, claimed)
    if role is not None:
        return ExplainedBlock(
            text, role, role, f"the Article's {role} is this text", LAYOUT, element
        )
    if inside_text:
        reason = f"inside {text_element}, but not one of the blocks the layout reads"
        return ExplainedBlock(text, None, "unread", reason, LAYOUT, element)
    return ExplainedBlock(text, None, "outside", f"outside {text_element}", PAGE, element)


# -- the fallback's page ----------------------------------------------------------------------


def _fallback_blocks(
    pruned: list[Pruned], article: Article, page: LexborHTMLParser
) -> list[ExplainedBlock]:
    """The fallback's blocks, placed where their words stand on the page, and the page's other
    blocks as not read by trafilatura."""
    decided: list[tuple[str, ExplainedBlock]] = []  # the words it was read from, the block
    for item in pruned:
        source_words = _words(item.block.text)
        if item.kept is not None:
            text = item.kept.text
            role = _value_role(text, article, ("lead", "title")) or "body"
            reason = "read by trafilatura, kept by the post-filters"
            if item.removed:
                reason += f" ({len(item.removed)} of its lines removed)"
            decided.append((source_words, ExplainedBlock(text, role, "text", reason, FALLBACK)))
        for text, label in item.removed:
            # The title the page repeats above the text goes from the body to the title.
            role = _value_role(text, article, ("title",))
            reason = label.reason + (f"; the Article keeps it as its {role}" if role else "")
            block = ExplainedBlock(text, role, label.kind, reason, FALLBACK)
            decided.append((source_words, block))
    return _placed_by_words(page, decided, article)


def _placed_by_words(
    page: LexborHTMLParser, decided: list[tuple[str, ExplainedBlock]], article: Article
) -> list[ExplainedBlock]:
    """The fallback's blocks in its order, placed among the page's blocks by their words; a
    page block holding none of its words was not read."""
    page_blocks = list(_page_blocks(page, set(), None))
    read_words = " " + " ".join(words for words, _ in decided) + " "
    placed: list[tuple[tuple[int, int, int], ExplainedBlock]] = []
    covered: set[int] = set()
    claimed = {block.role for _, block in decided} & set(_ONCE)
    page_words = [f" {_words(text)} " for _, _, _, text in page_blocks]
    last, start = (0, 0), 0
    for sequence, (words, block) in enumerate(decided):
        # The page block holding its words, looked for from the last one found on.
        order = [*range(start, len(page_blocks)), *range(start)]
        spot = next((n for n in order if words and f" {words} " in page_words[n]), None)
        if spot is not None:
            covered.add(spot)
            last, start = page_blocks[spot][0], spot
            block = replace(block, element=page_blocks[spot][1])
        placed.append(((*last, sequence), block))
    for number, (key, element, _, text) in enumerate(page_blocks):
        if number in covered or (page_words[number].strip() and page_words[number] in read_words):
            continue
        role = _field_role(text, article, claimed)
        if role is not None:
            reason = f"the Article's {role} is this text"
            block = ExplainedBlock(text, role, role, reason, FALLBACK, element)
        else:
            reason = "not in trafilatura's reading of the page"
            block = ExplainedBlock(text, None, "unread", reason, FALLBACK, element)
        placed.append(((*key, -1), block))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


# -- walking the page -------------------------------------------------------------------------


def _in_reading_order(
    page: LexborHTMLParser,
    decided: list[_Decided],
    text_at: int | None,
    undecided: Callable[[str, str, bool], ExplainedBlock],
) -> list[ExplainedBlock]:
    """The decided blocks and the page's other blocks, in document order. Bare text the layout
    read (no element of its own) follows the block before it."""
    keyed: list[tuple[tuple[int, int, int], ExplainedBlock]] = []
    last = text_at if text_at is not None else 0
    for sequence, item in enumerate(decided):
        if item.position is not None:
            last = item.position
        keyed.append(((last, 0 if item.position is not None else 1, sequence), item.block))
    positions = {item.position for item in decided if item.position is not None}
    for key, element, inside, text in _page_blocks(page, positions, text_at):
        keyed.append(((*key, -1), undecided(text, element, inside)))
    keyed.sort(key=lambda item: item[0])
    return [block for _, block in keyed]


def _page_blocks(
    page: LexborHTMLParser, decided: set[int], text_at: int | None
) -> Iterator[tuple[tuple[int, int], str, bool, str]]:
    """The visible blocks of the page outside the decided elements: (sort key, element,
    inside the text element, text)."""
    root = page.root
    if root is None:
        return
    nodes = list(root.traverse())
    index = {node.mem_id: number for number, node in enumerate(nodes)}
    holding: set[int] = set()  # elements around a decided one: walked into, not shown whole
    for position in decided:
        parent = nodes[position].parent
        while parent is not None and parent.mem_id in index and index[parent.mem_id] not in holding:
            holding.add(index[parent.mem_id])
            parent = parent.parent
    body = page.body
    if body is None:
        return
    yield from _walk(body, index, decided, holding, text_at, inside=False, last=[0])


def _walk(
    node: LexborNode,
    index: dict[int, int],
    decided: set[int],
    holding: set[int],
    text_at: int | None,
    *,
    inside: bool,
    last: list[int],
) -> Iterator[tuple[tuple[int, int], str, bool, str]]:
    """The blocks under `node`: block elements whole, runs of inline markup and bare text
    between them as one block each (a pager's links are one line, not twenty)."""
    run: list[str] = []
    run_key: tuple[int, int] | None = None
    where = f"text in {describe(node)}"
    for child in node.iter(include_text=True):
        tag = child.tag
        number = index.get(child.mem_id) if not tag.startswith("-") else None
        inline = tag == "-text" or (
            tag in _INLINE
            and number not in decided
            and number not in holding
            and child.css_first(_HOLDS_BLOCKS) is None
        )
        if inline:
            # Bare text inside the text element is the layout's to read: it shows as read.
            if not inside and (piece := child.text(deep=True, separator="")):
                run.append(piece)
                run_key = run_key or (last[0], 1)
            if number is not None:
                last[0] = number
            continue
        if run_key is not None and (text := clean_text(" ".join(run))):
            yield run_key, where, inside, text
        run, run_key = [], None
        if tag.startswith("-") or tag in _NOT_SHOWN or number is None:
            continue
        last[0] = number
        if number in decided:
            continue
        within = inside or number == text_at
        if number in holding or number == text_at:
            yield from _walk(child, index, decided, holding, text_at, inside=within, last=last)
            continue
        whole = tag in _BLOCK_TAGS or (tag in _REGIONS and not inside)
        if whole or child.css_first(_HOLDS_BLOCKS) is None:
            if text := shown_text(child):
                yield (number, 0), describe(child), within, text
            continue
        yield from _walk(child, index, decided, holding, text_at, inside=within, last=last)
    if run_key is not None and (text := clean_text(" ".join(run))):
        yield run_key, where, inside, text


# -- helpers ----------------------------------------------------------------------------------

_FIELD_ROLES = ("title", "lead", "author", "section", "tags", "caption", "credit")
_ONCE = ("title", "lead", "section")  # shown once as the field: a teaser repeating it is not it


def _field_role(text: str, article: Article, claimed: set[str | None]) -> str | None:
    """The field an undecided block's text is the value of; the title, lead and section only
    the first time (later copies are teasers and links)."""
    roles = tuple(role for role in _FIELD_ROLES if role not in claimed)
    role = _value_role(text, article, roles, loose_title=True)
    if role in _ONCE:
        claimed.add(role)
    return role


def _value_role(
    text: str, article: Article, roles: tuple[str, ...], *, loose_title: bool = False
) -> str | None:
    """The first of `roles` whose value in the Article is this text (`loose_title`: or the
    title followed by a short label, as a heading may show it)."""
    text = clean_text(text)
    if not text:
        return None
    values = {
        "title": lambda: text == article.title or (loose_title and _headed(text, article.title)),
        "lead": lambda: text == clean_text(article.lead),
        "author": lambda: text in article.authors,
        "section": lambda: text == article.section,
        "tags": lambda: (
            text in article.tags or (bool(article.tags) and set(_items(text)) <= set(article.tags))
        ),
        "caption": lambda: any(text == image.caption for image in article.images),
        "credit": lambda: any(
            image.credit and credit_text(text) in image.credit.split("; ")
            for image in article.images
        ),
    }
    return next((role for role in roles if values[role]()), None)


def _headed(text: str, title: str) -> bool:
    """The title with a short label after it ("… Новость дня")."""
    return bool(title) and text.startswith(title) and len(text) < 1.5 * len(title)


def _items(text: str) -> list[str]:
    """A list's items: its lines, or its comma-separated parts."""
    parts = text.split("\n") if "\n" in text else text.split(",")
    return [part.strip() for part in parts if part.strip()]


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def shown_text(node: LexborNode) -> str:
    """The text a reader sees in an element: by paragraphs and list items where it has them
    (`block_text`), all of it when those leave words out (a box of a title and a link)."""
    blocks, whole = block_text(node), node_text(node)
    return blocks if len(_WORD.findall(blocks)) >= len(_WORD.findall(whole)) else whole


def describe(node: LexborNode | None) -> str:
    """An element as a selector names it: tag, id, first two classes ("div#main.cont")."""
    if node is None:
        return ""
    attributes = node.attributes
    name = node.tag
    if element_id := (attributes.get("id") or "").strip():
        name += f"#{element_id.split()[0]}"
    for css_class in (attributes.get("class") or "").split()[:2]:
        name += f".{css_class}"
    return name
