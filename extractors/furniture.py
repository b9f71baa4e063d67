"""One classifier of page furniture, used by every site layout and by the fallback.

A block of text (a paragraph, a list, a line) is labelled `text` or a kind of furniture, with
the reason. The classifier decides from where the block stands first — the class and id names
around it, beside or in italics under a picture, a list of links — then from phrase lists and
patterns kept as data in `furniture_phrases.toml` (Russian first, also Kyrgyz, Kazakh and
English), matched only where the lists say (at the block's start, as the whole block, in a
short block) and only in short blocks, and last from weaker structure for what no phrase names
(one link, a short label and one link, an emoji-led line with a link, a plain short line under
a picture, a <figure>). A paragraph that merely mentions "Telegram", opens "Источник в
правительстве сообщил…" or quotes "«…в нашем Telegram-канале», — сказал министр" is text.

An outlet adds phrases as data (`SiteExtractor.furniture`), never code:
`FurnitureClassifier({"poll": {"line": ["Наш опрос"]}})`.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from selectolax.lexbor import LexborNode

from extractors.morphology import states_something
from extractors.text import node_text

PHRASES_FILE = Path(__file__).with_name("furniture_phrases.toml")

TEXT = "text"
# The kinds of furniture, as the phrase file and the structure rules name them.
KINDS = (
    "caption",  # the words under a picture
    "credit",  # who took the picture or video
    "source",  # where the story comes from ("Источник: …", "По материалам …")
    "promo",  # subscribe, messenger and social channels, apps, newsletters, donations
    "related",  # "read also" in any wording, a link to another story, a list of links
    "counter",  # views, comments, votes
    "poll",
    "share",  # share bars read as text
    "tags",
    "comments",
    "ad",
    "chrome",  # the site's own lines: print version, copyright, the page's address
    "date",  # a date line or time stamp standing alone (outlets read it as the date)
)
# Captions longer than this are paragraphs that happen to follow a picture.
MAX_CAPTION_CHARS = 200
# A block that is one link: its link text is at least this share of its text.
ONE_LINK_SHARE = 0.8
# A list whose items are mostly links is a list of other stories.
LINK_LIST_SHARE = 0.5
MAX_LINK_BLOCK_CHARS = 250
_MAX_LINKED_CHARS = 300  # the longest block a rule about links looks at (related phrases)
_FILE_LINK = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf|zip|rar|jpe?g|png|gif|webp)(?:[?#]|$)", re.I
)
_PICTURE_TAGS = frozenset({"img", "picture", "amp-img", "video", "iframe"})
_PICTURES_CSS = ", ".join(sorted(_PICTURE_TAGS))
_LIST_TAGS = frozenset({"ul", "ol", "list"})
# A box inside the text that its own lines mark a widget (`FurnitureClassifier.box_label`):
# an element that may hold one, short, and the kinds of line that mark it.
_BADGE_SEPARATORS = " :|•·—–-"
# How a title, a sentence or a piece of its own opens: a capital, a digit, a quote, "©".
_OPENS_PIECE = re.compile(r"[A-ZА-ЯЁ\d«\"“„©]")
# Lines a lead element may hold besides the lead (`lead_text`).
_MAX_LEAD_LINE_CHARS = 80
_LEAD_LINE_KINDS = frozenset({"credit", "chrome"})
# (A <form> alone is invisible and goes as such; the box around it is asked.)
_BOX_TAGS = frozenset({"div", "section", "aside"})
BOX_CSS = ", ".join(sorted(_BOX_TAGS))
_MAX_BOX_CHARS = 400
_MAX_BOX_LINE_CHARS = 40
_MIN_BOX_PROSE_WORDS = 3
_PROSE_ENDS = (".", "!", "…", ".»", "!»", '."', '!"')
_BOX_MARKER_KINDS = frozenset({"poll", "counter", "share", "promo", "ad"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "head"})
_EMPHASIS_TAGS = frozenset({"em", "i"})
_MAX_NAMES_REMEMBERED = 4096  # class attributes a classifier remembers what they name
_UNDERSCORES = re.compile(r"_+")
_WORDS = re.compile(r"©|\w+")
_FIRST_WORD = _WORDS
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
# CSS-module build hashes: "6Z9If", "XcM1k" (a digit, or a capital past the first letter).
_HASH_SUFFIX = re.compile(r"^(?=.?.*(?:\d|(?<=.)[A-Z]))[0-9A-Za-z]{5}$")
# Reported speech: a quotation closed and attributed ("«…», — сказал министр", "\"…\" - said").
# Written to start with one set of characters (the lookbehinds pick the branch) so the regex
# engine skips to candidates: as "(?:[.!?…]\s*[»“”"]|[»“”"]\s*,)…" it tried both branches at
# every character of the block (3x the instructions, on every short paragraph).
_REPORTED_SPEECH = re.compile(
    r"[.!?…»“”\"](?:(?<=[.!?…])\s*[»“”\"]|(?<=[»“”\"])\s*,)\s*[—–-]\s*[а-яёa-z]"
)
# The short label before a pointer's link: "Это интересно:", "Рекомендуем —", "READ MORE |",
# "→", "👉".
_LINK_LABEL = re.compile(
    r"^(?:[\u2190-\u21FF\u25B6\u25BA\u27A1\U0001F000-\U0001FAFF»•]+\uFE0F?"
    r"|[^\W\d_][^:—–|.!?\s]*(?:\s+[^:—–|.!?\s]+){0,3}\s*[:—–|])\s*"
)
_ADDRESS = re.compile(r"https?://|www\.")
# Pictographs that lead a call to the reader ("🔥 Самое важное — здесь", "📲 …"); a news
# paragraph never starts with one.
_EMOJI_LEAD = re.compile(r"^\s*[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u27BF\u2B00-\u2BFF]")
# Sentence-final marks of the scripts the extractors meet: Latin and Cyrillic, CJK full-width
# (。！？ and a quote closing after them: 」』), Arabic "؟", Urdu "۔", Devanagari "।" and "॥",
# Armenian "։", Ethiopic "።", Myanmar "။", Khmer "។", Tibetan "།". Without them no CJK
# paragraph was a sentence.
FULL_STOPS = tuple(".!?…。！？؟۔।॥։።။។།")
SENTENCE_END = (*FULL_STOPS, *"\"'”»)」』")
# Thai and Lao end a sentence with a space and a paragraph with its last word: no mark.
_UNMARKED_SCRIPTS = ("\u0e00", "\u0eff")  # the Thai and Lao blocks, first and last
# Characters of scripts written without spaces, one syllable or word each (Han, kana, Hangul,
# full-width forms): a reader reads about as much in one as in three Latin letters.
_WIDE_CHARACTER = re.compile(
    r"[\u1100-\u11FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF01-\uFF60]"
)
WIDE_CHARACTER_WEIGHT = 3
# A sentence that ends with a cry or a question rather than a plain full stop.
_EXCLAIMED = tuple("!?…！？؟")
# An agency or outlet named alone in brackets or slashes where the text ends ("(Kabar)",
# "/ТАСС/", "(АКИpress)"): where the story came from, as "По материалам …" says in words.
_BRACKETED_NAME = re.compile(
    r"\s*(?:\(\s*(?P<round>[^\W\d_][\w.&«»\"'-]*(?:\s+[\w.&«»\"'-]+){0,2})\s*\)"
    r"|/\s*(?P<slashed>[^\W\d_][\w.&«»\"'-]*(?:\s+[\w.&«»\"'-]+){0,2})\s*/)\s*"
)
# A name alone: one to four capitalised words, initials, names in quotes or site addresses, on
# one line (a list's items are lines apart), maybe with a final stop; case tells a name from a
# sentence.
_NAME_WORD = r"(?:[A-ZА-ЯЁ][\w&'’-]*\.?|«[^»]{1,30}»|\w[\w-]*\.[a-z]{2,6})"
_MAX_NAME_CHARS = 60
_NAME_ALONE = re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}\.?")
# A site's address alone, by a picture its credit: "kaktus.media", "akipress.org".
_SITE_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:kg|ru|kz|uz|tj|com|org|net|media|info)", re.I)
# A caption written as a plain line under its picture: a few words and no sentence's end (nor a
# colon or semicolon: a line that introduces what follows).
_MAX_CAPTION_WORDS = 25
_CAPTION_END = (*FULL_STOPS, ":", ";")
_MAX_CLOSING_LINE_WORDS = 8
_MAX_BOLD_CHECKED = 100  # the longest block asked whether it is all in bold (a subheading)
# The outlet speaking of itself: "наш канал", "нас в Дзен", "our newsletter", "биздин канал".
_FIRST_PERSON = re.compile(r"(?<!\w)(?:наш\w*|нас|мы|нам|our|us|we|биз\w*|біз\w*)(?!\w)")


BY_WORDS, BY_LINKS = "words", "links"  # what decided a label (`Label.basis`)


@dataclass(frozen=True)
class Label:
    """What a block is, and why: `Label("credit", "phrase 'фото' as a label at block start")`."""

    kind: str
    reason: str
    basis: str = ""  # BY_WORDS or BY_LINKS when the words or the links decided

    @property
    def is_text(self) -> bool:
        return self.kind == TEXT

    @property
    def by_words(self) -> bool:
        """Whether the block's words decided (a phrase or a pattern), not its structure."""
        return self.basis == BY_WORDS

    @property
    def by_links(self) -> bool:
        """Whether the block's links decided (one link, a list of links, a label and a link)."""
        return self.basis == BY_LINKS


