"""The generic extractor for layouts no site extractor knows and for any other site: trafilatura.

The page is parsed once and cleared of boxes beside the story (fact boxes, polls, captions,
"popular" lists); ruby readings are written into their sentence and anchors without an address
unwrapped (trafilatura splits the one and takes the other for links).
`extractors.trafilatura_text` reads it as text blocks: trafilatura's precise run, and a
balanced run merged in only when the story's region shows a paragraph the precise run left out
(a second run costs as much as the first; few pages need it). The subheadings,
lists and short paragraphs the precise run drops between the story's paragraphs are read back
from the page where the furniture classifier calls them text. Two page structures trafilatura
gets wrong are then repaired: posts appended below the story in <article>s of their own are
dropped, and an article split by ads into several like containers is read whole. What
remains of page furniture (link lists, "read also" lines, share prompts, credits, the title
repeated) is removed by `extractors.boilerplate`, and a standfirst becomes the lead. Metadata
comes from trafilatura (title, authors, htmldate's publication date) and the page's own JSON-LD
and meta tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from contextlib import suppress
from datetime import UTC, date, datetime, tzinfo
from html import unescape
from importlib.metadata import version
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml.etree import ElementDefaultClassLookup, HTMLParser, XPath, _Element
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction, fromstring
from selectolax.lexbor import LexborHTMLParser
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import repair_faulty_html

from extractors.article import Article, Image, web_images
from extractors.boilerplate import (
    MAX_PROSE_LINK_SHARE,
    Block,
    is_prose,
    prune_blocks,
    same_words,
)
from extractors.dates import iso_has_time, parse_iso, start_of
from extractors.errors import NotAnArticle
from extractors.furniture import Shape, default_classifier
from extractors.metadata import PageMetadata
from extractors.outlets import site_extractor_for
from extractors.text import clean_text
from extractors.trafilatura_text import goes_on, is_sentence, precise_blocks, with_balanced_prose

if TYPE_CHECKING:
    from extractors.explain import Trace

NAME = f"trafilatura@{version('trafilatura')}"

# Real article pages hold a few thousand elements; trafilatura's time grows with the element
# count (a 140,000-paragraph page takes half a minute), so larger trees are cut to this prefix.
MAX_ELEMENTS = 20_000
# An article's continuation containers are cousins of the first one, at most this many levels up.
CONTINUATION_LEVELS = 5
# When the text comes from several <article>s, the one holding the headline is the story only
# if it holds at least this many of the text's paragraphs (else it is the story's header).
MIN_STORY_PARAGRAPHS = 2
# The story's region is the deepest element holding this share of its paragraphs.
REGION_SHARE = 0.75
# A text of fewer words is found again only word for word (a subheading told by one word).
SHORT_TEXT_WORDS = 8
# Elements whose paragraphs are beside the story, wherever they sit.
_OFF_STORY = frozenset({"aside", "nav", "footer", "form", "figure", "figcaption", "p", "template"})
# htmldate's output with the time of day and, when the page gives one, the UTC offset.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_NO_TIME = "T00:00:00"  # what the format above prints for a day htmldate found without a time
# Class or id names of boxes beside the story, matched on whole name parts ("wp-caption",
# "most_popular", "pollWidget", "figcaption"), never inside a longer word ("captioned").
_BOX_NAME_ENDINGS = (
    "infobox",
    "factbox",
    "popular",
    "caption",
    "poll",
    "survey",
    "rightcol",
    "rightcolumn",
)
# The site's own header above the story: whole class or id names.
_SITE_HEADERS = frozenset({"header", "site-header", "page-header", "global-header", "top-header"})
_NAME_PARTS = re.compile(r"[\s_-]+|(?<=[a-z])(?=[A-Z])")
# A cheap first pass over class and id values: those that may name a box.
_BOX_NAME_HINT_LOWER = r"caption|popular|poll|survey|(?:info|fact)[-_]?box|right[-_]?col|header"
_BOX_NAME_HINT = re.compile(_BOX_NAME_HINT_LOWER, re.IGNORECASE)
# The same on a lower-cased ASCII name: a case-blind search costs three times as much, and the
# page's every class and id is searched.
_BOX_NAME_HINT_IN_LOWER_ASCII = re.compile(_BOX_NAME_HINT_LOWER)
_MARKED_INLINE_SPANS = XPath("//p//span[@class or @id or @style]")
_MARKS = ("class", "id", "style")
_HIDDEN_MARK = re.compile(r"hidden|hide|none|sr-only|screen-reader|invisible", re.IGNORECASE)
_CLASSES_AND_IDS = XPath("//body//@class | //body//@id")
_JSON_LD = XPath('//script[@type="application/ld+json" or @type="application/settings+json"]')
# JSON-LD blocks longer than this are no article's metadata (see _drop_big_json_ld).
MAX_JSON_LD_CHARS = 50_000
_NOT_SEEN = ("script", "style", "noscript", "template")
# The elements a story's text is written in, as the page has them.
_STORY_ELEMENTS = ("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote")
# What sites put between a headline and their name in <title>.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•]\s+|\s*[｜：]\s*")
_GENERIC_LABELS = frozenset({"www", "com", "co", "org", "net", "gov", "edu", "ac", "news"})
# Spellings of a site's name in its host: German umlauts and Russian letters in Latin ones.
_TO_HOST_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
    | dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziyklmnoprstufye", strict=True))
    | {"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"}
    | {"ъ": "", "ь": ""}
)
_TEXT_HOLDING = XPath(".//text()[contains(., $word)]")
_WORD = re.compile(r"\w+")
# Elements a standfirst is shown in.
_LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "span", "section", "strong"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NOT_SHOWN = ("a", "script", "noscript", "style", "template", "head", "title", "button")


def extract(
    html: str, url: str, *, outlet: str, trace: Trace | None = None, search_dates: bool = True
) -> Article:
    """The article of any page, by trafilatura; NotAnArticle when it finds no text. `trace`
    records each block read and what the post-filters made of it (`newsasia explain`).
    `search_dates=False` leaves out htmldate's search of the page's text for a date (dateparser:
    about 2 s of CPU the first time in a process, most of the time of a page after): for
    callers that read only the text; the page's machine-readable dates are still read."""
    tree = _parse(html)
    _limit_size(tree, MAX_ELEMENTS)
    _drop_big_json_ld(tree)
    _strip_unread(tree)
    _inline_ruby(tree)
    # The metadata is read from the whole page, before the text's steps take boxes and chrome
    # out of it.
    page = PageMetadata(LexborHTMLParser(html))
    machine = _machine_published(page)
    # htmldate's search of the text is wasted when the page's machine date tells the time.
    search_dates = search_dates and not iso_has_time(machine)
    own_section = _own_section(page)
    document = _page_document(
        tree, url, _date_config(search_dates), categories=not isinstance(own_section, str)
    )
    title = _title(document, url)
    _remove_boxes(tree)
    _unmark_inline_spans(tree)
    _unwrap_anchors_without_address(tree)
    blocks, sources = _within_one_article(tree, *_story_blocks(tree))
    blocks, sources = _with_story_elements(blocks, sources)
    blocks = _with_continuations(tree, blocks, sources)
    pruned = prune_blocks(blocks, title=title)
    if trace is not None:
        trace.fallback_read(pruned)
    blocks = [block.kept for block in pruned if block.kept is not None]
    lead, blocks = _split_lead(tree, document.description, blocks)
    body = "\n\n".join(block.text for block in blocks)
    if not body.strip():
        raise NotAnArticle("trafilatura found no article text")
    zone = _time_zone(url, outlet)
    published = _published(machine, document, zone)
    return Article(
        url=url,
        canonical_url=urljoin(url, document.url) if document.url else url,
        outlet=outlet,
        title=title,
        body=body,
        extractor=NAME,
        lead=lead,
        published=published,
        modified=_modified(page, zone, published),
        authors=_authors(document),
        section=_section(own_section, document),
        tags=_tags(document),
        images=web_images([Image(url=document.image)] if document.image else [], url),
        language=_language(tree, page),
    )


