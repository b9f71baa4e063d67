"""Stories on both backends: copies and edited copies link, other events stay apart, grouping
is deterministic and idempotent; the hand-labelled set; `newsasia stories` and export."""

# ruff: noqa: F811  (the fixtures imported from storage_backends are test arguments here)

from __future__ import annotations

import json
import math
import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler
from storage_backends import (  # noqa: F401  (fixtures)
    archive_target,
    insert_row_of_old_schema,
    postgres_target,
)

from bench.stories import (
    as_article,
    edited_rewrite,
    load_labelled,
    pairwise_scores,
    store_labelled,
)
from extractors import Article
from newsasia_spider.extensions.archive import storage_for_crawler
from newsasia_spider.runner.cli import EXIT_OK, main
from newsasia_spider.runner.exit_codes import EXIT_LOCKED
from newsasia_spider.storage import Storage, StoryOptions, open_storage
from newsasia_spider.storage.migrations import latest_version
from newsasia_spider.storage.stories import event_score, term_weights
from newsasia_spider.storage.story_features import event_terms, shingle_overlap, shingles

STORIES_MIGRATION = 7  # 0007_stories.sql

LABELLED = {item["id"]: item for item in load_labelled()}
VISIT = [
    "tass-25725715",
    "tass-25730417",
    "realist-moskva-bishkek",
    "24kg-352364",
]  # Putin's state visit to Kyrgyzstan, 25-27 Nov 2025, as each outlet reported it


def labelled(item_id: str, **changes) -> Article:
    return replace(as_article(LABELLED[item_id]), **changes)


def copy_of(article: Article, outlet: str, url: str, **changes) -> Article:
    return replace(article, outlet=outlet, url=url, canonical_url=url, body_hash="", **changes)


@pytest.fixture
def storage(archive_target) -> Storage:
    storage = open_storage(archive_target)
    storage.enable_stories(StoryOptions())
    yield storage
    storage.close()


def groups(storage: Storage) -> list[list[str]]:
    """The archive's stories as sorted lists of canonical URLs (ids aside)."""
    by_story: dict[int, list[str]] = {}
    for url, story_id in storage.story_ids().items():
        by_story.setdefault(story_id, []).append(url)
    return sorted(sorted(urls) for urls in by_story.values())


def story_of(storage: Storage, *urls: str) -> set[int]:
    ids = storage.story_ids()
    return {ids[url] for url in urls}


# --- same text -----------------------------------------------------------------------------------


def test_identical_copy_on_another_outlet_links_as_same_text(storage):
    original = labelled("tass-25730417")
    copy = copy_of(original, "realist", "https://realist.kg/2025/11/26/putin-provedet/")
    storage.upsert_article(original)
    storage.upsert_article(copy)
    storage.commit()
    assert len(story_of(storage, original.canonical_url, copy.canonical_url)) == 1
    (story,) = storage.stories()
    (link,) = story.links
    assert (link.kind, link.text_overlap) == ("same_text", 1.0)
    assert {link.first, link.second} == {original.canonical_url, copy.canonical_url}


def test_lightly_edited_copy_links_with_its_overlap(storage):
    original = labelled("24kg-352364")
    copy = copy_of(
        original,
        "news-asia",
        "https://www.news-asia.ru/view/1/40001",
        title="Жапаров и Путин подписали документы",
        body=edited_rewrite(original.body),
    )
    storage.upsert_article(original)
    storage.upsert_article(copy)
    storage.commit()
    (story,) = storage.stories()
    (link,) = story.links
    expected = shingle_overlap(
        shingles(f"{original.title}\n{original.body}"), shingles(f"{copy.title}\n{copy.body}")
    )
    assert link.kind == "same_text"
    assert 0.5 <= link.text_overlap < 1.0
    assert link.text_overlap == pytest.approx(expected, abs=0.001)


def test_paragraphs_syndicated_inside_a_longer_article_count_as_copied(storage):
    syndicated = labelled("tass-25725715")  # TASS's arrival report, 971 characters
    longer = copy_of(
        labelled("news-asia-38140"),  # News-Asia's long Bishkek-Astana article
        "news-asia",
        "https://www.news-asia.ru/view/1/40002",
        published=syndicated.published,
    )
    longer = replace(longer, body=longer.body + "\n\n" + syndicated.body)
    storage.upsert_article(syndicated)
    storage.upsert_article(longer)
    storage.commit()
    (story,) = storage.stories()
    assert story.links[0].kind == "same_text"
    assert story.links[0].text_overlap > 0.9  # nearly all of the shorter text is in the other