TEXT_LABEL = Label(TEXT, "no furniture rule matched")


class Shape(NamedTuple):
    """Where a block stands and how it is made: what the structure rules look at. (A named
    tuple: one is made for every block of every page, and a frozen dataclass costs several
    times more to make.)"""

    tag: str = "p"  # "p", "ul"/"ol"/"list", "h2"/"head", "div", "figcaption"…
    link_share: float = 0.0  # share of the block's characters inside links
    has_link: bool = False
    classes: str = ""  # class and id names of the block and its wrappers inside the text
    in_figure: bool = False  # inside a <figure> or a picture's caption element
    beside_picture: bool = False  # shares its paragraph with a picture
    after_picture: bool = False  # the block right after a paragraph that is a picture
    emphasised: bool = False  # all in <em>/<i>: how a caption line under a picture looks
    bold: bool = False  # a short block all in <strong>/<b>: how a subheading looks
    closing: bool = False  # among the blocks that close the text (nothing but furniture after)


PLAIN = Shape()  # a block seen as text alone: no markup to go by


def _phrase_pattern(phrases: Sequence[str], template: str) -> re.Pattern[str] | None:
    if not phrases:
        return None
    words = sorted({_fold(p) for p in phrases}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    return re.compile(template.format(f"(?P<phrase>{alternatives})"))


# Where a phrase list matches; the text is folded (lower case, "ё" as "е") before matching.
_LEAD = r"^[^\w©]*"
# Where a pattern names the messenger and social networks the phrase file lists.
_NETWORKS = "<networks>"
# Where a pattern names a picture in any word for one ("фото", "снимок", "кадр", "скриншот").
_PICTURES = "<pictures>"
_TEMPLATES = {
    "label": _LEAD + r"{}\s*(?:[:—–/]|-\s|\s-)",
    "start": _LEAD + r"{}(?!\w)",
    "line": _LEAD + r"{}[\s:.!?…]*(?:[(\[]?\d[\d\s]*[)\]]?)?[\s:.!?…]*$",
    "contains": r"(?<!\w){}(?!\w)",
    "linked": _LEAD + r"{}(?!\w)",
    "closing": _LEAD + r"{}(?!\w)",
    "heading": _LEAD + r"{}(?!\w)",
}
# The lists not anchored at the block's start: `heading` is asked on its own
# (`FurnitureClassifier.opens_list`), `contains` anywhere in the block.
_UNANCHORED = ("contains", "heading")
_WHERE = {
    "label": "as a label at block start",
    "start": "at block start",
    "line": "as the whole block",
    "contains": "in a short block",
    "linked": "at the start of a block with a link",
    "closing": "at the start of a closing block",
    "heading": "as a heading",
}


class _KindRules:
    """One kind's phrase lists, compiled."""

    def __init__(self, kind: str, spec: Mapping[str, Any]) -> None:
        self.kind = kind
        self.max_chars = int(spec.get("max_chars", 200))
        self.phrases = {
            where: pattern
            for where, template in _TEMPLATES.items()
            if (pattern := _phrase_pattern(spec.get(where, ()), template)) is not None
        }
        # `unmarked_pattern`s are tried only on a block that is no heading and not all bold.
        self.patterns = Patterns(
            [
                _Pattern(kind, p, self.max_chars, unmarked)
                for key, unmarked in (("pattern", False), ("unmarked_pattern", True))
                for p in spec.get(key, ())
            ]
        )
        # Patterns where letter case tells (an agency's name after a slash), on the block's
        # own text, spaces collapsed.
        self.cased_patterns = Patterns(
            [_Pattern(kind, p, self.max_chars, cased=True) for p in spec.get("cased_pattern", ())],
            flags=0,
        )
        # The first words of the phrases, by list: a block whose first word starts no phrase
        # of a list is not tried against it (most blocks start no phrase at all).
        self.first_words = {
            where: {_first_word(_fold(phrase)) for phrase in spec.get(where, ())}
            for where in self.phrases
        }
        # A block whose first word starts no phrase of the lists anchored at the block's start
        # (most blocks), of a kind without a `contains` list, is tried against the patterns only.
        self.anchored_starts = set().union(
            *(words for where, words in self.first_words.items() if where not in _UNANCHORED)
        )
        self.has_contains = "contains" in self.phrases

    def cased_reason(self, text: str) -> str | None:
        """Why the block's own text (case kept) is this kind, by a cased pattern."""
        if len(text) > self.max_chars:
            return None
        found = self.cased_patterns.first_match(_collapsed(text))
        return _pattern_matched(found[1]) if found else None

    def reason(self, block: FoldedBlock, shape: Shape) -> str | None:
        """Why the folded block is this kind."""
        if len(block.folded) > self.max_chars:
            return None
        may_phrase = self.has_contains or block.first_word in self.anchored_starts
        phrased = may_phrase and self._phrase_reason(block, shape)
        return phrased or self._pattern_reason(block, shape)

    def _phrase_reason(self, block: FoldedBlock, shape: Shape) -> str | None:
        """Why the folded block is this kind by a phrase list, where the list says."""
        folded, first_word = block.folded, block.first_word
        for where, pattern in self.phrases.items():
            if where == "heading":
                continue  # asked for on its own: `FurnitureClassifier.opens_list`
            needs_link, needs_close = where == "linked", where == "closing"
            if (needs_link and not shape.has_link) or (needs_close and not shape.closing):
                continue
            if needs_close and _reads_as_sentence(folded):
                continue  # "По материалам дела, обвиняемый …": the story's last sentence
            if where == "contains":
                if self.first_words[where].isdisjoint(block.words):
                    continue  # a regex alternation of many phrases scans slowly: spared
                match = pattern.search(folded)
                # Inside a sentence of the story ("Жители могут подписаться на бот мэрии."),
                # a phrase is the outlet's call only when the outlet speaks in it ("наш
                # канал", "subscribing to our newsletter").
                if match and _is_sentence(folded) and not _FIRST_PERSON.search(folded):
                    continue
            elif first_word in self.first_words[where]:
                match = pattern.match(folded)  # every other list is anchored at the start
            else:
                continue
            if match and where == "label" and _dash_led_sentence(match, folded):
                continue  # "Фото — единственное, что осталось у семьи." is the story's
            if match and needs_close and _according_to_sentence(match, folded):
                continue  # "По информации ведомства пострадавших нет." says what happened
            if match:
                return f"phrase '{match['phrase']}' {_WHERE[where]}"
        return None

    def _pattern_reason(self, block: FoldedBlock, shape: Shape) -> str | None:
        """Why the folded block is this kind by a pattern."""
        found = self.patterns.first_match(block.folded, _is_marked(shape), block)
        return _pattern_matched(found[1]) if found else None


def _pattern_matched(matched: str) -> str:
    return f"pattern matched '{matched[:40]}'"


class _Pattern:
    """One kind's pattern from the phrase file, as a regex source, with when it is tried.

    Anchored patterns ("^…", all of the phrase file's) are tried at the block's start only: as
    re.match, 5-10x cheaper than a search. A pattern that names the networks is tried only on a
    block that mentions one; the longest block a pattern can match is its kind's, or less when
    the pattern says so itself ("^(?=.{0,150}$)…"): a longer block is not tried (trying it costs
    the regex engine ~150 steps back before it fails)."""

    __slots__ = ("kind", "limit", "needs_network", "scans", "source", "unmarked")

    def __init__(
        self, kind: str, pattern: str, max_chars: int, unmarked: bool = False, cased: bool = False
    ) -> None:
        source = _with_word_lists(pattern)
        compiled = re.compile(source)  # a broken pattern fails when the classifier is made
        # Joined with others into one regex (`Patterns`), a pattern may hold no inline flags
        # and no groups of its own to number.
        if compiled.flags & ~re.UNICODE or compiled.groups:
            raise ValueError(
                f"{kind} pattern with flags or capturing groups (use (?:…)): {pattern!r}"
            )
        self.kind = kind
        self.source = source
        self.needs_network = not cased and _NETWORKS in pattern  # cased: asked of any block
        self.limit = _length_limit(pattern, max_chars)
        # A pattern bounds its own length ("^(?=.{0,150}$)…") where it scans the block with
        # lookaheads or ".*": the bound caps what a failed scan costs.
        self.scans = _OWN_LENGTH_LIMIT.match(pattern) is not None
        self.unmarked = unmarked  # tried only on a block that is no heading and not all bold


class Patterns:
    """Patterns tried in their order on a folded block, the first that matches winning.

    They are asked as one regex, an alternation of the patterns a block may be tried against
    (by its length, whether it is marked as a subheading, whether it names a network), each in
    a named group: the engine tries the branches in order, so the first pattern that matches
    wins as in a loop, and `lastgroup` says which it was. One call instead of ~20 (a loop of
    re.match calls cost ~200 calls per real-weight page). Each such alternation is compiled on
    first use."""

    def __init__(self, patterns: Sequence[_Pattern], flags: int = re.IGNORECASE) -> None:
        self.patterns = tuple(patterns)
        self._flags = flags
        self._limits = sorted({pattern.limit for pattern in patterns})
        self.longest = max(self._limits, default=0)
        # Whether any pattern tried on a block of each length bucket names the networks, and
        # whether one of those scans the block for it. A block is asked whether it names a
        # network (a substring test per network) before the patterns that scan for one are
        # tried, as they cost more; where only anchored ones apply ("Поделиться в …",
        # "Мы в …": they fail at the first words), every pattern is tried first, and the block
        # asked only when one that needs a network matched (most blocks match none).
        self._networks_asked = [
            any(p.needs_network and p.limit >= limit for p in patterns) for limit in self._limits
        ]
        self._network_scans = [
            any(p.needs_network and p.scans and p.limit >= limit for p in patterns)
            for limit in self._limits
        ]
        self._combined: dict[tuple[int, bool, bool], re.Pattern[str]] = {}
        self._kinds = {f"_p{index}": pattern.kind for index, pattern in enumerate(patterns)}
        self._needs_network = {f"_p{i}": p.needs_network for i, p in enumerate(patterns)}

    def first_match(
        self, text: str, marked: bool = False, block: FoldedBlock | None = None
    ) -> tuple[str, str] | None:
        """The kind of the first pattern that matches `text` and the text it matched, else
        None. `marked`: the block is a heading or all in bold; `block`: the folded block that
        `text` is, asked whether it names a network when a pattern needs one to."""
        length = len(text)
        if length > self.longest:
            return None
        bucket = bisect_left(self._limits, length)  # the patterns whose limit is `length`+
        networked = self._networks_asked[bucket] and block is not None
        if networked and self._network_scans[bucket]:
            networked = block.networked
        match = self._combined_for(bucket, marked, networked).match(text)
        if match is not None and self._needs_network[match.lastgroup] and not block.networked:
            match = self._combined_for(bucket, marked, False).match(text)
        if match is None:
            return None
        name = match.lastgroup
        return self._kinds[name], match[name]

    def _combined_for(self, bucket: int, marked: bool, networked: bool) -> re.Pattern[str]:
        key = (bucket, marked, networked)
        combined = self._combined.get(key)
        if combined is None:
            combined = self._combined[key] = self._compile(self._limits[bucket], marked, networked)
        return combined

    def _compile(self, length: int, marked: bool, networked: bool) -> re.Pattern[str]:
        """The alternation of the patterns tried on a block of `length` characters (up to the
        next limit: the same patterns apply), in their order."""
        branches = [
            # An anchored pattern matches at the start; another anywhere (the first place, as
            # re.search finds), the text before it skipped lazily.
            f"(?P<_p{index}>{p.source})" if p.source.startswith("^")
            else f"(?s:.*?)(?P<_p{index}>{p.source})"
            for index, p in enumerate(self.patterns)
            if p.limit >= length
            and not (p.unmarked and marked)
            and not (p.needs_network and not networked)
        ]  # fmt: skip
        return re.compile("|".join(branches) or _NEVER, self._flags)


_NEVER = r"(?!)"  # matches nothing: the regex of no patterns


# A pattern that opens by bounding the whole block's length: "^(?=.{0,150}$)".
_OWN_LENGTH_LIMIT = re.compile(r"^\^\(\?=\.\{0,(\d+)\}\$\)")


def _length_limit(pattern: str, max_chars: int) -> int:
    """The longest text `pattern` can match, as far as its opening says, within `max_chars`
    ("$" also matches before a final newline: one character more)."""
    bound = _OWN_LENGTH_LIMIT.match(pattern)
    return min(max_chars, int(bound[1]) + 1) if bound else max_chars


def _is_sentence(folded: str) -> bool:
    """A sentence of the story rather than a closing attribution line: it ends with a stop
    and has more words than an attribution ("По материалам агентства «Кабар».")."""
    return folded.endswith(FULL_STOPS) and len(folded.split()) > _MAX_CLOSING_LINE_WORDS


def ends_sentence(text: str) -> bool:
    """Whether a paragraph's text ends as a sentence does, in its script: a full stop, a
    question or exclamation mark (maybe inside a closing quote), or the last word of a Thai or
    Lao paragraph (those scripts have no full stop)."""
    first, last = _UNMARKED_SCRIPTS
    return text.endswith(SENTENCE_END) or first <= text[-1:] <= last


def reading_length(text: str) -> int:
    """The text's length in Latin letters' worth: a Han, kana or Hangul character counts as
    WIDE_CHARACTER_WEIGHT (a 50-character Chinese paragraph says what 150 Latin letters do)."""
    wide = len(_WIDE_CHARACTER.findall(text)) if not text.isascii() else 0
    return len(text) + (WIDE_CHARACTER_WEIGHT - 1) * wide


def _dash_led_sentence(label: re.Match[str], folded: str) -> bool:
    """A label phrase with a dash that opens a sentence of the story ("Снимок — лишь часть
    доказательств, заявил прокурор."): a colon always labels, a dash does unless a sentence
    follows (a final stop and a clause after a comma, or more words than a credit line). A
    slash ("Фото/ТАСС") labels unless what follows states something: then it joined two words
    of the story ("Фото/видеокамеры установили на перекрестках")."""
    separator = label.group(0).rstrip()
    if separator.endswith(":"):
        return False
    if separator.endswith("/") and states_something(folded[label.end() :]):
        return True
    return _reads_as_sentence(folded)


def _according_to_sentence(closing: re.Match[str], folded: str) -> bool:
    """A closing phrase "по …" ("по информации", "по данным", "по материалам") that opens a
    sentence of the story: a predicate follows it ("По информации ведомства пострадавших нет.").
    Other closing phrases are attribution formulas whatever verb they hold ("При подготовке
    материала использованы данные …")."""
    return closing["phrase"].startswith("по ") and states_something(folded[closing.end() :])


def is_name_alone(text: str) -> bool:
    """Whether a line is a name and nothing else: an agency or outlet ("Кабар", "Sputnik
    Кыргызстан", "ИА «Реалист»", "kaktus.media") or a person ("Айгерим САТЫБАЛДИЕВА", "А.
    Сатыбалдиева"). Two words all in capitals are a heading ("UP NEXT"), not a name."""
    if len(text) > _MAX_NAME_CHARS or not _NAME_ALONE.fullmatch(text):
        return False
    return sum(len(word) > 1 and word.isupper() for word in text.split()) <= 1


def _is_marked(shape: Shape) -> bool:
    """A heading or a line all in bold: how a subheading stands in the text."""
    return shape.bold or shape.tag in _HEADING_TAGS


def _is_clause(folded: str) -> bool:
    """A short sentence of the story: a clause after a comma, and a final stop ("По данным
    МЧС, пострадавших нет.")."""
    return folded.endswith(FULL_STOPS) and ", " in folded


def _reads_as_sentence(folded: str) -> bool:
    """A sentence of the story, long or with a clause, where a label or closing phrase opens
    it ("По материалам дела, обвиняемый …", "Снимок — лишь часть доказательств, …")."""
    return _is_sentence(folded) or _is_clause(folded)


class FoldedBlock:
    """A block's folded text, with what only some rules ask of it (its words, whether it names
    a network) found on first use: listing the words costs more than the rest of labelling a
    paragraph, and most paragraphs are decided before a rule asks."""

    __slots__ = ("_networked", "_words", "first_word", "folded")

    def __init__(
        self, folded: str, first_word: str | None = None, words: frozenset[str] | None = None
    ) -> None:
        self.folded = folded
        self.first_word = _first_word(folded) if first_word is None else first_word
        self._words = words
        self._networked: bool | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(_WORDS.findall(self.folded))
        return self._words

    @property
    def networked(self) -> bool:
        """Whether it names a messenger or social network of the phrase file."""
        if self._networked is None:
            self._networked = _mentions_network(self.folded)
        return self._networked


def _first_word(folded: str) -> str:
    match = _FIRST_WORD.search(folded)
    return match.group() if match else ""


class FurnitureClassifier:
    """Labels blocks as text or a kind of furniture; `additions` are an outlet's own phrases,
    in the shape of the phrase file ({kind: {"line": [...], "pattern": [...]}})."""

    def __init__(self, additions: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        specs = _merged(_phrase_kinds(), additions or {})
        unknown = set(specs) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown furniture kinds {sorted(unknown)}; known: {KINDS}")
        self.rules = [_KindRules(kind, spec) for kind, spec in specs.items()]
        self.longest = max(rules.max_chars for rules in self.rules)
        # What lets a block skip the per-kind phrase lists (most blocks): no list's phrase
        # starts with its first word and no `contains` phrase's first word is in it. Then
        # only the patterns can match, tried in the kinds' order.
        self._phrase_starts = set().union(
            *(
                words
                for rules in self.rules
                for where, words in rules.first_words.items()
                if where not in _UNANCHORED
            )
        )
        self._contained_starts = set().union(
            *(rules.first_words.get("contains", set()) for rules in self.rules)
        )
        self._contained_needles = _needles(self._contained_starts)
        self._cased = [rules for rules in self.rules if rules.cased_patterns.patterns]
        self._agencies = frozenset(_fold(name) for name in _phrase_file().get("agencies", ()))
        # The kinds with words to match (a caption has class words only).
        self._worded = [rules for rules in self.rules if rules.phrases or rules.patterns.patterns]
        # Class and id words that name a kind ({word: kind}), and what each class attribute
        # seen so far names (the same names come back on every block of a page).
        self._class_kinds = {
            word.lower(): kind for kind, spec in specs.items() for word in spec.get("class", ())
        }
        self._named: dict[str, tuple[str, str] | None] = {}
        # Every kind's patterns in one list, for blocks no phrase may match (most short ones):
        # asking each kind's `_pattern_reason` in turn gives the same labels but cost 0.12 M
        # more instructions per real-weight page (bench/instructions.py, 13.87 → 13.99 M, when
        # each kind still looped over its patterns one by one).
        self._patterns = Patterns(
            [pattern for rules in self.rules for pattern in rules.patterns.patterns]
        )
        related = specs.get("related", {})
        headings = [*related.get("line", ()), *related.get("heading", ())]
        self._list_heading = _phrase_pattern(headings, _TEMPLATES["heading"])
        self._list_heading_alone = _phrase_pattern(headings, _TEMPLATES["line"])

    # -- text and shape ----------------------------------------------------------------------
    def label_last(self, text: str, shape: Shape = PLAIN) -> Label:
        """The label of a line with nothing but furniture after it and that is no heading: as
        `label` says with the line closing the text, else a name alone there ("Кабар",
        "Айгерим Сатыбалдиева") signs the story. Only where nothing follows: a name over a list
        or a value labels what follows ("Ingredients", "Inquiry")."""
        label = self.label(text, shape._replace(closing=True))
        if label.is_text and is_name_alone(text):
            return Label("source", "a name alone (the agency or the author) where the text ends")
        return label

    def label(self, text: str, shape: Shape = PLAIN) -> Label:
        """The block's label: the structure that says what a block is whatever its words
        (class names, a picture, a list of links), then the phrase lists, then the weaker
        structure (one link, a short line under a picture) for what no phrase names."""
        if structural := self._placed_label(text, shape):
            return structural
        if len(text) > self.longest + 10:  # cheap test first: most blocks are long prose
            return TEXT_LABEL
        if phrased := self._phrase_label(text, shape):
            return phrased
        if linked := self._one_link(text, shape) or self._label_and_link(text, shape):
            return linked
        if shape.has_link and _EMOJI_LEAD.match(text) and not text.endswith(FULL_STOPS):
            return Label("promo", "a line led by an emoji, with a link, no sentence")
        if shape.closing and _BRACKETED_NAME.fullmatch(text):
            return Label("source", "a name alone in brackets or slashes, closing the text")
        if shape.after_picture and _reads_as_caption(text, shape):
            return self.caption_or_credit(text, "short line under a picture, no sentence")
        if shape.in_figure:
            return Label("caption", "inside a figure or a caption element")
        return TEXT_LABEL

    def _phrase_label(self, text: str, shape: Shape) -> Label | None:
        """The first kind whose phrase lists or patterns match where they say, else None.
        Reported speech («…», — сказал министр) is the story's, whatever words it quotes."""
        if ("—" in text or "–" in text or "-" in text) and _REPORTED_SPEECH.search(text):
            return None
        return self._words_label(text, shape)

    def _words_label(self, text: str, shape: Shape) -> Label | None:
        """The first kind whose phrase lists or patterns match where they say, else None."""
        folded = _fold(text)
        first_word = _first_word(folded)
        if (block := self._if_phrases_may_match(folded, first_word)) is not None:
            for rules in self._worded:
                if reason := rules.reason(block, shape):
                    return Label(rules.kind, reason, BY_WORDS)
        elif len(folded) <= self._patterns.longest:  # no pattern's kind takes longer blocks
            block = FoldedBlock(folded, first_word)
            found = self._patterns.first_match(folded, _is_marked(shape), block)
            if found is not None:
                return Label(found[0], _pattern_matched(found[1]), BY_WORDS)
        for rules in self._cased:
            if reason := rules.cased_reason(text):
                return Label(rules.kind, reason, BY_WORDS)
        return None

    def _if_phrases_may_match(self, folded: str, first_word: str) -> FoldedBlock | None:
        """The folded block when a phrase list may match it (a list's phrase starts with its
        first word, or the first word of a `contains` phrase is one of its words), else None."""
        if first_word in self._phrase_starts:
            return FoldedBlock(folded, first_word)
        # A word of the block is a substring of it: asked first (of every `contains` phrase's
        # first word), the words are listed only for the few blocks that hold one. Listing
        # them costs more than the rest of labelling a paragraph.
        if not _holds_any(folded, self._contained_needles):
            return None
        words = frozenset(_WORDS.findall(folded))
        return (
            None
            if self._contained_starts.isdisjoint(words)
            else FoldedBlock(folded, first_word, words)
        )

    def structure_label(self, text: str, shape: Shape) -> Label | None:
        """The label the block's structure alone gives, else None."""
        return self._placed_label(text, shape) or self._one_link(text, shape)

    def _placed_label(self, text: str, shape: Shape) -> Label | None:
        """What a block is by where it stands: its class names, beside or in italics under a
        picture, a list of links."""
        if shape.classes and (named := self.kind_of_classes(shape.classes)):
            word, kind = named
            return Label(kind, f"class or id word '{word}'")
        short = len(text) <= MAX_CAPTION_CHARS
        if short and shape.beside_picture:
            return self.caption_or_credit(text, "short text beside a picture")
        if short and shape.after_picture and shape.emphasised:
            return self.caption_or_credit(text, "short italic line under a picture")
        if shape.tag in _LIST_TAGS and shape.link_share > LINK_LIST_SHARE:
            return Label("related", f"list of links ({shape.link_share:.0%} link text)", BY_LINKS)
        return None

    @staticmethod
    def _one_link(text: str, shape: Shape) -> Label | None:
        """A short block that is one link: a pointer to another story."""
        if shape.link_share >= ONE_LINK_SHARE and len(text) <= MAX_LINK_BLOCK_CHARS:
            return Label("related", f"one link ({len(text)} characters)", BY_LINKS)
        return None

    @staticmethod
    def _label_and_link(text: str, shape: Shape) -> Label | None:
        """A short label (up to four words and a colon or dash, or an arrow or emoji) and one
        link ("Это интересно: <a>…</a>", "→ <a>…</a>"): a pointer to another story in a wording
        no phrase list holds."""
        if not shape.has_link or len(text) > MAX_LINK_BLOCK_CHARS:
            return None
        label = _LINK_LABEL.match(text)
        if label is None or text.endswith(_EXCLAIMED):  # "Pro tip: … here!" is a sentence
            return None
        rest = len(text) - label.end()
        if _ADDRESS.match(text, label.end()):
            return None  # a printed address ("Сайт – https://…") is the story's, not a pointer
        if rest > 0 and shape.link_share * len(text) >= ONE_LINK_SHARE * rest:
            reason = f"a label ('{label.group().strip()}') and one link"
            return Label("related", reason, BY_LINKS)
        return None

    def caption_or_credit(self, text: str, where: str = "by a picture") -> Label:
        """A short line by a picture: its credit when its words or form say so ("Фото: …",
        "Кадр из видео", "Сергей Бобылев/ ТАСС", an agency's name or a site's address alone),
        else its caption."""
        credit = next((r for r in self.rules if r.kind == "credit"), None)
        folded = _fold(text)
        reason = credit.reason(FoldedBlock(folded), PLAIN) if credit else None
        reason = reason or (credit.cased_reason(text) if credit else None)
        if reason is None and (folded.strip(" .") in self._agencies or _SITE_NAME.fullmatch(text)):
            reason = "an agency's or a site's name alone"
        return Label("credit", f"{reason}, {where}") if reason else Label("caption", where)

    def is_plain_kind(self, text: str, kind: str) -> bool:
        """Whether a block seen as text alone (`label(text)`, no markup to go by) is `kind`.
        Only words label such a block, so the kind's own lists and patterns are asked first:
        most blocks match none of them, and labelling costs every kind's (~50,000 instructions
        for a short line)."""
        rules = next((rules for rules in self.rules if rules.kind == kind), None)
        if rules is None:
            return False
        folded = _fold(text)
        own = rules.reason(FoldedBlock(folded), PLAIN) or rules.cased_reason(text)
        return own is not None and self.label(text).kind == kind

    def opens_list(self, text: str, *, alone: bool = False) -> bool:
        """Whether a heading-like line opens a list of other stories ("Материалы по теме",
        "Популярные новости", "More from …"): the text has ended before it. `alone`: only
        when the phrase is the whole line (not "Читайте также <a story's title>")."""
        pattern = self._list_heading_alone if alone else self._list_heading
        if pattern is None or len(text) > 80 or text.endswith("."):
            return False
        return pattern.search(_fold(text)) is not None

    # -- lexbor nodes ------------------------------------------------------------------------
    def label_node(
        self,
        node: LexborNode,
        text: str,
        *,
        within: LexborNode | None = None,
        after_picture: bool = False,
        closing: bool = False,
        index: TextIndex | None = None,
    ) -> Label:
        """The label of a block read from `node` (its text given), looking at its wrappers up
        to `within` (the article's text element, whose `index` may be given)."""
        return self.label(text, node_shape(node, text, within, after_picture, closing, index))

    def kind_of_classes(self, names: str) -> tuple[str, str] | None:
        """The first class or id word of `names` that names a kind of furniture, with its
        kind. Whole words of a name (split at "-", "_", spaces and camelCase humps), so
        "shareholders" or "adaptive" name nothing."""
        if names in self._named:
            return self._named[names]
        found = None
        for name in names.split():
            word = next((w for w in _class_words(name) if w in self._class_kinds), None)
            if word is not None:
                found = word, self._class_kinds[word]
                break
        if len(self._named) < _MAX_NAMES_REMEMBERED:
            self._named[names] = found
        return found

    def wrapper_label(self, node: LexborNode) -> Label | None:
        """The furniture a wrapper element is by its own class or id names, else None."""
        named = self.kind_of_classes(_names(node))
        return Label(named[1], f"class or id word '{named[0]}'") if named else None

    def box_label(self, node: LexborNode, text_chars: Callable[[], int]) -> Label | None:
        """The furniture a box inside the text is by its own lines, whatever its classes: a
        short <div>/<section>/<aside> (under half of the text's `text_chars()`) with a line
        that marks a widget — a poll's button, a counter ("1 / 12"), a share label, a
        player's "Смотреть видео" and no sentence; an ad's "Реклама" as its first line; a heading
        that opens a list over links. Else None."""
        if node.tag not in _BOX_TAGS:
            return None
        raw = node.text() or ""
        if len(raw) > 4 * _MAX_BOX_CHARS:  # long even with its spacing gone: prose
            return None
        text = _collapsed(raw)
        if not text or len(text) > _MAX_BOX_CHARS:
            return None
        label = self._marked_box(node, text)
        return label if label is not None and len(text) * 2 <= text_chars() else None

    def _marked_box(self, node: LexborNode, text: str) -> Label | None:
        lines = _box_lines(node)
        prose: bool | None = None  # asked once, of a box with a widget's line
        for index, line in enumerate(lines):
            kind = self._marker_kind(line) if not prose or index == 0 else None
            if kind == "ad" and index == 0:
                return Label("ad", f"a box whose first line is the paid mark '{line}'")
            if kind is not None and kind != "ad":
                prose = _holds_prose(node, text) if prose is None else prose
                if not prose:
                    return Label(kind, f"a box with the {kind} line '{line}' and no prose")
            if self.opens_list(line, alone=True) and _link_chars(node) * 2 >= len(text) - len(line):
                return Label("related", f"a box of links under the heading '{line}'")
        return None

    def _marker_kind(self, line: str) -> str | None:
        """The kind whose own words say a box's line marks a widget ("Голосовать", "1 / 12",
        "Смотреть видео", "Реклама"), asked of those kinds alone: a player's button names a
        picture word too ("видео"), which makes the whole classifier call it a credit."""
        folded = FoldedBlock(_fold(line))
        for rules in self.rules:
            if rules.kind in _BOX_MARKER_KINDS and rules.reason(folded, PLAIN) is not None:
                return rules.kind
        return None


class TextIndex:
    """The links and pictures of a text element, each found in one query and looked up by any
    element inside it: what `node_shape` would otherwise ask of every block's subtree."""

    def __init__(self, root: LexborNode) -> None:
        self._links: dict[int, list[LexborNode]] = {}
        self._first_picture: dict[int, LexborNode] = {}  # the first <img>/<amp-img> inside
        self._holding: set[int] = set()  # elements with any picture, video or frame inside
        stop = root.parent.mem_id if root.parent is not None else None
        for link in root.css("a[href]"):
            for around in _up_to(link, stop):
                self._links.setdefault(around, []).append(link)
        for picture in root.css(_PICTURES_CSS):
            is_img = picture.tag in ("img", "amp-img")
            for around in _up_to(picture, stop):
                self._holding.add(around)
                if is_img:
                    self._first_picture.setdefault(around, picture)

    def links(self, node: LexborNode) -> list[LexborNode]:
        """The <a href>s in `node` (itself included), in page order."""
        return self._links.get(node.mem_id, [])

    def holds_picture(self, node: LexborNode) -> bool:
        return node.mem_id in self._holding

    def first_picture(self, node: LexborNode) -> LexborNode | None:
        """The first <img> or <amp-img> in `node` (itself included)."""
        return self._first_picture.get(node.mem_id)


def _box_lines(node: LexborNode) -> list[str]:
    """The short lines of a box: the texts of its elements that hold no other element with
    text (a button, a label, a counter), in page order."""
    lines = []
    for inner in node.traverse():
        if inner.tag.startswith("-") or inner.mem_id == node.mem_id:
            continue
        text = _collapsed(inner.text() or "")
        if text and len(text) <= _MAX_BOX_LINE_CHARS and text not in lines:
            lines.append(text)
    return lines


def _holds_prose(node: LexborNode, text: str) -> bool:
    """Whether an element of the box (itself too) is a sentence of a few words ending in a
    full stop or an exclamation: the story's words, which a poll's question ("…?"), a player's
    title or a gallery's captions are not. (`text`: the box's; without a stop, no element
    need be asked.)"""
    if not any(end in text for end in ".!…"):
        return False
    for inner in node.traverse():
        if inner.tag.startswith("-"):
            continue
        text = _collapsed(inner.text() or "")
        if text.endswith(_PROSE_ENDS) and len(text.split()) >= _MIN_BOX_PROSE_WORDS:
            return True
    return False


def _link_chars(node: LexborNode) -> int:
    return sum(len(_collapsed(link.text() or "")) for link in node.css("a[href]"))


def heading_text(node: LexborNode | None) -> str:
    """A heading's text without the badge a CMS prints in it as an element of its own, before
    or after the words ("<span class=label>ВИДЕО</span> Путин прибыл…", "… <b>Обновлено</b>"):
    the badge names the kind of story, not the story."""
    if node is None:
        return ""
    text = node_text(node)
    for child in node.iter():
        badge = node_text(child)
        if _fold(badge) not in _badges() or len(badge) >= len(text):
            continue
        text = _without_edge_line(text, badge, _BADGE_SEPARATORS)
    return text


def lead_text(node: LexborNode | None, classifier: FurnitureClassifier) -> str:
    """A lead element's text without the lines of its own elements at its start or end that
    are a picture's credit or the story's chrome ("© Александр Казаков/ ТАСС", "Время
    чтения: 3 мин"): a lead "with media" holds its picture's credit, some a read-time."""
    if node is None:
        return ""
    text = node_text(node)
    for inner in node.traverse():
        if inner.mem_id == node.mem_id or inner.tag.startswith("-"):
            continue
        line = node_text(inner)
        if not line or len(line) > _MAX_LEAD_LINE_CHARS or len(line) >= len(text):
            continue
        if classifier.label(line).kind not in _LEAD_LINE_KINDS:
            continue
        text = _without_edge_line(text, line, " ")
    return text


def _without_edge_line(text: str, line: str, separators: str) -> str:
    """`text` without `line` where it opens or closes it as a piece of its own: what is left
    after an opening one starts as a title or sentence does (a capital, a digit, a quote),
    and a closing one starts so itself ("© …", "Обновлено"). "<b>Видео</b> с места аварии…"
    and "…, <a>сообщает пресс-служба</a>" are the text's own words."""
    if text.startswith(line):
        rest = text[len(line) :].lstrip(separators)
        return rest if _OPENS_PIECE.match(rest) else text
    if text.endswith(line) and _OPENS_PIECE.match(line):
        return text[: -len(line)].rstrip(separators)
    return text


@cache
def _badges() -> frozenset[str]:
    return frozenset(_fold(word) for word in _phrase_file().get("badges", ()))


def _up_to(node: LexborNode, stop: int | None) -> list[int]:
    """The ids of `node` and the elements around it, below the element whose id is `stop`."""
    ids = []
    around: LexborNode | None = node
    while around is not None and (mem_id := around.mem_id) != stop:
        ids.append(mem_id)
        around = around.parent
    return ids


def node_shape(
    node: LexborNode,
    text: str,
    within: LexborNode | None = None,
    after_picture: bool = False,
    closing: bool = False,
    index: TextIndex | None = None,
) -> Shape:
    """What the structure rules need to know of a block read from `node` (`index`: the links
    and pictures of `within`, found once)."""
    # Links matter to short blocks (one link, "Подробнее…" with a link) and lists only.
    link_chars, has_link = 0, False
    tag = node.tag
    if len(text) <= _MAX_LINKED_CHARS or tag in _LIST_TAGS:
        if tag == "a":
            links = [node]
        else:
            links = index.links(node) if index is not None else node.css("a[href]")
        # A link to a document or a picture ("Полный текст заявления", a PDF) is no story.
        stories = [a for a in links if not _FILE_LINK.search(a.attributes.get("href") or "")]
        link_chars = sum(len(" ".join((link.text() or "").split())) for link in stories)
        has_link = bool(links)
    names, in_figure = [], False
    ancestor: LexborNode | None = node
    stop = within.mem_id if within is not None else None
    while ancestor is not None and ancestor.mem_id != stop:
        ancestor_tag = ancestor.tag
        if ancestor_tag in ("body", "html"):
            break
        names.append(_names(ancestor))
        in_figure = in_figure or ancestor_tag in ("figure", "figcaption")
        ancestor = ancestor.parent
    holds_picture = index.holds_picture if index is not None else _holds_picture
    beside = len(text) <= MAX_CAPTION_CHARS and holds_picture(node)
    emphasised = after_picture and all_in(node, text, "em, i")
    # A short line all in bold reads as a subheading: under a picture, not its caption; and
    # not a credit by a word for a picture alone ("Снимки со спутника").
    bold = len(text) <= _MAX_BOLD_CHECKED and (
        _all_in_bold_child(node) if not after_picture else all_in(node, text, "strong, b")
    )
    return Shape(
        tag=tag,
        link_share=link_chars / len(text) if text else 0.0,
        has_link=has_link,
        classes=" ".join(name for name in names if name),
        in_figure=in_figure,
        beside_picture=beside,
        after_picture=after_picture,
        emphasised=emphasised,
        bold=bold,
        closing=closing,
    )


def _reads_as_caption(text: str, shape: Shape) -> bool:
    """A line under a picture that reads as its caption rather than the story: short, not a
    sentence (no final stop), not a subheading (all in bold, or a heading element)."""
    return (
        len(text) <= MAX_CAPTION_CHARS
        and not text.rstrip().endswith(_CAPTION_END)
        and "\n" not in text
        and len(text.split()) <= _MAX_CAPTION_WORDS
        and not _is_marked(shape)
    )


def _holds_picture(node: LexborNode) -> bool:
    return any(inner.tag in _PICTURE_TAGS for inner in node.traverse())


def _all_in_bold_child(node: LexborNode) -> bool:
    """Whether the block's text is all in one <strong>/<b> child ("<p><strong>…</strong></p>"):
    a walk over its children, cheaper than a CSS query asked of every short block."""
    bold = None
    child = node.child
    while child is not None:
        tag = child.tag
        if tag in ("strong", "b") and bold is None:
            bold = child
        elif tag == "-text":
            if (child.text_content or "").strip():
                return False
        elif tag != "-comment":
            return False
        child = child.next
    return bold is not None


def all_in(node: LexborNode, text: str, css: str) -> bool:
    """Whether the block's text is all inside one element `css` names (<em>, <strong>)."""
    inner = node.css_first(css)
    return inner is not None and len(" ".join((inner.text() or "").split())) >= len(text) - 1


def _names(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()


@lru_cache(maxsize=4096)  # the same class names come back on every block of a page
def _class_words(name: str) -> tuple[str, ...]:
    """A class name and its words: "ExternalBlock_box__aB1cD" → externalblock_box__ab1cd,
    externalblock, box, ab1cd, external, block…; CSS-module build hashes left out."""
    words = [name]
    for part in _UNDERSCORES.split(name):
        words.append(part)
        words.extend(_CAMEL_HUMP.split(part))
    found = []
    for word in words:
        if not word or _HASH_SUFFIX.match(word):
            continue
        word = word.lower().strip("-")
        found.append(word)
        found.extend(piece for piece in word.split("-") if len(piece) > 2)
    return tuple(dict.fromkeys(found))


def _fold(text: str) -> str:
    folded = text.lower()
    if "ё" in folded:
        folded = folded.replace("ё", "е")
    return _collapsed(folded)


def _collapsed(text: str) -> str:
    """The text with its spacing collapsed to single spaces, none at the ends. Most blocks are
    clean text already: single spaces, none at the ends, no other spacing (str.isprintable()
    is False for every space but " "). Checking costs less than splitting."""
    if "  " in text or text[:1] == " " or text[-1:] == " " or not text.isprintable():
        return " ".join(text.split())
    return text


@cache
def _phrase_file() -> dict[str, Any]:
    with PHRASES_FILE.open("rb") as file:
        return tomllib.load(file)


def _phrase_kinds() -> dict[str, dict[str, Any]]:
    """The phrase file's kinds (its tables; `networks` is the one list outside them)."""
    return {key: value for key, value in _phrase_file().items() if isinstance(value, dict)}


def _mentions_network(folded: str) -> bool:
    """Whether a folded block holds the name of a messenger or social network of the phrase
    file (a substring test: the patterns themselves ask for whole words)."""
    return _holds_any(folded, _network_needles())


@cache
def _network_needles() -> tuple[str, ...]:
    return _needles(_word_list("networks"))


def _needles(words: Iterable[str]) -> tuple[str, ...]:
    """The words that hold none of the others: a text holds one of `words` if and only if it
    holds one of these ("наш" stands for "наша", "нашем"; "e" for "email", "share"), and each
    costs `_holds_any` a scan of the block."""
    distinct = set(words) - {""}
    return tuple(
        sorted(word for word in distinct if not any(o != word and o in word for o in distinct))
    )


def _holds_any(text: str, needles: Sequence[str]) -> bool:
    """Whether any of `needles` is a substring of `text`. (A loop: `any(map(text.__contains__,
    needles))` calls through a method wrapper, a third more instructions.)"""
    for needle in needles:  # noqa: SIM110 (a generator in any() costs more again)
        if needle in text:
            return True
    return False


@cache
def _word_list(name: str) -> tuple[str, ...]:
    """One of the phrase file's word lists ("networks", "pictures"), folded, each word once."""
    return tuple({_fold(word) for word in _phrase_file().get(name, ())})


@cache
def _with_word_lists(pattern: str) -> str:
    """A pattern with the phrase file's word lists put in for their names: `<networks>`, a
    word that starts with a network's name, its endings allowed ("Наши новости в WhatsApp",
    "Кабарлар Telegram'да"); `<pictures>`, a whole word for a picture ("фото", "снимок")."""
    networks = _alternation(_word_list("networks"))
    pictures = _alternation(_word_list("pictures")) + r"(?!\w)"
    return pattern.replace(_NETWORKS, networks).replace(_PICTURES, pictures)


def _alternation(words: Sequence[str]) -> str:
    """The words as one regex alternation, the longest first (so "яндекс.дзен" wins over
    "дзен")."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def _merged(
    base: Mapping[str, Mapping[str, Any]], additions: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The phrase file's kinds, in its order, with an outlet's phrases added to each list."""
    merged = {kind: dict(spec) for kind, spec in base.items()}
    for kind, spec in additions.items():
        target = merged.setdefault(kind, {})
        for key, value in spec.items():
            if key == "max_chars":
                target[key] = value
            else:
                target[key] = [*target.get(key, ()), *value]
    return merged


@cache
def default_classifier() -> FurnitureClassifier:
    """The classifier with the phrase file's lists alone (the fallback's)."""
    return FurnitureClassifier()
