"""Stories: grouping quality on the hand-labelled set, and the cost per stored article.

    python bench/stories.py [--sizes 1000 10000 100000] [--batch 200] [--rounds 3] [--db URL]

1. Quality: the articles of fixtures/stories/labelled.jsonl are stored (stories on) in a new
   archive; every pair of articles is a positive when the hand labels put them in one story.
   Prints pairwise precision, recall and F1 of the computed stories, and the pairs it got wrong.
2. Cost: a synthetic archive grows to each size; at each size the next --batch articles are
   stored with stories on and with stories off (same articles, the batch rolled back after
   each, sides alternated over --rounds), and the median milliseconds per article of each side
   and their ratio are printed. A flat "stories ms" column means the lookup is sub-linear.
   Timings on a shared machine are noisy: read the spread.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import Article  # noqa: E402
from newsasia_spider.storage import Storage, StoryOptions, open_storage  # noqa: E402

LABELLED = ROOT / "fixtures" / "stories" / "labelled.jsonl"


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    false_pairs: list[tuple[str, str]]  # grouped, but in different stories by hand
    missed_pairs: list[tuple[str, str]]  # in one story by hand, not grouped


def load_labelled(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def as_article(item: dict) -> Article:
    published = datetime.fromisoformat(item["published"]) if item["published"] else None
    return Article(
        url=item["url"],
        canonical_url=item["url"],
        outlet=item["outlet"],
        title=item["title"],
        body=item["body"],
        lead=item["lead"],
        published=published,
        extractor="labelled",
    )


def edited_rewrite(body: str) -> str:
    """A rewrite desk's light edit of a text: a new first sentence, the second paragraph kept,
    the third and fourth dropped, the last three cut, a figure spelled out."""
    paragraphs = body.split("\n\n")
    return "\n\n".join(
        [
            "Как сообщает пресс-служба, переговоры прошли в Бишкеке.",
            paragraphs[1],
            *paragraphs[4:-3],
            paragraphs[-1].replace("400", "четырехсот"),
        ]
    )


def pairwise_scores(truth: dict[str, str], predicted: dict[str, object]) -> Scores:
    """Pairwise precision/recall/F1 of a grouping against the hand labels (by item id)."""
    true_pairs, found_pairs = set(), set()
    for a, b in itertools.combinations(sorted(truth), 2):
        if truth[a] == truth[b]:
            true_pairs.add((a, b))
        if predicted.get(a) is not None and predicted.get(a) == predicted.get(b):
            found_pairs.add((a, b))
    hits = len(true_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        precision, recall, f1, sorted(found_pairs - true_pairs), sorted(true_pairs - found_pairs)
    )


def store_labelled(
    storage: Storage, items: list[dict], options: StoryOptions | None = None
) -> dict[str, int]:
    """Store the labelled articles (stories on) oldest first; item id -> story id."""
    storage.enable_stories(options or StoryOptions())
    dated = sorted(items, key=lambda item: (item["published"] is None, item["published"] or ""))
    for item in dated:
        storage.upsert_article(as_article(item))
    storage.commit()
    story_of_url = storage.story_ids()
    return {item["id"]: story_of_url[item["url"]] for item in items}


def quality(target: str, options: StoryOptions | None = None, quiet: bool = False) -> Scores:
    items = load_labelled()
    storage = open_storage(target)
    try:
        predicted = store_labelled(storage, items, options)
    finally:
        storage.close()
    truth = {item["id"]: item["story"] for item in items}
    scores = pairwise_scores(truth, predicted)
    if quiet:
        return scores
    stories = len(set(truth.values()))
    print(
        f"labelled set: {len(items)} articles, {stories} stories by hand,"
        f" {sum(1 for a, b in itertools.combinations(truth, 2) if truth[a] == truth[b])}"
        f" same-story pairs; computed {len(set(predicted.values()))} stories"
    )
    print(
        f"pairwise precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}"
    )
    for a, b in scores.false_pairs:
        print(f"  grouped but different events: {a} / {b}")
    for a, b in scores.missed_pairs:
        print(f"  same event, not grouped:      {a} / {b}")
    return scores


def sweep(folder: Path) -> None:
    """F1 on the labelled set as each threshold moves away from its default."""
    print("\nthreshold sweep (labelled set; the others at their defaults)")
    for name, values in (
        ("event_score", (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)),
        ("event_window_days", (1.0, 2.0, 3.0, 7.0)),
        ("text_overlap", (0.3, 0.5, 0.7, 0.9)),
    ):
        for value in values:
            target = folder / f"sweep-{name}-{value}.sqlite"
            scores = quality(str(target), replace(StoryOptions(), **{name: value}), quiet=True)
            print(
                f"  {name} = {value:<5} precision {scores.precision:.3f}"
                f"  recall {scores.recall:.3f}  F1 {scores.f1:.3f}"
            )


# --- synthetic archive ---------------------------------------------------------------------------

PLACES = ("Бишкек", "Астана", "Ташкент", "Душанбе", "Ашхабад", "Москва", "Пекин", "Алматы", "Ош")
WORDS = (
    "правительство",
    "выборы",
    "парламент",
    "экономика",
    "тарифы",
    "энергетика",
    "граница",
    "соглашение",
    "встреча",
    "министр",
    "заявил",
    "сообщил",
    "регион",
    "развитие",
    "проект",
    "строительство",
    "инвестиции",
    "рост",
    "цены",
    "рынок",
    "банк",
    "закон",
    "депутаты",
    "школа",
    "больница",
    "дорога",
    "урожай",
    "вода",
    "электричество",
    "налоги",
    "бюджет",
    "суд",
    "полиция",
    "армия",
    "торговля",
    "транспорт",
    "мост",
    "завод",
    "фермеры",
    "студенты",
    "пенсии",
    "зарплаты",
    "туризм",
)
ARTICLES_PER_DAY = 300  # about the four outlets' daily output together


SYLLABLES = [
    "ка",
    "ри",
    "мов",
    "бек",
    "та",
    "сы",
    "ла",
    "ну",
    "ар",
    "ды",
    "жа",
    "па",
    "ен",
    "ко",
    "ум",
    "ба",
    "ше",
    "ра",
    "ги",
    "то",
]


def synthetic_articles(start: int, count: int, seed: int = 7) -> list[Article]:
    """Articles start.. of an endless synthetic archive, ~300 a day: random news-like words
    around two made-up names, a place and figures; every tenth article is a lightly edited
    copy of the one two before it, and every fifth reports the event of the one before it
    (same names and figures, other words)."""
    base = datetime(2025, 1, 1, tzinfo=UTC)
    return [_synthetic(number, base, seed) for number in range(start, start + count)]


def _synthetic(number: int, base: datetime, seed: int) -> Article:
    copied = number % 10 == 9 and number >= 2
    event = number - 1 if number % 5 == 4 and not copied else number
    source = number - 2 if copied else number
    names = random.Random(seed * 1_000_003 + (source if copied else event))
    people = ["".join(names.choices(SYLLABLES, k=3)).capitalize() + "ов" for _ in range(2)]
    place = names.choice(PLACES)
    figures = [str(names.randrange(10, 5000)) for _ in range(3)]
    words = random.Random(seed * 7_000_001 + source)
    paragraphs = [
        f"{people[p % 2]} в {place} " + " ".join(words.choices(WORDS, k=45)) + f" {figures[p % 3]}."
        for p in range(5)
    ]
    if copied:  # a lightly edited copy
        paragraphs[-1] = "Материал дополнен сведениями из открытых источников."
    outlet = ("tass", "24kg", "realist", "news-asia")[number % 4]
    url = f"https://example.org/{outlet}/{number}"
    return Article(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=f"{people[0]}: " + " ".join(words.choices(WORDS, k=6)),
        body="\n\n".join(paragraphs),
        extractor="synthetic",
        published=base + timedelta(seconds=number * 86400 // ARTICLES_PER_DAY),
    )


def timed_batch(storage: Storage, articles: list[Article], stories: bool) -> float:
    """Seconds per article to store articles in one transaction, then roll it back."""
    storage._story_index = None
    if stories:
        storage.enable_stories(StoryOptions())
    started = time.perf_counter()
    for article in articles:
        storage.upsert_article(article)
    elapsed = time.perf_counter() - started
    storage._execute("ROLLBACK")
    return elapsed / len(articles)


def cost(target: str, sizes: list[int], batch: int, rounds: int) -> None:
    storage = open_storage(target)
    storage.enable_stories(StoryOptions())
    stored = 0
    print(
        f"\ncost per stored article, batches of {batch}, median of {rounds} alternating rounds"
        " (ms; spread = max - min)"
    )
    print(
        f"{'archive':>8} {'plain ms':>9} {'spread':>7} {'stories ms':>11} {'spread':>7}"
        f" {'ratio':>6} {'growth s':>9}"
    )
    for size in sizes:
        started = time.perf_counter()
        while stored < size:
            chunk = synthetic_articles(stored, min(1000, size - stored))
            storage.enable_stories(StoryOptions())
            for article in chunk:
                storage.upsert_article(article)
            storage.commit()
            stored += len(chunk)
        growth = time.perf_counter() - started
        probe = synthetic_articles(stored, batch)
        plain, linked = [], []
        for round_number in range(rounds):
            sides = (False, True) if round_number % 2 == 0 else (True, False)
            for stories in sides:
                (linked if stories else plain).append(timed_batch(storage, probe, stories) * 1000)
        p, s = statistics.median(plain), statistics.median(linked)
        print(
            f"{size:>8,} {p:>9.2f} {max(plain) - min(plain):>7.2f} {s:>11.2f}"
            f" {max(linked) - min(linked):>7.2f} {s / p:>6.2f} {growth:>9.1f}",
            flush=True,
        )
    storage.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="PostgreSQL URL (default: temporary SQLite files)")
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--sweep", action="store_true", help="F1 as each threshold moves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        quality(args.db or str(Path(folder) / "labelled.sqlite"))
        if args.sweep:
            sweep(Path(folder))
        if not args.quality_only:
            cost(
                args.db or str(Path(folder) / "synthetic.sqlite"),
                args.sizes,
                args.batch,
                args.rounds,
            )


if __name__ == "__main__":
    main()
