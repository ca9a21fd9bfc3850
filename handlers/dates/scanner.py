"""The public scanner of `handlers.dates`: rules, the one scan, and the calendar arithmetic and
clock every language's rules share.

A `Rule` is a pattern and how to turn one of its matches into a value; `scan` runs rules in
order, each blanking what it matched (so "9월 18일" is read once as a month and day and never
again as "18일"), and `pick` keeps the last mention that is not the end of a range. The
language modules (`korean_english`, `chinese_vietnamese`) build their rules on these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from typing import Generic, TypeVar

from babel.dates import get_month_names

T = TypeVar("T")


PREFIX = 300  # characters of a message looked at


@dataclass(frozen=True, slots=True)
class Rule(Generic[T]):
    """A pattern and how to turn one of its matches into a value (None: not a real one)."""

    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], date], T | None]


@dataclass(frozen=True, slots=True)
class Mention(Generic[T]):
    start: int
    end: int
    value: T


RANGE_GAP = re.compile(r"\s?(?:~|-|–|—|에서|부터|to|until|till|到|至|đến|den|tới)\s?")


def normalise(text: str) -> str:
    """One form for what people type: full-width digits, case, runs of spaces."""
    plain = unicodedata.normalize("NFKC", text[:PREFIX]).lower().replace("〜", "~")
    plain = re.sub(r"(?<=\d)\s?ㅡ\s?(?=\d)", "-", plain)
    return " ".join(plain.split())


def scan(text: str, rules: Iterable[Rule[T]], today: date) -> tuple[list[Mention[T]], str]:
    """Every mention the rules find, and the text with all matches blanked out.

    Rules run in order and each blanks what it matched, so "9월 18일" is read once as a
    month and day and never again as "18일".
    """
    found: list[Mention[T]] = []
    masked = text
    for rule in rules:
        spans = []
        for match in rule.pattern.finditer(masked):
            spans.append(match.span())
            value = rule.read(match, today)
            if value is not None:
                found.append(Mention(match.start(), match.end(), value))
        for start, end in spans:
            masked = masked[:start] + " " * (end - start) + masked[end:]
    return found, masked


def pick(mentions: list[Mention[T]], text: str) -> T | None:
    """The last mention that is not the end of a range."""
    ordered = sorted(mentions, key=lambda mention: mention.start)
    chosen = [
        mention
        for before, mention in zip([None, *ordered], ordered, strict=False)
        if before is None or not RANGE_GAP.fullmatch(text[before.end : mention.start])
    ]
    return chosen[-1].value if chosen else None


KO_HOURS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7}


KO_HOURS |= {"여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12}


MORNING = {"오전", "아침", "새벽", "am"}


AFTERNOON = {"오후", "pm"}


EVENING = {"저녁", "밤"}


@cache
def english_months() -> dict[str, int]:
    names = {"sept": 9}
    for width in ("wide", "abbreviated"):
        months = get_month_names(width, locale="en")
        names |= {name.lower(): number for number, name in months.items()}
    return names


def either(names: Iterable[str]) -> str:
    """A regex alternation of `names`, longest first so "thursday" beats "thu"."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def read_calendar(match: re.Match[str], today: date) -> date | None:
    """A month and day, with or without a year; without one, the next such date."""
    month_text, day = match["month"], int(match["day"])
    month = int(month_text) if month_text.isdigit() else english_months()[month_text]
    year = match.groupdict().get("year")
    if year is not None:
        return date_or_none(int(year), month, day)
    # Eight years reach the next 29 February from any year.
    for later in range(9):
        found = date_or_none(today.year + later, month, day)
        if found is not None and found >= today:
            return found
    return None


def read_day_of_month(match: re.Match[str], today: date) -> date | None:
    """A day of the month: this month's, or the first later month that has it."""
    day, year, month = int(match["day"]), today.year, today.month
    for _ in range(13):
        found = date_or_none(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def in_week(today: date, weeks_ahead: int, weekday: int) -> date:
    """`weekday` of the week (Monday to Sunday) `weeks_ahead` after this one."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=weekday)


def next_weekday(today: date, weekday: int, *, include_today: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def clock(hour_text: str, minute: int, period: str | None) -> time | None:
    """The time for an hour as said, with its period (오전, 오후, am, pm...) if any."""
    hour = KO_HOURS.get(hour_text) or int(hour_text)
    period = period.replace(" ", "").replace(".", "") if period else None
    if hour > 12 or hour == 0 or hour_text.startswith("0"):
        pass  # a 24-hour clock: 14시, 00:30, 07:00
    elif period in MORNING:
        hour %= 12
    elif period in AFTERNOON:
        hour = 12 if hour == 12 else hour + 12
    elif period in EVENING:
        hour = 0 if hour == 12 else hour + 12
    elif hour <= 7:
        hour += 12  # counselling happens by day: "2시" is 2 pm, "9시" is 9 am
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
