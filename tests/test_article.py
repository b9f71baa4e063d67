import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from extractors import Article, Image, hash_body

BISHKEK = timezone(timedelta(hours=6))


def make_article(**changes) -> Article:
    values = dict(
        url="https://24.kg/vlast/352364/",
        canonical_url="https://24.kg/vlast/352364_slug/",
        outlet="24kg",
        title="Переговоры Жапарова и Путина",
        lead=None,
        body="Первый абзац.\n\nВторой абзац.",
        published=datetime(2025, 11, 26, 17, 21, tzinfo=BISHKEK),
        modified=None,
        authors=["Руслан ХАРИЗОВ"],
        section="Власть",
        tags=["Россия"],
        images=[Image("https://24.kg/img.jpg", "Подпись", "Фото: пресс-служба")],
        language="ru",
        extractor="site:24kg/Yii2021@1",
        fetched_at=datetime(2025, 11, 26, 12, 0, tzinfo=UTC),
    )
    values.update(changes)
    return Article(**values)


def test_round_trip_through_json_is_exact():
    article = make_article()
    restored = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert restored == article
    assert restored.published.utcoffset() == timedelta(hours=6)


def test_json_dates_are_iso_8601_with_offset():
    data = make_article().to_dict()
    assert data["published"] == "2025-11-26T17:21:00+06:00"
    assert data["images"] == [
        {"url": "https://24.kg/img.jpg", "caption": "Подпись", "credit": "Фото: пресс-служба"}
    ]


def test_body_hash_ignores_whitespace_runs_only():
    assert make_article().body_hash == hash_body("Первый абзац. Второй абзац.")
    assert make_article(body="Первый абзац.").body_hash != make_article().body_hash


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="time-zone-aware"):
        make_article(published=datetime(2025, 11, 26, 17, 21))


def test_itemadapter_understands_article():
    from itemadapter import ItemAdapter

    adapter = ItemAdapter(make_article())
    assert adapter["outlet"] == "24kg"
    assert "body_hash" in adapter.field_names()