def test_copies_further_apart_than_the_window_stay_apart(storage):
    original = labelled("tass-25725715")
    later = copy_of(
        original,
        "24kg",
        "https://24.kg/vlast/400000/",
        published=original.published + timedelta(days=8),
    )
    storage.upsert_article(original)
    storage.upsert_article(later)
    storage.commit()
    assert len(story_of(storage, original.canonical_url, later.canonical_url)) == 2
    assert storage.stories() == []


# --- same event ----------------------------------------------------------------------------------


def test_four_reports_of_the_state_visit_form_one_story(storage):
    for item_id in VISIT:
        storage.upsert_article(labelled(item_id))
    storage.commit()
    (story,) = storage.stories()
    assert {a.canonical_url for a in story.articles} == {LABELLED[i]["url"] for i in VISIT}
    assert {a.outlet for a in story.articles} == {"tass", "realist", "24kg"}
    assert [a.dated_at for a in story.articles] == sorted(a.dated_at for a in story.articles)
    assert all(link.kind == "same_event" for link in story.links)  # no text is shared


def test_other_events_on_the_same_topic_stay_apart(storage):
    # Baysalov on the "Russian world" two days before the visit, same countries, same outlet;
    # 24.kg's weekly digest ten days before; Japarov's July visit to Moscow (Japarov, Putin).
    negatives = ["tass-25705751", "24kg-350798", "news-asia-36612"]
    for item_id in [*VISIT, *negatives]:
        storage.upsert_article(labelled(item_id))
    storage.commit()
    visit_story = story_of(storage, *(LABELLED[i]["url"] for i in VISIT))
    assert len(visit_story) == 1
    for item_id in negatives:
        assert story_of(storage, LABELLED[item_id]["url"]).isdisjoint(visit_story), item_id


def test_event_terms_are_names_and_figures_not_sentence_starts():
    terms = event_terms(
        "БИШКЕК, 25 ноября. /ТАСС/. Президент РФ Владимир Путин прибыл в Бишкек. Затем "
        "Путина встретил Садыр Жапаров. Президент Жапарова сказал, что 2025 год важен."
    )
    assert {"путин", "влади", "садыр", "жапар", "бишке", "2025", "25"} <= terms
    assert "зат" not in terms  # "Затем" only starts a sentence
    assert not any(term.startswith("президент"[:5]) for term in terms)  # also in lower case


# --- the labelled set ----------------------------------------------------------------------------


def test_labelled_set_pairwise_f1(archive_target):
    items = load_labelled()
    storage = open_storage(archive_target)
    try:
        predicted = store_labelled(storage, items)
    finally:
        storage.close()
    scores = pairwise_scores({item["id"]: item["story"] for item in items}, predicted)
    assert scores.f1 >= 0.9, (scores.false_pairs, scores.missed_pairs)


def test_labelled_set_is_big_enough_and_covers_every_outlet():
    items = list(LABELLED.values())
    assert len(items) >= 40
    assert {item["outlet"] for item in items} == {"news-asia", "realist", "tass", "24kg"}
    assert all(item["source"] and item["story"] for item in items)
    assert len({item["url"] for item in items}) == len(items)


def test_pairwise_scores_by_hand():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": 10, "b": 10, "c": 20, "d": 20}  # pairs found: a-b (right), c-d (wrong)
    scores = pairwise_scores(truth, predicted)
    assert (scores.precision, scores.recall) == (0.5, pytest.approx(1 / 3))
    assert scores.false_pairs == [("c", "d")]
    assert scores.missed_pairs == [("a", "c"), ("b", "c")]


# --- determinism and idempotence -----------------------------------------------------------------


def test_grouping_does_not_depend_on_the_order_articles_arrive(tmp_path):
    items = load_labelled()
    results = []
    for seed in (1, 2):
        order = items[:]
        random.Random(seed).shuffle(order)
        storage = open_storage(tmp_path / f"order-{seed}.sqlite")
        storage.enable_stories()
        for item in order:
            storage.upsert_article(as_article(item))
        storage.commit()
        results.append(groups(storage))
        storage.close()
    assert results[0] == results[1]


def test_storing_the_same_articles_again_changes_nothing(storage):
    items = load_labelled()
    store_labelled(storage, items)
    before = dump_stories(storage)
    for item in items:
        assert storage.upsert_article(as_article(item)) == "unchanged"
    storage.commit()
    assert dump_stories(storage) == before


