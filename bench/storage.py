"""Upsert speed of the archive: 10,000 articles stored in batches, then stored again.

    python bench/storage.py [--articles N] [--batch N] [--db postgresql://...]

Prints articles/s for the first pass (all new: rows, revisions, search index) and the second
(all unchanged: only last-seen times). SQLite in a temporary folder unless --db is given.

The articles are made of real text, so the search index sees a real vocabulary: the paragraphs
of the shared seed pages and page excerpts (../shared/seeds/, ../shared/outlets/pages/) and the
titles, leads and bodies the golden pages expect (fixtures/pages/*/*.json), shuffled into new
articles.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from pagesets import ROOT

sys.path.insert(0, str(ROOT))  # tests.site, when run as `python bench/storage.py`

from extractors import Article
from newsasia_spider.storage import open_storage
from newsasia_spider.storage.search_text import WORD
from tests.site.content import real_texts


def make_articles(count: int, seed: int = 1) -> list[Article]:
    """count articles of real titles and paragraphs, shuffled: each has a title, a lead and
    six body paragraphs drawn at random from the real texts."""
    rng = random.Random(seed)
    titles, paragraphs = real_texts()
    base = datetime(2025, 1, 1, tzinfo=timezone(timedelta(hours=3)))
    articles = []
    for number in range(count):
        lead, *body = rng.sample(paragraphs, 7)
        title = rng.choice(titles)
        articles.append(
            Article(
                url=f"https://tass.ru/politika/{number}",
                canonical_url=f"https://tass.ru/politika/{number}",
                outlet="tass",
                title=title,
                body="\n\n".join(body),
                extractor="site:tass/Nextjs2022@1",
                lead=lead,
                published=base + timedelta(minutes=number),
                authors=["Иван Петров"],
                tags=rng.sample(title.split(), min(3, len(title.split()))),
                fetched_at=datetime.now(UTC),
            )
        )
    return articles


def timed_pass(storage, articles: list[Article], batch: int) -> tuple[float, dict[str, int]]:
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for index, article in enumerate(articles, 1):
        outcome = storage.upsert_article(article)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if index % batch == 0:
            storage.commit()
    storage.commit()
    return time.perf_counter() - started, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--db", help="database target (default: a temporary SQLite file)")
    args = parser.parse_args()

    articles = make_articles(args.articles)
    words = sum(len(a.body.split()) for a in articles) // len(articles)
    vocabulary = len({w.lower() for a in articles for w in WORD.findall(f"{a.title} {a.body}")})
    with tempfile.TemporaryDirectory() as folder:
        target = args.db or str(Path(folder) / "bench.sqlite")
        storage = open_storage(target)
        print(
            f"{args.articles} articles of ~{words} words ({vocabulary} distinct words),"
            f" batches of {args.batch}"
        )
        print(f"backend: {storage.dialect}")
        for name in ("first pass (new)", "second pass (unchanged)"):
            seconds, outcomes = timed_pass(storage, articles, args.batch)
            rate = args.articles / seconds
            print(f"{name:<24} {seconds:6.2f} s  {rate:8.0f} articles/s  {outcomes}")
        storage.close()
        if not args.db:
            size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
            print(f"database size {size:.1f} MiB")


if __name__ == "__main__":
    main()
