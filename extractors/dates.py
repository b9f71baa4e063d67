"""Dates as outlets print them: ISO machine dates and Russian human dates, made time-zone-aware.

A value that tells the time of day becomes an aware datetime; one that gives the day only
("2021-01-20", "20 января 2021") stays a `date`: an invented midnight would be a wrong time
(and, read in UTC, often the day before).

Absolute forms ("10:14, 20 января 2021", "05 марта 2013 11:46", "26 ноября, 12:30") and
relative ones ("Сегодня 05:30", "Вчера, 14:05", "11 часов ago", "5 минут назад") are read
by a small fast parser: site extractors run on every page and must stay cheap. Anything else
goes to dateparser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

MOSCOW = timezone(timedelta(hours=3), "MSK")
BISHKEK = timezone(timedelta(hours=6), "KGT")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("январь", "января", "янв"),
            ("февраль", "февраля", "фев"),
            ("март", "марта", "мар"),
            ("апрель", "апреля", "апр"),
            ("май", "мая"),
            ("июнь", "июня", "июн"),
            ("июль", "июля", "июл"),
            ("август", "августа", "авг"),
            ("сентябрь", "сентября", "сен", "сент"),
            ("октябрь", "октября", "окт"),
            ("ноябрь", "ноября", "ноя", "нояб"),
            ("декабрь", "декабря", "дек"),
        ],
        start=1,
    )
    for name in names
}

_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_DAY_MONTH = r"(?P<day>\d{1,2})\s+(?P<month>[а-яё]+)\.?(?:\s+(?P<year>\d{4})(?:\s*г(?:ода?|\.)?)?)?"
# "10:14, 20 января 2021" (24kg) and "20 января 2021 10:14" / "26 ноября, 12:30" (others)
_TIME_FIRST = re.compile(rf"{_TIME}\s*,?\s*{_DAY_MONTH}", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"{_DAY_MONTH}(?:\s*,?\s*(?:в\s+)?{_TIME})?", re.IGNORECASE)
_RELATIVE_DAY = re.compile(rf"(?P<word>сегодня|вчера|позавчера)\s*,?\s*(?:в\s+)?{_TIME}", re.I)
_AGO = re.compile(
    r"(?P<count>\d+)\s+(?P<unit>секунд\w*|минут\w*|час\w*|дн\w*|день|недел\w*)\s+(?:назад|ago)",
    re.IGNORECASE,
)
_AGO_UNITS = {"с": "seconds", "м": "minutes", "ч": "hours", "д": "days", "н": "weeks"}
_DAYS_BACK = {"сегодня": 0, "вчера": 1, "позавчера": 2}
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\bполдень|\bполночь", re.IGNORECASE)


def parse_iso(value: str | None, tz: tzinfo) -> datetime | date | None:
    """An ISO 8601 datetime, a naive one read in the outlet's zone `tz`; a date alone
    ("2021-01-20", or a date followed by what isn't a time) as a `date`."""
    if not value:
        return None
    value = value.strip().rstrip("\\\"'").strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value) if iso_has_time(value) else None
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def iso_has_time(value: str | None) -> bool:
    """Whether an ISO 8601 value carries a time of day ("2021-01-20" does not)."""
    return bool(value) and len(value.strip().rstrip("\\\"'").strip()) > 10


def in_zone(moment: datetime | date | None, tz: tzinfo) -> datetime | date | None:
    """A datetime shown in the outlet's zone `tz`; a date alone (or None) as it is."""
    return moment.astimezone(tz) if isinstance(moment, datetime) else moment


def start_of(moment: datetime | date, tz: tzinfo) -> datetime:
    """The first instant a value may mean: a datetime itself, a date's midnight in `tz`.
    For comparing a date alone with datetimes."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(), tzinfo=tz)


def parse_russian_date(
    text: str | None, tz: tzinfo, now: datetime | None = None
) -> datetime | date | None:
    """A Russian human date in the outlet's zone `tz`; None when the text holds no date, a
    `date` when it shows no time of day.

    `now` anchors relative forms and year-less dates (defaults to the current time).
    """
    if not text:
        return None
    text = " ".join(text.split())
    now = (now or datetime.now(tz)).astimezone(tz)
    if match := _RELATIVE_DAY.search(text):
        day = now.date() - timedelta(days=_DAYS_BACK[match["word"].lower()])
        return _at(day, match["hour"], match["minute"], tz)
    if match := _AGO.search(text):
        unit = _AGO_UNITS[match["unit"][0].lower()]
        return (now - timedelta(**{unit: int(match["count"])})).replace(microsecond=0)
    matches = [*_TIME_FIRST.finditer(text), *_DAY_FIRST.finditer(text)]
    for match in matches:
        month = MONTHS.get(match["month"].lower())
        if month is None:
            continue
        year = int(match["year"]) if match["year"] else now.year
        try:
            day = date(year, month, int(match["day"]))
        except ValueError:
            continue
        if not match["year"] and day > (now + timedelta(days=1)).date():
            day = _year_before(day)  # "26 ноября" seen in January: last year
            if day is None:
                continue
        if match["hour"] is None:
            return day
        return _at(day, match["hour"], match["minute"], tz)
    return _dateparser(text, tz, now)


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return None


def _at(day: date, hour: str, minute: str, tz: tzinfo) -> datetime | None:
    try:
        return datetime.combine(day, time(int(hour), int(minute)), tzinfo=tz)
    except ValueError:
        return None


def _dateparser(text: str, tz: tzinfo, now: datetime) -> datetime | date | None:
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return None  # dateparser is slow and eager: only short strings that hold a number
    import dateparser  # imported late: heavy, and most pages never need it

    parsed = dateparser.parse(
        text,
        languages=["ru", "en"],
        settings={"RELATIVE_BASE": now.replace(tzinfo=None), "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if parsed is None:
        return None
    if not _CLOCK.search(text) and parsed.time() == time():
        return parsed.date()  # dateparser fills in midnight when the text has no time
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed
