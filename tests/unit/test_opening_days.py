"""Open and closed days of a centre, and the slot times of an open day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.opening_days import ClosedDay, OpenDays, slot_times
from storage.records import Closure

SEOUL = ZoneInfo("Asia/Seoul")
CENTRE = 7
OTHER_CENTRE = 8


def closure(day: date, centre_id: int | None = None, reason: str | None = None) -> Closure:
    return Closure(id=day.toordinal(), day=day, centre_id=centre_id, reason=reason)


def test_an_ordinary_weekday_is_open() -> None:
    days = OpenDays([], CENTRE)
    assert days.closed(date(2026, 9, 10)) is None
    assert days.is_open(date(2026, 9, 10))


@pytest.mark.parametrize("day", [date(2026, 9, 12), date(2026, 9, 13)])
def test_weekends_are_closed(day: date) -> None:
    assert OpenDays([], CENTRE).closed(day) == ClosedDay("weekend", None)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 9, 24), "추석 전날"),
        (date(2026, 9, 25), "추석"),
        (date(2026, 9, 26), "추석 다음날"),
    ],
)
def test_chuseok_2026_is_closed_under_its_korean_name(day: date, name: str) -> None:
    assert OpenDays([], CENTRE).closed(day) == ClosedDay("holiday", name)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 3, 3), "삼일절 대체 휴일"),
        (date(2025, 10, 8), "추석 대체 휴일"),
        (date(2026, 3, 2), "삼일절 대체 휴일"),
        (date(2026, 8, 17), "광복절 대체 휴일"),
        (date(2026, 10, 5), "개천절 대체 휴일"),
    ],
)
def test_substitute_holidays_are_closed(day: date, name: str) -> None:
    # Each of these is a weekday that only the substitute-holiday rule closes. The name is
    # the package's (holidays 0.109 says "삼일절 대체 휴일"); older releases word it a little
    # differently, so only its parts are checked.
    assert day.weekday() < 5
    closed = OpenDays([], CENTRE).closed(day)
    assert closed is not None and closed.kind == "holiday"
    assert closed.name is not None and "대체" in closed.name
    assert name.split()[0] in closed.name


def test_holiday_names_can_be_english_for_other_languages() -> None:
    for language in ("en", "en_US", "vi", "zh_Hans"):
        closed = OpenDays([], CENTRE, holiday_language=language).closed(date(2026, 9, 25))
        assert closed == ClosedDay("holiday", "Chuseok")
    assert OpenDays([], CENTRE, holiday_language="ko_KR").closed(date(2026, 9, 25)) == ClosedDay(
        "holiday", "추석"
    )


def test_a_closure_of_this_centre_closes_it_with_its_reason() -> None:
    days = OpenDays([closure(date(2026, 9, 15), CENTRE, "내부 교육")], CENTRE)
    assert days.closed(date(2026, 9, 15)) == ClosedDay("closure", "내부 교육")
    assert not days.is_open(date(2026, 9, 15))


def test_a_closure_without_a_centre_closes_every_centre() -> None:
    everywhere = [closure(date(2026, 9, 16), None, "전산 점검")]
    assert OpenDays(everywhere, CENTRE).closed(date(2026, 9, 16)) == ClosedDay(
        "closure", "전산 점검"
    )
    assert not OpenDays(everywhere, OTHER_CENTRE).is_open(date(2026, 9, 16))
    assert not OpenDays(everywhere).is_open(date(2026, 9, 16))


def test_a_closure_of_another_centre_leaves_this_one_open() -> None:
    elsewhere = [closure(date(2026, 9, 15), OTHER_CENTRE, "이사")]
    assert OpenDays(elsewhere, CENTRE).is_open(date(2026, 9, 15))
    assert OpenDays(elsewhere).is_open(date(2026, 9, 15))


def test_the_centres_own_reason_wins_over_a_closure_of_every_centre() -> None:
    day = date(2026, 9, 15)
    both = [closure(day, CENTRE, "이사"), closure(day, None, "전산 점검")]
    assert OpenDays(both, CENTRE).closed(day) == ClosedDay("closure", "이사")
    assert OpenDays(both, OTHER_CENTRE).closed(day) == ClosedDay("closure", "전산 점검")


def test_a_closure_without_a_reason_has_no_name() -> None:
    days = OpenDays([closure(date(2026, 9, 15), CENTRE)], CENTRE)
    assert days.closed(date(2026, 9, 15)) == ClosedDay("closure", None)


def test_a_holiday_on_a_weekend_is_named_as_the_holiday() -> None:
    assert OpenDays([], CENTRE).closed(date(2026, 9, 26)) == ClosedDay("holiday", "추석 다음날")


def test_nearest_open_skips_the_whole_chuseok_break_of_2025() -> None:
    # 2025-10-03 (Fri) to 10-09 (Thu) is one closed stretch: 개천절, weekend, 추석 and its
    # substitute day, 한글날. Around 추석 itself the nearest open days are 4 days either side.
    days = OpenDays([], CENTRE)
    first, last = date(2025, 9, 1), date(2025, 10, 31)
    assert days.nearest_open(date(2025, 10, 6), first, last) == [
        date(2025, 10, 10),
        date(2025, 10, 2),
    ]
    assert days.nearest_open(date(2025, 10, 6), first, last, count=3) == [
        date(2025, 10, 10),
        date(2025, 10, 2),
        date(2025, 10, 1),
    ]


def test_nearest_open_puts_the_nearer_day_first_even_before() -> None:
    # Chuseok 2026 is Thu-Sat: Wed 9/23 is two days before, Mon 9/28 three days after.
    days = OpenDays([], CENTRE)
    found = days.nearest_open(date(2026, 9, 25), date(2026, 9, 1), date(2026, 10, 31))
    assert found == [date(2026, 9, 23), date(2026, 9, 28)]


def test_nearest_open_stays_within_the_window() -> None:
    days = OpenDays([], CENTRE)
    found = days.nearest_open(date(2026, 9, 25), date(2026, 9, 24), date(2026, 10, 31), count=3)
    assert found == [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30)]
    assert days.nearest_open(date(2026, 9, 25), date(2026, 9, 24), date(2026, 9, 27)) == []


def test_nearest_open_counts_the_day_itself_when_open() -> None:
    days = OpenDays([closure(date(2026, 9, 11), CENTRE)], CENTRE)
    found = days.nearest_open(date(2026, 9, 10), date(2026, 9, 1), date(2026, 9, 30))
    assert found == [date(2026, 9, 10), date(2026, 9, 9)]


def test_a_day_of_slots_every_half_hour_skips_lunch_and_is_in_utc() -> None:
    day = date(2026, 9, 18)
    slots = slot_times(day, time(9), time(18), timedelta(minutes=30), SEOUL)
    assert len(slots) == 16
    assert slots[0] == (
        datetime(2026, 9, 18, 0, 0, tzinfo=UTC),
        datetime(2026, 9, 18, 0, 30, tzinfo=UTC),
    )
    assert slots[-1][1] == datetime(2026, 9, 18, 9, 0, tzinfo=UTC)
    assert all(start.tzinfo is UTC and end.tzinfo is UTC for start, end in slots)
    local_starts = [start.astimezone(SEOUL).time() for start, _ in slots]
    assert time(11, 30) in local_starts
    assert time(12) not in local_starts and time(12, 30) not in local_starts
    assert time(13) in local_starts


def test_slots_start_again_when_the_break_ends() -> None:
    slots = slot_times(date(2026, 9, 18), time(10), time(15), timedelta(minutes=40), SEOUL)
    local = [start.astimezone(SEOUL).strftime("%H:%M") for start, _ in slots]
    assert local == ["10:00", "10:40", "11:20", "13:00", "13:40", "14:20"]


def test_slots_without_breaks_and_a_last_slot_that_does_not_fit() -> None:
    slots = slot_times(date(2026, 9, 18), time(9), time(10, 45), timedelta(hours=1), SEOUL, ())
    assert [start.astimezone(SEOUL).hour for start, _ in slots] == [9]


def test_slot_length_must_be_positive() -> None:
    with pytest.raises(ValueError):
        slot_times(date(2026, 9, 18), time(9), time(18), timedelta(0), SEOUL)
