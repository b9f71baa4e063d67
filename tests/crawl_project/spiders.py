"""Spiders that yield Articles straight from start(), plus ones that fail or wait.

NEWSASIA_TEST_EDITION (environment) changes the bodies, so a second run stores revisions.
NEWSASIA_TEST_RELEASE names a file the `waiting` spider waits for, to hold a crawl open;
NEWSASIA_TEST_EARLY articles come before the wait.
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import scrapy

from extractors import Article

BISHKEK = timezone(timedelta(hours=6))


def article(outlet: str, number: int, extractor: str = "site:test/v1@1") -> Article:
    edition = os.environ.get("NEWSASIA_TEST_EDITION", "")
    return Article(
        url=f"https://{outlet}.example/news/{number}",
        canonical_url=f"https://{outlet}.example/news/{number}",
        outlet=outlet,
        title=f"Новость {number} из Бишкека",
        body=f"Жогорку Кенеш принял закон номер {number} о выборах. {edition}".strip(),
        extractor=extractor,
        lead="Депутаты проголосовали в третьем чтении.",
        published=datetime(2025, 3, number, 9, 30, tzinfo=BISHKEK),
        authors=["Айгуль Асанова"],
        fetched_at=datetime(2025, 3, 10, tzinfo=UTC),
    )


def log_replay_settings(spider: scrapy.Spider) -> None:
    """Say which cassette `newsasia crawl --offline/--record` handed this crawl."""
    settings = spider.settings
    spider.logger.info(
        "replay: VCR_CASSETTE=%s VCR_RECORD_MODE=%s",
        settings.get("VCR_CASSETTE"),
        settings.get("VCR_RECORD_MODE"),
    )


class Alpha(scrapy.Spider):
    name = "alpha"

    async def start(self):
        log_replay_settings(self)
        yield article("alpha", 1)
        yield article("alpha", 2, extractor="trafilatura@2.3.1")


class Beta(scrapy.Spider):
    name = "beta"

    async def start(self):
        log_replay_settings(self)
        yield article("beta", 1)


class Broken(scrapy.Spider):
    name = "broken"

    async def start(self):
        raise RuntimeError("this outlet's site changed beyond recognition")
        yield  # a generator, like every start()


class Waiting(scrapy.Spider):
    """Waits for NEWSASIA_TEST_RELEASE, after yielding NEWSASIA_TEST_EARLY articles (none)."""

    name = "waiting"

    async def start(self):
        for number in range(2, 2 + int(os.environ.get("NEWSASIA_TEST_EARLY", "0"))):
            yield article("waiting", number)
        release = Path(os.environ["NEWSASIA_TEST_RELEASE"])
        for _ in range(600):  # bounded: at most a minute
            if release.exists():
                break
            await asyncio.sleep(0.1)
        yield article("waiting", 1)