def test_rebuild_gives_the_stories_the_crawl_made(storage):
    store_labelled(storage, load_labelled())
    made = groups(storage), links_by_url(storage)
    assert storage.rebuild_stories() == len(LABELLED)
    assert (groups(storage), links_by_url(storage)) == made
    storage.rebuild_stories()
    assert (groups(storage), links_by_url(storage)) == made


def test_a_changed_article_is_linked_again(storage):
    arrival, talks = labelled("tass-25725715"), labelled("tass-25730417")
    storage.upsert_article(arrival)
    storage.upsert_article(talks)
    storage.commit()
    assert len(story_of(storage, arrival.canonical_url, talks.canonical_url)) == 1
    # The talks article is replaced by unrelated text (an outlet reusing the address).
    other = labelled("24kg-350798")
    changed = replace(
        talks,
        title=other.title,
        body=other.body,
        lead=None,
        body_hash="",
        published=talks.published,
    )
    assert storage.upsert_article(changed) == "updated"
    storage.commit()
    assert len(story_of(storage, arrival.canonical_url, talks.canonical_url)) == 2
    assert storage.stories() == []


def dump_stories(storage: Storage) -> dict[str, list]:
    return {
        table: sorted(map(tuple, storage._fetchall(f"SELECT * FROM {table}")), key=repr)
        for table in (
            "stories",
            "story_articles",
            "story_bands",
            "story_terms",
            "story_term_counts",
            "story_links",
        )
    }


def links_by_url(storage: Storage) -> list[tuple]:
    return sorted(
        (link.first, link.second, link.kind, link.text_overlap)
        for story in storage.stories()
        for link in story.links
    )


# --- settings, schema, command line --------------------------------------------------------------


def test_crawls_link_stories_unless_switched_off(tmp_path):
    on = get_crawler(Spider, {"NEWSASIA_DB": str(tmp_path / "on.sqlite")})
    off = get_crawler(
        Spider, {"NEWSASIA_DB": str(tmp_path / "off.sqlite"), "NEWSASIA_STORIES": False}
    )
    stories_on, stories_off = storage_for_crawler(on), storage_for_crawler(off)
    try:
        assert stories_on._story_index is not None
        assert stories_off._story_index is None
    finally:
        stories_on.close()
        stories_off.close()


def test_archive_from_before_stories_is_upgraded_and_rebuilt(archive_target):
    # The newest schema without stories, its articles' rows as that schema held them.
    old = open_storage(archive_target, schema_version=STORIES_MIGRATION - 1)
    for item_id in VISIT:
        insert_row_of_old_schema(old, labelled(item_id))
    old.commit()
    old.close()
    upgraded = open_storage(archive_target)
    try:
        assert upgraded.schema_version() == latest_version(upgraded.dialect)
        assert upgraded.stories() == []  # stored before stories existed
        assert upgraded.rebuild_stories() == len(VISIT)
        (story,) = upgraded.stories()
        assert len(story.articles) == len(VISIT)
    finally:
        upgraded.close()


@pytest.fixture
def visit_archive(tmp_path: Path) -> Path:
    """An archive of the visit's four reports, a copy of one, and an unrelated article."""
    path = tmp_path / "archive.sqlite"
    storage = open_storage(path)
    storage.enable_stories()
    for item_id in [*VISIT, "24kg-350798"]:
        storage.upsert_article(labelled(item_id))
    copy = copy_of(labelled("tass-25725715"), "news-asia", "https://www.news-asia.ru/view/1/40003")
    storage.upsert_article(copy)
    storage.close()
    return path


