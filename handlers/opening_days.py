"""Which days a centre is open, and the slot times of an open day.

A day is closed when a staff closure names it (for this centre, or for every centre), when it
is a Korean public holiday, substitute holidays (대체 공휴일) included, or when it falls on a
weekend; the first of these that applies is the reason given. Holidays come from the
`holidays` package, which follows the official calendar (lunar dates, substitutes, election
days), so nothing here lists dates by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from storage.records import Closure

WEEKEND = "weekend"
HOLIDAY = "holiday"
CLOSURE = "closure"

LUNCH_BREAK = ((time(12), time(13)),)


@dataclass(frozen=True, slots=True)
class ClosedDay:
    """Why a day is closed: a kind ("weekend", "holiday", "closure") and the name to show."""

    kind: str
    name: str | None


class OpenDays:
    """The open and closed days of one centre (or, with no centre, of every centre)."""

    def __init__(
        self,
        closures: Iterable[Closure],
        centre_id: int | None = None,
        holiday_language: str = "ko",
    ) -> None:
        self._closures = _closures_for(closures, centre_id)
        # The package fills in each year the first time a date of that year is asked about.
        self._holidays = holidays.country_holidays(
            "KR", language=_holiday_language(holiday_language)
        )

    def closed(self, day: date) -> ClosedDay | None:
        """Why `day` is closed, or None when it is open."""
        if day in self._closures:
            return ClosedDay(CLOSURE, self._closures[day])
        holiday = self._holidays.get(day)
        if holiday is not None:
            return ClosedDay(HOLIDAY, holiday)
        if day.weekday() >= 5:
            return ClosedDay(WEEKEND, None)
        return None

    def is_open(self, day: date) -> bool:
        return self.closed(day) is None

    def nearest_open(self, day: date, first: date, last: date, count: int = 2) -> list[date]:
        """Up to `count` open days in [first, last], nearest to `day` first.

        `day` itself counts when it is open. Of two days equally far, the later comes first.
        """
        found: list[date] = []
        if count <= 0:
            return found
        reach = max((last - day).days, (day - first).days, 0)
        for distance in range(reach + 1):
            for candidate in _both_sides(day, distance):
                if len(found) < count and first <= candidate <= last and self.is_open(candidate):
                    found.append(candidate)
            if len(found) >= count:
                break
        return found


def slot_times(
    day: date,
    opens: time,
    closes: time,
    every: timedelta,
    tz: ZoneInfo,
    breaks: Sequence[tuple[time, time]] = LUNCH_BREAK,
) -> list[tuple[datetime, datetime]]:
    """The (start, end) of each slot of length `every` on `day`, in UTC.

    Slots run back to back from `opens` and end by `closes`; a slot that would overlap a
    break is dropped and the next one starts when the break ends. Times are local to `tz`.
    """
    if every <= timedelta(0):
        raise ValueError("slot length must be positive")
    spans = [(_local(day, start, tz), _local(day, end, tz)) for start, end in breaks]
    slots: list[tuple[datetime, datetime]] = []
    cursor, close = _local(day, opens, tz), _local(day, closes, tz)
    while cursor + every <= close:
        end = cursor + every
        blocking = [stop for start, stop in spans if cursor < stop and end > start]
        if blocking:
            cursor = max(blocking)
            continue
        slots.append((cursor.astimezone(UTC), end.astimezone(UTC)))
        cursor = end
    return slots


def _closures_for(closures: Iterable[Closure], centre_id: int | None) -> dict[date, str | None]:
    """The closure reason by day, for closures that concern this centre."""
    by_day: dict[date, str | None] = {}
    for closure in closures:
        if closure.centre_id is None:
            by_day.setdefault(closure.day, closure.reason)
        elif closure.centre_id == centre_id:
            # The centre's own reason says more than a closure of every centre.
            by_day[closure.day] = closure.reason or by_day.get(closure.day)
    return by_day


def _holiday_language(language: str) -> str:
    """The `holidays` package's language for ours: Korean names, else English."""
    if language in holidays.KR.supported_languages:
        return language
    return "ko" if language.split("_")[0].lower() == "ko" else "en_US"


def _both_sides(day: date, distance: int) -> list[date]:
    if distance == 0:
        return [day]
    return [day + timedelta(days=distance), day - timedelta(days=distance)]


def _local(day: date, moment: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)
