"""Stories at storage time: each new or changed article is linked to the recent articles of
every outlet that share its text or report the same event, and joins their story.

Lookups are sub-linear: candidates come from index range scans on (LSH band key, time) and
(rare term, time) within a window around the article's date, never from a scan of the archive,
so the cost per article stays flat as the archive grows. A story is a connected group of links:
linking an article to two stories merges them (into the older one).

Switched by the NEWSASIA_STORIES setting (on by default); `newsasia stories --rebuild`
computes them for an archive stored without them. See docs/stories.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newsasia_spider.storage.story_features import (
    StoryFeatures,
    article_text,
    estimated_jaccard,
    estimated_overlap,
    shingle_overlap,
    shingles,
    signature_band_keys,
    story_features,
)

if TYPE_CHECKING:
    from newsasia_spider.storage.base import Storage

SAME_TEXT, SAME_EVENT = "same_text", "same_event"
ARTICLE_COUNT = "#articles"  # story_term_counts row counting all linked articles (no term has '#')
CANDIDATES_PER_KEY = 20  # newest articles taken per band key or term: bounds template-like text
EVENT_TERMS_ASKED = 12  # the article's rarest terms used to find same-event candidates
EVENT_CANDIDATES = 30  # candidates scored in full, those sharing the most rare terms
# Rarity is counted as if the archive also held this many articles without the term: in a new,
# small archive every term of two reports would otherwise look common and weigh nothing.
BACKGROUND_ARTICLES = 100
MIN_SHARED_TERMS = 2  # rare terms a candidate must share with the article to be scored
# Terms two reports of one event share at least: a person in a country ("Жапаров",
# "Кыргызстан") is a topic; an event adds places, other people, figures.
MIN_EVENT_TERMS = 4


@dataclass(frozen=True)
class StoryOptions:
    """How stories are linked (settings NEWSASIA_STORIES_*)."""

    text_window_days: float = 7.0  # copies are looked for this far before and after
    event_window_days: float = 2.0  # same-event reports lie this close in time
    text_overlap: float = 0.5  # shared share of the shorter text that makes a copy
    event_score: float = 0.25  # weighted share of names and numbers that makes one event

    @classmethod
    def from_settings(cls, settings: Any) -> StoryOptions:
        return cls(
            text_window_days=settings.getfloat("NEWSASIA_STORIES_TEXT_DAYS", cls.text_window_days),
            event_window_days=settings.getfloat(
                "NEWSASIA_STORIES_EVENT_DAYS", cls.event_window_days
            ),
            text_overlap=settings.getfloat("NEWSASIA_STORIES_TEXT_OVERLAP", cls.text_overlap),
            event_score=settings.getfloat("NEWSASIA_STORIES_EVENT_SCORE", cls.event_score),
        )


@dataclass(frozen=True)
class StoryArticle:
    canonical_url: str
    url: str
    outlet: str
    title: str
    published: datetime | None
    dated_at: datetime


@dataclass(frozen=True)
class StoryLink:
    """Two articles of a story and why they are linked (canonical URLs, older first)."""

    first: str
    second: str
    kind: str  # SAME_TEXT or SAME_EVENT
    text_overlap: float
    event_score: float


@dataclass(frozen=True)
class Story:
    id: int
    articles: list[StoryArticle]  # oldest first
    links: list[StoryLink] = field(default_factory=list)


@dataclass
class _Candidate:
    article_id: int
    story_id: int
    text_overlap: float = 0.0
    event_score: float = 0.0


class StoryIndex:
    """Links articles into stories inside the storage's open transaction."""

    def __init__(self, storage: Storage, options: StoryOptions):
        self.storage = storage
        self.options = options

    # --- linking ------------------------------------------------------------------------------

    def link(self, article_id: int) -> None:
        """(Re)link one stored article: its old links are replaced by links to the articles
        around its date that share its text or its event."""
        db = self.storage
        row = db._fetchone(
            "SELECT title, lead, body, dated_at FROM articles WHERE id = ?", (article_id,)
        )
        if row is None:
            return
        title, lead, body, dated_value = row
        features = story_features(title, lead, body)
        self._forget(article_id)
        dated_at = db._from_db_time(dated_value)
        candidates: dict[int, _Candidate] = {}
        self._find_copies(article_id, dated_at, features, candidates)
        self._find_same_event(article_id, dated_at, features, candidates)
        linked = [
            c
            for c in candidates.values()
            if c.text_overlap >= self.options.text_overlap
            or c.event_score >= self.options.event_score
        ]
        story_id = self._join_story(sorted({c.story_id for c in linked}))
        db._execute(
            "INSERT INTO story_articles"
            " (article_id, story_id, dated_at, signature, shingle_count, terms)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                article_id,
                story_id,
                dated_value,
                features.signature,
                features.shingle_count,
                " ".join(sorted(features.event_terms)),
            ),
        )
        db._executemany(
            "INSERT INTO story_bands (band_key, dated_at, article_id) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(key, dated_value, article_id) for key in features.band_keys],
        )
        db._executemany(
            "INSERT INTO story_terms (term, dated_at, article_id) VALUES (?, ?, ?)",
            [(term, dated_value, article_id) for term in sorted(features.event_terms)],
        )
        self._count_terms([*features.event_terms, ARTICLE_COUNT], +1)
        links = []
        for candidate in sorted(linked, key=lambda c: c.article_id):
            kind = SAME_TEXT if candidate.text_overlap >= self.options.text_overlap else SAME_EVENT
            first, second = sorted((article_id, candidate.article_id))
            links.append((first, second, kind, candidate.text_overlap, candidate.event_score))
        db._executemany(
            "INSERT INTO story_links (article_id, other_id, kind, text_overlap, event_score)"
            " VALUES (?, ?, ?, ?, ?)",
            links,
        )

    def rebuild(self) -> int:
        """Forget every story and link the whole archive again, oldest first; the count."""
        db = self.storage
        for table in ("story_links", "story_bands", "story_terms", "story_term_counts"):
            db._execute(f"DELETE FROM {table}")
        db._execute("DELETE FROM story_articles")
        db._execute("DELETE FROM stories")
        ids = [
            article_id
            for (article_id,) in db._fetchall("SELECT id FROM articles ORDER BY dated_at, id")
        ]
        for article_id in ids:
            self.link(article_id)
        return len(ids)

    def _forget(self, article_id: int) -> None:
        """Drop what an earlier link() of this article stored (its story keeps its others)."""
        db = self.storage
        known = db._fetchone(
            "SELECT story_id, dated_at, signature, terms FROM story_articles WHERE article_id = ?",
            (article_id,),
        )
        if known is None:
            return
        story_id, dated_value, signature, terms = known
        old_terms = terms.split()
        self._count_terms([*old_terms, ARTICLE_COUNT], -1)
        # Rows found by their whole key: the lookup tables need no index on article_id.
        db._executemany(
            "DELETE FROM story_terms WHERE term = ? AND dated_at = ? AND article_id = ?",
            [(term, dated_value, article_id) for term in old_terms],
        )
        db._executemany(
            "DELETE FROM story_bands WHERE band_key = ? AND dated_at = ? AND article_id = ?",
            [(key, dated_value, article_id) for key in signature_band_keys(bytes(signature))],
        )
        db._execute(
            "DELETE FROM story_links WHERE article_id = ? OR other_id = ?", (article_id, article_id)
        )
        db._execute("DELETE FROM story_articles WHERE article_id = ?", (article_id,))
        if db._fetchone("SELECT 1 FROM story_articles WHERE story_id = ?", (story_id,)) is None:
            db._execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def _window(self, dated_at: datetime, days: float) -> tuple[Any, Any]:
        delta = timedelta(days=days)
        return self.storage._to_db_time(dated_at - delta), self.storage._to_db_time(
            dated_at + delta
        )

    def _find_copies(
        self,
        article_id: int,
        dated_at: datetime,
        features: StoryFeatures,
        candidates: dict[int, _Candidate],
    ) -> None:
        db = self.storage
        start, end = self._window(dated_at, self.options.text_window_days)
        rows = self._newest_per_key("story_bands", "band_key", features.band_keys, start, end)
        found = {other for (other,) in rows if other != article_id}
        # A copy is confirmed on the exact texts, for the pairs the signatures say may be one.
        threshold = self.options.text_overlap * 0.7
        likely: dict[int, int] = {}  # article id -> story id
        for other, story_id, signature, count, _terms in self._story_rows(found):
            jaccard = estimated_jaccard(features.signature, bytes(signature))
            if estimated_overlap(jaccard, features.shingle_count, count) >= threshold:
                likely[other] = story_id
        if not likely:
            return
        # The texts in one statement: a query per candidate was most of linking's queries.
        marks = ", ".join("?" for _ in likely)
        texts = db._fetchall(
            f"SELECT id, title, lead, body FROM articles WHERE id IN ({marks}) ORDER BY id",
            sorted(likely),
        )
        for other, title, lead, body in texts:
            overlap = shingle_overlap(features.shingles, shingles(article_text(title, lead, body)))
            candidates.setdefault(other, _Candidate(other, likely[other])).text_overlap = overlap

    def _find_same_event(
        self,
        article_id: int,
        dated_at: datetime,
        features: StoryFeatures,
        candidates: dict[int, _Candidate],
    ) -> None:
        if not features.event_terms:
            return
        counts = self._term_counts(features.event_terms)
        total = counts.get(ARTICLE_COUNT, 0)
        # The rarest terms other articles hold find the candidates: a term no article holds
        # finds none, common ones ("Бишкек", "2025") would find all.
        held = [term for term in features.event_terms if counts.get(term, 0) > 0]
        asked = sorted(held, key=lambda term: (counts[term], term))[:EVENT_TERMS_ASKED]
        start, end = self._window(dated_at, self.options.event_window_days)
        rows = self._newest_per_key("story_terms", "term", asked, start, end)
        shared = Counter(other for (other,) in rows if other != article_id)
        best = sorted(
            (other for other, n in shared.items() if n >= MIN_SHARED_TERMS),
            key=lambda other: (-shared[other], other),
        )[:EVENT_CANDIDATES]
        rows = [
            (other, story_id, set(terms.split()))
            for other, story_id, _, _, terms in self._story_rows(best)
        ]
        counts.update(
            self._term_counts(set().union(*(terms for _, _, terms in rows)) - counts.keys())
        )
        # Weighed once per link, not per candidate: the candidates share most of their terms.
        weights = term_weights(
            set().union(features.event_terms, *(t for _, _, t in rows)), counts, total
        )
        own_weight = sum(weights[t] for t in features.event_terms)
        for other, story_id, other_terms in rows:
            score = event_score(features.event_terms, other_terms, weights, own_weight)
            if len(features.event_terms & other_terms) < MIN_EVENT_TERMS:
                score = 0.0
            candidates.setdefault(other, _Candidate(other, story_id)).event_score = score

    def _story_rows(self, article_ids: Iterable[int]) -> list[Sequence[Any]]:
        ids = sorted(article_ids)
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        return self.storage._fetchall(
            "SELECT article_id, story_id, signature, shingle_count, terms FROM story_articles"
            f" WHERE article_id IN ({marks}) ORDER BY article_id",
            ids,
        )

    def _term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = sorted({*terms, ARTICLE_COUNT})
        marks = ", ".join("?" for _ in wanted)
        rows = self.storage._fetchall(
            f"SELECT term, articles FROM story_term_counts WHERE term IN ({marks})", wanted
        )
        return dict(rows)

    def _count_terms(self, terms: Sequence[str], step: int) -> None:
        self.storage._executemany(
            "INSERT INTO story_term_counts (term, articles) VALUES (?, ?)"
            " ON CONFLICT (term) DO UPDATE SET articles = story_term_counts.articles + ?",
            [(term, max(step, 0), step) for term in sorted(set(terms))],
        )

    def _newest_per_key(
        self, table: str, column: str, keys: Sequence[Any], start: Any, end: Any
    ) -> list[Sequence[Any]]:
        """Article ids of the newest CANDIDATES_PER_KEY rows of each key within [start, end],
        in one statement (an index range scan per key, never a scan of the table)."""
        if not keys:
            return []
        one_key = (
            f"SELECT * FROM (SELECT article_id FROM {table} WHERE {column} = ?"
            " AND dated_at BETWEEN ? AND ? ORDER BY dated_at DESC, article_id DESC"
            f" LIMIT {CANDIDATES_PER_KEY}) AS newest"
        )
        sql = " UNION ALL ".join(one_key for _ in keys)
        params = [value for key in keys for value in (key, start, end)]
        return self.storage._fetchall(sql, params)

    def _join_story(self, story_ids: list[int]) -> int:
        """The story an article joins: a new one, or the oldest of those it links to, into which
        the others are merged."""
        db = self.storage
        if not story_ids:
            (story_id,) = db._fetchone(
                "INSERT INTO stories (created_at) VALUES (?) RETURNING id",
                (db._to_db_time(datetime.now(UTC)),),
            )
            return story_id
        keep, *merged = story_ids
        for other in merged:
            db._execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (keep, other))
            db._execute("DELETE FROM stories WHERE id = ?", (other,))
        return keep

    # --- reading ------------------------------------------------------------------------------

    def stories(
        self,
        *,
        since: datetime | date | None = None,
        outlet: str | None = None,
        min_articles: int = 2,
    ) -> list[Story]:
        """Stories with an article dated since `since` (of `outlet`), newest story first, with
        all their articles and links."""
        db = self.storage
        where, params = db._filters(outlet, since, table="a")
        rows = db._fetchall(
            "SELECT s.story_id, a.id, a.canonical_url, a.url, a.outlet, a.title, a.published,"
            " a.dated_at FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id IN (SELECT s2.story_id FROM story_articles s2"
            f" JOIN articles a ON a.id = s2.article_id {where})"
            " ORDER BY s.story_id, a.dated_at, a.id",
            params,
        )
        members: dict[int, list[tuple[int, StoryArticle]]] = {}
        for story_id, article_id, canonical, url, outlet_name, title, published, dated in rows:
            published_at = _as_datetime(published)
            members.setdefault(story_id, []).append(
                (
                    article_id,
                    StoryArticle(
                        canonical, url, outlet_name, title, published_at, db._from_db_time(dated)
                    ),
                )
            )
        result = []
        for story_id, articles in members.items():
            if len(articles) < min_articles:
                continue
            result.append(Story(story_id, [a for _, a in articles], self._links(dict(articles))))
        result.sort(key=lambda story: (story.articles[-1].dated_at, story.id), reverse=True)
        return result

    def _links(self, articles: dict[int, StoryArticle]) -> list[StoryLink]:
        ids = sorted(articles)
        marks = ", ".join("?" for _ in ids)
        rows = self.storage._fetchall(
            "SELECT article_id, other_id, kind, text_overlap, event_score FROM story_links"
            f" WHERE article_id IN ({marks}) ORDER BY article_id, other_id",
            ids,
        )
        return [
            StoryLink(
                articles[first].canonical_url,
                articles[second].canonical_url,
                kind,
                round(float(overlap), 3),
                round(float(score), 3),
            )
            for first, second, kind, overlap, score in rows
            if first in articles and second in articles
        ]

    def story_ids(self) -> dict[str, int]:
        """canonical URL -> story id of every linked article."""
        rows = self.storage._fetchall(
            "SELECT a.canonical_url, s.story_id FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id"
        )
        return dict(rows)


def term_weights(terms: Iterable[str], counts: dict[str, int], total: int) -> dict[str, float]:
    """Each term's weight for event_score: the rarer in the archive (`counts` of the `total`
    linked articles), the more it counts (inverse document frequency)."""
    scale = total + BACKGROUND_ARTICLES + 1
    return {term: math.log(scale / (counts.get(term, 0) + 1)) for term in terms}


def event_score(
    terms: frozenset[str] | set[str],
    other: set[str],
    weights: dict[str, float],
    terms_weight: float | None = None,
) -> float:
    """Weighted share of names and numbers two articles have in common (`weights` from
    term_weights, holding every term of both); divided by the smaller article's weight, so a
    short report of an event scores as high as a long one. `terms_weight`: the weight of
    `terms`, when the caller scores many others against them."""
    common = sum(weights[t] for t in terms & other)
    if terms_weight is None:
        terms_weight = sum(weights[t] for t in terms)
    smaller = min(terms_weight, sum(weights[t] for t in other))
    return common / smaller if smaller > 0 else 0.0


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