def test_stories_command_prints_each_article_and_the_shared_text(visit_archive, capsys):
    assert main(["stories", "--db", str(visit_archive)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("story ") and " · 5 articles · 2025-11-25 – 2025-11-26" in out
    assert (
        "2025-11-25 19:52+03:00 · tass · Путин прибыл в Киргизию с государственным визитом" in out
    )
    assert "https://www.news-asia.ru/view/1/40003" in out
    assert "same text: 1 and 2 (100% of the shorter one)" in out
    assert "Неделя-24" not in out  # a story of one article is not listed without --all


def test_stories_command_json_and_filters(visit_archive, capsys):
    assert main(["stories", "--json", "--db", str(visit_archive)]) == EXIT_OK
    (line,) = capsys.readouterr().out.splitlines()
    story = json.loads(line)
    urls = {article["canonical_url"] for article in story["articles"]}
    assert urls == {LABELLED[i]["url"] for i in VISIT} | {"https://www.news-asia.ru/view/1/40003"}
    assert story["same_text"] == [
        {
            "articles": [
                "https://tass.ru/politika/25725715",
                "https://www.news-asia.ru/view/1/40003",
            ],
            "overlap": 1.0,
        }
    ]
    assert main(["stories", "--json", "--outlet", "realist", "--db", str(visit_archive)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["stories", "--since", "2025-11-27", "--db", str(visit_archive)]) == EXIT_OK
    assert capsys.readouterr().out == ""
    assert main(["stories", "--all", "--json", "--db", str(visit_archive)]) == EXIT_OK
    assert len(capsys.readouterr().out.splitlines()) == 2  # the digest is a story of its own


def test_stories_rebuild_waits_for_no_crawl(visit_archive, capsys):
    """A rebuild takes the crawl lock: while a crawl holds it, the rebuild refuses and writes
    nothing; listing stories (a read) still works."""
    reader = open_storage(visit_archive, read_only=True)
    before = dump_stories(reader)
    reader.close()
    crawl = open_storage(visit_archive)
    try:
        assert crawl.acquire_crawl_lock()
        assert main(["stories", "--rebuild", "--db", str(visit_archive)]) == EXIT_LOCKED
        assert f"a crawl is running on {visit_archive}" in capsys.readouterr().err
        assert main(["stories", "--db", str(visit_archive)]) == EXIT_OK
    finally:
        crawl.close()
    after = open_storage(visit_archive, read_only=True)
    try:
        assert dump_stories(after) == before
    finally:
        after.close()
    assert main(["stories", "--rebuild", "--db", str(visit_archive)]) == EXIT_OK
    assert "stories computed again for 6 articles" in capsys.readouterr().err


def test_export_with_story_ids(visit_archive, capsys):
    assert main(["export", "--with-story", "--db", str(visit_archive)]) == EXIT_OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    story_ids = {row["canonical_url"]: row["story_id"] for row in rows}
    visit_ids = {story_ids[LABELLED[i]["url"]] for i in VISIT}
    assert len(visit_ids) == 1 and None not in visit_ids
    assert story_ids[LABELLED["24kg-350798"]["url"]] not in visit_ids
    assert main(["export", "--db", str(visit_archive)]) == EXIT_OK
    assert "story_id" not in json.loads(capsys.readouterr().out.splitlines()[0])


def test_a_migration_landing_below_the_highest_applied_one_is_still_applied(
    archive_target, monkeypatch
):
    # Numbers are handed out per issue: 0007 (stories) may be applied before another issue's
    # 0005 exists. When 0005 arrives, a database already at 7 must still get it.
    from newsasia_spider.storage import base
    from newsasia_spider.storage.migrations import Migration, migrations

    open_storage(archive_target).close()
    known = migrations("sqlite" if "://" not in archive_target else "postgres")
    late = Migration(5, "late", "CREATE TABLE late_arrival (value INTEGER);\n")
    with_late = tuple(sorted((*known, late), key=lambda migration: migration.version))
    monkeypatch.setattr(base, "migrations", lambda dialect: with_late)
    storage = open_storage(archive_target)
    try:
        versions = [v for (v,) in storage._fetchall("SELECT version FROM schema_migrations")]
        assert sorted(versions) == sorted({*(m.version for m in known), 5})
        storage._execute("INSERT INTO late_arrival (value) VALUES (1)")
    finally:
        storage.close()


def test_event_score_weighs_rare_terms_by_hand():
    # 9 linked articles (+100 background): "жапар" in all 9 of them, the others in none.
    counts = {"жапар": 9}
    weights = term_weights({"жапар", "ынтым", "2025"}, counts, total=9)
    assert weights["ынтым"] == pytest.approx(math.log(110))  # log(110 / 1)
    assert weights["жапар"] == pytest.approx(math.log(11))  # log(110 / 10)
    # Shared: "жапар"; each side weighs log 110 + log 11.
    score = event_score({"жапар", "ынтым"}, {"жапар", "2025"}, weights)
    assert score == pytest.approx(math.log(11) / (math.log(110) + math.log(11)))
    # The caller's precomputed weight of its own terms gives the same score.
    own = math.log(110) + math.log(11)
    assert event_score({"жапар", "ынтым"}, {"жапар", "2025"}, weights, own) == score