# trafilatura's parser's settings. lxml.html's own parser picks each element's class (a form's,
# an input's…) by a call into Python every time Python first touches the element, hundreds of
# thousands of calls a page over trafilatura's runs and the steps here; this one makes every
# element a plain HtmlElement, picked in C. The tree's copies (trafilatura works on its own) keep
# the parser. No step reads what the form classes add (an input's value, a form's fields).
_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def _parse(html: str) -> HtmlElement:
    tree = _load_html(html)
    if tree is None or tree.find("body") is None:  # a fragment: give it a document to live in
        tree = _load_html(f"<html><body>{html}</body></html>")
    if tree is None or tree.find("body") is None:
        raise NotAnArticle("not an HTML document")
    return tree


def _load_html(html: str) -> HtmlElement | None:
    """The tree trafilatura's `load_html` makes of a page's text, made with `_PARSER`."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree, parsed_bytes = None, False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:  # a declared encoding, which lxml refuses in a str: parse its bytes
        tree, parsed_bytes = _from_bytes(html), True
    except Exception:  # as load_html: an unparsable page has no tree
        tree = None
    if (tree is None or len(tree) < 1) and not parsed_bytes:
        tree = _from_bytes(html)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None  # not HTML at all, or one block of it
    return tree


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:  # as load_html
        return None


def _limit_size(tree: HtmlElement, max_elements: int) -> None:
    """Cut the document after its first `max_elements` elements (the article comes early)."""
    last = next(islice(tree.iter(), max_elements - 1, None), None)
    if last is None:
        return
    for child in list(last):  # its descendants come after it in document order
        last.remove(child)
    node: _Element | None = last
    while node is not None:
        for later in list(node.itersiblings()):
            node.getparent().remove(later)
        node = node.getparent()


def _remove_boxes(tree: HtmlElement) -> None:
    """Drop boxes beside the story (fact boxes, polls, "popular" lists, captions, the right
    column, the site's header) that trafilatura keeps on short pages; a box holding the headline
    or half the page's visible text is a wrapper, not a box."""
    body = tree.find("body")
    if body is None:
        return
    page_chars = None
    candidates = (value.getparent() for value in _CLASSES_AND_IDS(tree) if _may_name_a_box(value))
    for element in [*body.iter("figcaption"), *dict.fromkeys(candidates)]:
        if not _is_box(element) or element.getparent() is None or element.find(".//h1") is not None:
            continue
        page_chars = _visible_chars(body) if page_chars is None else page_chars
        if _visible_chars(element) < 0.5 * page_chars:
            element.drop_tree()


def _may_name_a_box(value: str) -> bool:
    """Whether a class or id value matches _BOX_NAME_HINT. Outside ASCII the case-blind match
    also takes "İ", "ı" for "i" and "ſ" for "s", which lower-casing does not give."""
    if value.isascii():
        return _BOX_NAME_HINT_IN_LOWER_ASCII.search(value.lower()) is not None
    return _BOX_NAME_HINT.search(value) is not None


def _is_box(element: _Element) -> bool:
    if element.tag == "figcaption":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _SITE_HEADERS.isdisjoint(names.lower().replace("_", "-").split()):
        return True
    parts = "".join(f" {part}" for part in _NAME_PARTS.split(names)).lower()
    # "right col": two parts that name one thing
    parts = parts.replace(" right col", " rightcol").replace(" info box", " infobox")
    parts = parts.replace(" fact box", " factbox")
    return any(part.endswith(_BOX_NAME_ENDINGS) for part in parts.split())


_UNREAD = XPath("//style | //svg | //script[not(contains(@type, 'json'))]")


def _strip_unread(tree: HtmlElement) -> None:
    """Drop what no reader and no step after this reads: styles, drawings (an icon's <svg> is
    dozens of elements) and scripts other than JSON data (JSON-LD, a page's state, read for
    metadata). Every trafilatura run would walk them with its pruning queries and copy them
    before its own cleaning drops them."""
    for element in _UNREAD(tree):
        element.drop_tree()


_RUBY = XPath("//ruby")


def _inline_ruby(tree: HtmlElement) -> None:
    """Write ruby annotations (a Japanese or Chinese word with its reading above it:
    `<ruby>弾劾<rp>（</rp><rt>だんがい</rt><rp>）</rp></ruby>`) as the plain text a page shows
    without ruby, "弾劾（だんがい）", inside their sentence: trafilatura breaks the paragraph
    into lines at every <ruby> and drops the reading, and the sentence's pieces then read as
    short lines of their own."""
    for ruby in _RUBY(tree):
        if ruby.getparent() is None:
            continue  # inside a ruby written out already
        for part in list(ruby.iterdescendants()):
            part.drop_tag()
        ruby.drop_tag()


def _unmark_inline_spans(tree: HtmlElement) -> None:
    """Take the class, id and style off spans inside a paragraph's sentence (a link wrapped in
    `<span class="link">`, words in a bordered span): trafilatura's precise run drops elements
    by such names even there, cutting words out of the sentence. Spans named or styled hidden
    stay as they are (their text is not shown)."""
    for span in _MARKED_INLINE_SPANS(tree):
        marks = " ".join(span.get(name) or "" for name in _MARKS)
        if _HIDDEN_MARK.search(marks) or not _inside_sentence(span):
            continue
        for name in _MARKS:
            span.attrib.pop(name, None)


_ANCHORS_WITHOUT_ADDRESS = XPath("//body//a[not(@href)]")


def _unwrap_anchors_without_address(tree: HtmlElement) -> None:
    """Unwrap `<a>`s with no address (a footnote's target `<a name="_ftn1"></a>`, a script's
    placeholder): no link, but trafilatura reads the text after an empty one as link text,
    and a paragraph that seems all link is then taken for a pointer to another story."""
    for anchor in _ANCHORS_WITHOUT_ADDRESS(tree):
        anchor.drop_tag()


def _inside_sentence(element: _Element) -> bool:
    """Whether the paragraph's text runs on before or after the element."""
    if (element.tail or "").strip():
        return True
    before = element.getprevious()
    text = before.tail if before is not None else element.getparent().text
    return bool((text or "").strip())


def _visible_chars(element: _Element) -> int:
    """Characters of the text a reader sees (script and style contents are not seen)."""
    hidden = sum(len(part.text_content()) for part in element.iter(_NOT_SEEN))
    return len(element.text_content()) - hidden


def _drop_big_json_ld(tree: HtmlElement) -> None:
    """Drop JSON-LD blocks too big to be an article's metadata (a live blog's every post, a
    list of products). trafilatura's metadata reader escapes and unescapes a block before
    parsing it, which breaks JSON of that size, and then reads it with regular expressions
    that rewrite the block once per name found: seconds on one page, for an author's name at
    most. The article's own block is small; the page's dates are read apart (PageMetadata)."""
    for script in _JSON_LD(tree):
        if len(script.text or "") > MAX_JSON_LD_CHARS:
            script.getparent().remove(script)


# -- the text ---------------------------------------------------------------------------------


def _paragraphs_by_words(tree: HtmlElement) -> dict[str, _Element]:
    """The page's <p>s by their words, to find the element a block was read from."""
    paragraphs: dict[str, _Element] = {}
    for element in tree.iter("p"):
        key = " ".join(Block("p", [clean_text(element.text_content())]).words)
        if key:
            paragraphs.setdefault(key, element)
    return paragraphs


def _within_one_article(
    tree: HtmlElement, blocks: list[Block], sources: list[_Element | None]
) -> tuple[list[Block], list[_Element | None]]:
    """When the text comes from several <article>s (posts appended below the story, teaser
    cards), only the blocks of the article holding the headline."""
    articles = [_nearest(source, "article") for source in sources]
    headline = tree.find(".//h1")
    main = _nearest(headline, "article") if headline is not None else None
    if main is None or main not in articles or len(set(articles) - {None}) < 2:
        return blocks, sources
    if articles.count(main) < MIN_STORY_PARAGRAPHS:
        return blocks, sources  # the headline's <article> is a header (a standfirst at most)
    kept = [index for index, article in enumerate(articles) if article in (main, None)]
    return [blocks[i] for i in kept], [sources[i] for i in kept]


def _nearest(element: _Element | None, tag: str) -> _Element | None:
    if element is None:
        return None
    return next(element.iterancestors(tag), None)


def _story_blocks(tree: HtmlElement) -> tuple[list[Block], list[_Element | None]]:
    """trafilatura's precise reading, and its balanced one only where the precise run left
    out prose of the story's region (a second run costs as much as the first); with the
    page's <p> each block was read from, where its words match one exactly."""
    paragraphs = _paragraphs_by_words(tree)
    blocks = precise_blocks(tree)
    sources = [paragraphs.get(" ".join(block.words)) for block in blocks]
    if not blocks or _missed_prose(blocks, sources):
        blocks = with_balanced_prose(tree, blocks)
        sources = [paragraphs.get(" ".join(block.words)) for block in blocks]
    return blocks, sources


def _missed_prose(blocks: list[Block], sources: list[_Element | None]) -> bool:
    """Whether the story's region holds a paragraph the blocks leave out: prose anywhere in
    it, or a sentence between the story's paragraphs."""
    found = {element for element in sources if element is not None}
    if not found:
        return False  # read from no <p>: nothing to compare with
    paragraphs = _region_paragraphs(_story_region(list(found)))
    inside = [index for index, element in enumerate(paragraphs) if element in found]
    known = " ".join(" ".join(block.words) for block in blocks)
    for index, element in enumerate(paragraphs):
        block = _paragraph_block(element)
        between = bool(inside) and inside[0] < index < inside[-1]
        after = bool(inside) and index == inside[-1] + 1  # right after the story's last
        if (
            is_prose(block) or (between and is_sentence(block)) or (after and goes_on(block))
        ) and " ".join(block.words) not in known:
            return True
    return False


def _with_story_elements(
    blocks: list[Block], sources: list[_Element | None]
) -> tuple[list[Block], list[_Element | None]]:
    """Add back what the precise run left out of the story, read from the page itself: in a
    container the story's paragraphs were read from, between its first and last paragraphs,
    the subheadings, lists, quotes and paragraphs the furniture classifier (by their class
    names, links and words) calls text. The precise run drops these for their shortness or
    their links (subheadings above all); a balanced run would cost as much again."""
    found = [element for element in sources if element is not None]
    if not found:
        return blocks, sources  # read from no <p>: nothing to place them by
    region = _story_region(found)
    order = {element: index for index, element in enumerate(region.iter())}
    inside = [order[element] for element in found if element in order]
    if not inside:
        return blocks, sources
    first, last = min(inside), max(inside)
    known_pairs = set().union(*(_word_pairs(block.words) for block in blocks))
    known_texts = [block.words for block in blocks]
    read = set(found)
    containers = {element.getparent() for element in found}
    # A story split into several containers has its subheadings between them, beside them
    # under their parent (not inside a box of their own: a sidebar's heading is).
    containers |= {container.getparent() for container in containers if len(containers) > 1}
    added: list[tuple[int, Block]] = []
    for element in region.iter(*_STORY_ELEMENTS):
        if element in read or element.getparent() not in containers:
            continue
        block = _element_block(element)
        if not block.words or _read_already(block.words, known_texts, known_pairs):
            continue
        between = first < order[element] < last
        if between and _reads_as_text(element, block, region):
            added.append((order[element], block))
            # a tab panel's copies are read once
            known_pairs |= _word_pairs(block.words)
            known_texts.append(block.words)
    if not added:
        return blocks, sources
    # Each goes before the first block the run read from further down the page; the run's
    # own order is kept (it may differ from the page's: a text repeated in tabs).
    added.sort(key=lambda item: item[0])
    merged_blocks: list[Block] = []
    merged_sources: list[_Element | None] = []
    for block, source in zip(blocks, sources, strict=True):
        position = order.get(source) if source is not None else None
        while added and position is not None and added[0][0] < position:
            merged_blocks.append(added.pop(0)[1])
            merged_sources.append(None)  # the story's containers stay those the run read from
        merged_blocks.append(block)
        merged_sources.append(source)
    return merged_blocks, merged_sources


def _word_pairs(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A text's pairs of words in a row (a one-word text: the word)."""
    return {words[i : i + 2] for i in range(max(1, len(words) - 1))} if words else set()


def _read_already(
    words: tuple[str, ...], known_texts: list[tuple[str, ...]], known_pairs: set
) -> bool:
    """Whether the text's words were read: a short text as a block of its own or the start of
    one (a subheading the run joined to the paragraph under it), not as words inside a
    sentence ("Trust but verify" is a subheading even when a quote says "trust but verify");
    a longer one as half its pairs of words (the run may have spaced or split it otherwise)."""
    if len(words) < SHORT_TEXT_WORDS:
        return any(known[: len(words)] == words for known in known_texts)
    pairs = _word_pairs(words)
    return len(pairs & known_pairs) >= 0.5 * len(pairs)


def _element_block(element: _Element) -> Block:
    """A story element as a Block: a list one item a line, a heading, a quote, a paragraph."""
    if element.find(".//script") is not None or element.find(".//style") is not None:
        return Block("p", [])  # code, not text
    if element.tag in ("ul", "ol"):
        lines = [clean_text(item.text_content()) for item in element.iterchildren("li")]
        return Block("list", [line for line in lines if line], _source_link_chars(element))
    kind = "head" if element.tag in _HEADINGS else "quote" if element.tag == "blockquote" else "p"
    text = clean_text(element.text_content())
    return Block(kind, [text] if text else [], _source_link_chars(element))


def _reads_as_text(element: _Element, block: Block, region: _Element) -> bool:
    """Whether the furniture classifier calls the element text, by its class and id names
    and those of its wrappers in the region, its link share and its words."""
    names = []
    for node in (element, *element.iterancestors()):
        if node is region:
            break
        names.append(f"{node.get('class') or ''} {node.get('id') or ''}".strip())
    text = block.text.replace("\n", " ")
    shape = Shape(
        tag="list" if block.kind == "list" else block.kind,
        link_share=block.link_chars / len(text),
        has_link=block.link_chars > 0,
        classes=" ".join(name for name in names if name),
    )
    if block.kind == "p" and not is_sentence(block) and block.link_chars:
        return False  # a short linked line between paragraphs: a teaser, not text
    return default_classifier().label(text, shape).is_text


def _with_continuations(
    tree: HtmlElement, blocks: list[Block], sources: list[_Element | None]
) -> list[Block]:
    """Add the rest of an article split into several like containers (ads between them),
    of which trafilatura takes only the first: the other containers' paragraphs join the
    text in page order."""
    parents = Counter(element.getparent() for element in sources if element is not None)
    if not parents:
        return blocks
    chunks = _like_containers(parents.most_common(1)[0][0])
    if not chunks:
        return blocks
    order = {element: index for index, element in enumerate(tree.iter())}
    known = {" ".join(block.words) for block in blocks}
    added: list[tuple[int, Block]] = []
    for chunk in chunks:
        new = []
        for element in chunk.iter("p"):
            block = _paragraph_block(element)
            if block.words and " ".join(block.words) not in known:
                new.append((order[element], block))
        if any(is_prose(block) for _, block in new) and all(
            block.link_chars <= MAX_PROSE_LINK_SHARE * len(block.text) for _, block in new
        ):
            added.extend(new)
    if not added:
        return blocks
    placed, position = [], 0
    for block, source in zip(blocks, sources, strict=True):
        position = order[source] if source is not None else position
        placed.append((position, block))
    return [block for _, block in sorted(placed + added, key=lambda item: item[0])]


def _story_region(paragraphs: list[_Element]) -> _Element:
    """The deepest element holding most of the story's paragraphs (an outlier read from
    elsewhere on the page does not widen it to the whole page)."""
    needed = max(1, round(REGION_SHARE * len(paragraphs)))
    holds: Counter[_Element] = Counter()
    depth: dict[_Element, int] = {}
    for paragraph in paragraphs:
        ancestors = list(paragraph.iterancestors())
        for level, ancestor in enumerate(ancestors):
            holds[ancestor] += 1
            depth[ancestor] = len(ancestors) - level
    return max((a for a, count in holds.items() if count >= needed), key=depth.__getitem__)


def _region_paragraphs(region: _Element) -> list[_Element]:
    """The region's paragraphs outside the boxes that never hold the story's own text."""
    return [
        paragraph
        for paragraph in region.iter("p")
        if not any(
            ancestor.tag in _OFF_STORY
            for ancestor in paragraph.iterancestors()
            if ancestor is not region
        )
    ]


def _paragraph_block(element: _Element) -> Block:
    return Block("p", [clean_text(element.text_content())], _source_link_chars(element))


def _like_containers(main: _Element) -> list[_Element]:
    """Elements like the main container (its tag, most of its class names, its depth) that
    sit close to it: under its parent, grandparent or great-grandparent."""
    classes = set((main.get("class") or "").split())
    if not classes:
        return []
    ancestors = list(main.iterancestors())
    if len(ancestors) < CONTINUATION_LEVELS:
        return []
    like = []
    for element in ancestors[CONTINUATION_LEVELS - 1].iterdescendants(main.tag):
        other = set((element.get("class") or "").split())
        if (
            element is not main
            and len(classes & other) >= 0.5 * len(classes | other)
            and sum(1 for _ in element.iterancestors()) == len(ancestors)
        ):
            like.append(element)
    return like


def _source_link_chars(element: _Element) -> int:
    return sum(len(clean_text(link.text_content())) for link in element.iter("a"))


def _split_lead(
    tree: HtmlElement, description: str | None, blocks: list[Block]
) -> tuple[str | None, list[Block]]:
    """The standfirst: the page's description where the page shows it in an element of its own.

    At the body's start it moves out of the body. Missed by the extraction, it is added back
    when shown as a paragraph, but not when shown as a heading: a heading under the title is a
    subtitle, which the public benchmarks' truths leave out (measured: adding those too costs
    0.003 F1 on AEB), while news leads in paragraphs are text (fundus: +0.004).
    """
    if not blocks or not description:
        return None, blocks
    shown = _shown_element(tree, description)
    if shown is None:
        return None, blocks
    if same_words(blocks[0], description):
        return blocks[0].text, blocks[1:]
    lead = Block("p", [clean_text(shown.text_content())])
    body_words = " ".join(" ".join(block.words) for block in blocks)
    if shown.tag in _HEADINGS or " ".join(lead.words) in body_words:
        return None, blocks
    return lead.text, blocks


def _shown_element(tree: HtmlElement, description: str) -> _Element | None:
    """The visible element whose whole text is the page's description, the first on the page.

    It is looked for upwards from the text nodes holding the description's longest word (an
    element's text is cheaper to read on those few than on every element), up to the first
    ancestor whose text is too long to be it."""
    if len(description) < 40:
        return None
    wanted = Block("p", [description]).words
    body = tree.find("body")
    for text in _TEXT_HOLDING(body, word=max(_WORD.findall(description), key=len)):
        element = text.getparent()
        if element is not None and text.is_tail:
            element = element.getparent()
        shown = None
        while element is not None and element is not body:
            text = clean_text(element.text_content())
            if len(text) > 2 * len(description) + 20:
                break
            if element.tag in _LEAD_TAGS and Block("p", [text]).words == wanted:
                shown = element  # an outer one starts earlier on the page: keep going up
            element = element.getparent()
        if shown is not None and not any(
            ancestor.tag in _NOT_SHOWN for ancestor in shown.iterancestors()
        ):
            return shown
    return None


# -- the metadata -----------------------------------------------------------------------------


def _title(document: Document, url: str) -> str:
    """The page's title without the site's name appended ("… | Börsen-Zeitung", "… - WELT")."""
    title = clean_text(document.title)
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and _names_the_site(parts[-1], document.sitename, url):
        return title[: title.rindex(parts[-1])].rstrip(" |-–—·•｜：:")
    return title


def _names_the_site(text: str, sitename: str | None, url: str) -> bool:
    labels = (urlsplit(url).hostname or "").split(".")[:-1]  # the top-level domain never is
    names = [sitename or "", *(label for label in labels if label not in _GENERIC_LABELS)]
    folded = _folded(text)
    return bool(folded) and any(
        len(name) >= 3 and (name in folded or folded in name) for name in map(_folded, names)
    )


def _folded(text: str) -> str:
    """Lower-case Latin letters and digits only: "Börsen-Zeitung" → "boersenzeitung",
    "ТАСС" → "tass"."""
    text = text.lower().translate(_TO_HOST_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if char.isalnum())


def _page_document(tree: HtmlElement, url: str, date_config: dict, categories: bool) -> Document:
    """What trafilatura's `extract_metadata` reads of a page, by its own readers, in its order,
    but for what is not read here: the licence (a walk over the page's links and footers),
    the host name and, when the page names its section itself, the categories."""
    document = examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # as extract_metadata: one word is no name
    with suppress(Exception):  # as extract_metadata: its JSON-LD reader's bugs leave the tags'
        document = extract_meta_json(tree, document)
    document.title = document.title or extract_title(tree)
    document.author = document.author or extract_author(tree)
    document.url = document.url or extract_url(tree, url)
    document.date = find_date(tree, **{**date_config, "url": document.url})
    document.sitename = document.sitename or extract_sitename(tree)
    if document.sitename:
        document.sitename = document.sitename.lstrip("@")  # a Twitter handle
        if (
            document.sitename
            and "." not in document.sitename
            and not document.sitename[0].isupper()
        ):
            document.sitename = document.sitename.title()
    elif document.url and (named := META_URL.match(document.url)):
        document.sitename = named[1]
    if categories and not document.categories:
        document.categories = extract_catstags("category", tree)
    document.tags = document.tags or extract_catstags("tag", tree)
    document.clean_and_trim()
    return document


def _date_config(extensive: bool = True) -> dict:
    return {**set_date_params(extensive=extensive), "outputformat": _DATE_FORMAT}


def _time_zone(url: str, outlet: str) -> tzinfo:
    """The outlet's zone for dates a page gives without an offset; UTC for unknown sites."""
    site = site_extractor_for(url, outlet)
    return getattr(site, "tz", None) or UTC


def _machine_published(page: PageMetadata) -> str | None:
    """The publication date as the page's metadata gives it (JSON-LD, meta, microdata)."""
    value = (
        page.article_ld.get("datePublished")
        or page.first_meta("article:published_time", "og:published_time")
        or next(iter(page.itemprop("datePublished")), None)
    )
    return value if isinstance(value, str) else None


def _published(machine: str | None, document: Document, zone: tzinfo) -> datetime | date | None:
    """The page's own machine date when it tells the time, else htmldate's find (it reads
    meta tags, the URL and the text, in many languages), else the machine date alone."""
    if iso_has_time(machine):
        return parse_iso(machine, zone)
    found = document.date
    if found and found.endswith(_NO_TIME):
        found = found.removesuffix(_NO_TIME)  # htmldate's filler: it found the day only
    return parse_iso(found, zone) or parse_iso(machine, zone)


def _modified(
    page: PageMetadata, zone: tzinfo, published: datetime | date | None
) -> datetime | date | None:
    value = (
        page.article_ld.get("dateModified")
        or page.first_meta("article:modified_time", "og:updated_time")
        or next(iter(page.itemprop("dateModified")), None)
    )
    modified = parse_iso(value, zone) if isinstance(value, str) else None
    if modified is None or (
        published is not None and start_of(modified, zone) <= start_of(published, zone)
    ):
        return None
    return modified


def _authors(document: Document) -> list[str]:
    names = (clean_text(name) for name in (document.author or "").split(";"))
    return list(dict.fromkeys(name for name in names if name))


def _own_section(page: PageMetadata) -> str | None:
    """The section the page's JSON-LD or meta tags name (trafilatura's categories are read
    only without it)."""
    section = page.article_ld.get("articleSection") or page.first_meta("article:section")
    if isinstance(section, list):
        section = next((item for item in section if isinstance(item, str)), None)
    return section if isinstance(section, str) else None


def _section(section: str | None, document: Document) -> str | None:
    if not isinstance(section, str) and document.categories:
        section = document.categories[0]
    return clean_text(unescape(section) if isinstance(section, str) else None) or None


def _tags(document: Document) -> list[str]:
    """The page's tags; one keywords string "a, b, c" counts as three."""
    tags = (clean_text(unescape(part)) for tag in document.tags or [] for part in tag.split(","))
    return list(dict.fromkeys(tag for tag in tags if tag))


def _language(tree: HtmlElement, page: PageMetadata) -> str | None:
    code = tree.get("lang") or page.first_meta("og:locale") or ""
    return code.replace("_", "-").split("-")[0].strip().lower() or None
