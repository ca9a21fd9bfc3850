"""Reading a typed day and time, as of Thursday 10 September 2026, 11:00 in Seoul."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import When, read_when

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 9, 10, 11, 0, tzinfo=SEOUL)  # a Thursday
TODAY = date(2026, 9, 10)


def when(text: str, now: datetime = NOW) -> When | None:
    return read_when(text, now, SEOUL)


def day_of(text: str) -> date | None:
    found = when(text)
    return found.day if found else None


def time_of(text: str) -> time | None:
    found = when(text)
    return found.at if found else None


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("다음주 목요일 오후 2시", date(2026, 9, 17), time(14)),
        ("다음주 목요일 오후 2시에 상담 받고 싶어요", date(2026, 9, 17), time(14)),
        ("다음주목요일오후2시", date(2026, 9, 17), time(14)),
        ("다음 주 목요일 오후 2시쯤이요", date(2026, 9, 17), time(14)),
        ("내일 오전 10시", date(2026, 9, 11), time(10)),
        ("내일오전10시요", date(2026, 9, 11), time(10)),
        ("9월 18일 14:00", date(2026, 9, 18), time(14)),
        ("9월 18일(목) 오후 2시", date(2026, 9, 18), time(14)),
        ("9월 18일 목요일 2시쯤이요", date(2026, 9, 18), time(14)),
        ("낼 오후 3시", date(2026, 9, 11), time(15)),
        ("오늘오후2시", TODAY, time(14)),
        ("내일모레 2시", date(2026, 9, 12), time(14)),
        ("다음주 목 2시", date(2026, 9, 17), time(14)),
        ("tomorrow 10am", date(2026, 9, 11), time(10)),
        ("next thursday 2pm", date(2026, 9, 17), time(14)),
        ("thursday 2:30 pm", date(2026, 9, 17), time(14, 30)),
        ("Sep 18 14:00", date(2026, 9, 18), time(14)),
        ("Next Thursday at 2", date(2026, 9, 17), time(14)),
        ("Thurs 10 am", date(2026, 9, 17), time(10)),
    ],
)
def test_a_day_and_a_time_are_read_together(typed: str, day: date, at: time) -> None:
    assert when(typed) == When(day=day, at=at)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("오늘", TODAY),
        ("오늘요", TODAY),
        ("내일", date(2026, 9, 11)),
        ("내일은 어때요", date(2026, 9, 11)),
        ("모레", date(2026, 9, 12)),
        ("글피", date(2026, 9, 13)),
        ("그글피", date(2026, 9, 14)),
        ("3일 뒤", date(2026, 9, 13)),
        ("이틀 후에", date(2026, 9, 12)),
        ("일주일 뒤", date(2026, 9, 17)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 9, 11)),
        ("tmrw", date(2026, 9, 11)),
        ("the day after tomorrow", date(2026, 9, 12)),
        ("in 3 days", date(2026, 9, 13)),
    ],
)
def test_days_counted_from_today(typed: str, day: date) -> None:
    assert when(typed) == When(day=day, at=None)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        # This week runs Monday 7 to Sunday 13 September.
        ("이번주 금요일", date(2026, 9, 11)),
        ("이번 주 월요일", date(2026, 9, 7)),  # this week's, even though it is past
        ("금주 수요일", date(2026, 9, 9)),
        ("다음주 월요일", date(2026, 9, 14)),
        ("다음 주 목욜", date(2026, 9, 17)),
        ("다음주 목", date(2026, 9, 17)),
        ("담주 금욜", date(2026, 9, 18)),
        ("차주 화요일", date(2026, 9, 15)),
        ("다음쭈 목요일", date(2026, 9, 17)),
        ("다다음주 화요일", date(2026, 9, 22)),
        ("다다음 주 목요일", date(2026, 9, 24)),
        # A weekday alone is the next one after today; today itself would be 오늘.
        ("목요일에", date(2026, 9, 17)),
        ("목요일", date(2026, 9, 17)),
        ("금요일에 상담 받고 싶어요", date(2026, 9, 11)),
        ("수요일", date(2026, 9, 16)),
        ("다음 목요일", date(2026, 9, 17)),
        ("오는 금요일", date(2026, 9, 11)),
        ("월욜", date(2026, 9, 14)),
        ("이번 목요일", TODAY),
        ("이번 수요일", date(2026, 9, 16)),
        ("thursday", date(2026, 9, 17)),
        ("thu", date(2026, 9, 17)),
        ("coming friday", date(2026, 9, 11)),
        ("this thursday", TODAY),
        ("next monday", date(2026, 9, 14)),
        ("next week thursday", date(2026, 9, 17)),
        ("thursday next week", date(2026, 9, 17)),
    ],
)
def test_weekdays(typed: str, day: date) -> None:
    assert day_of(typed) == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("9월 18일", date(2026, 9, 18)),
        ("9월18일에요", date(2026, 9, 18)),
        ("9 월 18 일", date(2026, 9, 18)),
        ("2026년 9월 18일", date(2026, 9, 18)),
        ("9/18", date(2026, 9, 18)),
        ("2026-09-18", date(2026, 9, 18)),
        ("2026.9.18", date(2026, 9, 18)),
        ("2026. 9. 18.", date(2026, 9, 18)),
        ("2026/9/18", date(2026, 9, 18)),
        ("12/25", date(2026, 12, 25)),
        ("9월 10일", TODAY),
        # A month and day already past this year is next year's.
        ("9월 9일", date(2027, 9, 9)),
        ("1/5", date(2027, 1, 5)),
        ("2월 29일", date(2028, 2, 29)),
        # A written year is taken as it is.
        ("2025-01-05", date(2025, 1, 5)),
        # A day of the month alone: this month, or the next month that has it.
        ("18일", date(2026, 9, 18)),
        ("18일에 갈게요", date(2026, 9, 18)),
        ("10일", TODAY),
        ("9일", date(2026, 10, 9)),
        ("31일", date(2026, 10, 31)),
        ("다음 달 3일", date(2026, 10, 3)),
        ("이번달 25일", date(2026, 9, 25)),
        ("Sep 18", date(2026, 9, 18)),
        ("sept 18", date(2026, 9, 18)),
        ("Sep. 18th", date(2026, 9, 18)),
        ("September 18", date(2026, 9, 18)),
        ("18 September", date(2026, 9, 18)),
        ("18th of Sep", date(2026, 9, 18)),
        ("September 18th, 2027", date(2027, 9, 18)),
        ("the 18th", date(2026, 9, 18)),
        ("Thursday, September 17", date(2026, 9, 17)),
    ],
)
def test_calendar_dates(typed: str, day: date) -> None:
    assert day_of(typed) == day


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("오후 2시", time(14)),
        ("오후2시", time(14)),
        ("오 후 2시", time(14)),
        ("오전 10시", time(10)),
        ("오후 2시 반", time(14, 30)),
        ("오후2시반에요", time(14, 30)),
        ("오후 2시 30분", time(14, 30)),
        ("14시 30분", time(14, 30)),
        ("14:00", time(14)),
        ("오후 2:30", time(14, 30)),
        ("14시", time(14)),
        ("２시", time(14)),
        ("아침 9시", time(9)),
        ("저녁 6시", time(18)),
        ("낮 1시", time(13)),
        ("점심 12시", time(12)),
        ("정오", time(12)),
        ("정오에 볼게요", time(12)),
        ("오후 12시", time(12)),
        ("두시", time(14)),
        ("오후 두시 반", time(14, 30)),
        ("네 시에 갈게요", time(16)),
        ("열한시", time(11)),
        ("열두시 반", time(12, 30)),
        ("아홉시요", time(9)),
        ("2시도 괜찮아요", time(14)),
        ("10am", time(10)),
        ("2 pm", time(14)),
        ("2:30 p.m.", time(14, 30)),
        ("12pm", time(12)),
        ("noon", time(12)),
        ("half past 2", time(14, 30)),
        ("2 o'clock", time(14)),
        ("at 3", time(15)),
    ],
)
def test_times_of_day(typed: str, at: time) -> None:
    assert when(typed) == When(day=None, at=at)


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("1시", time(13)),
        ("2시", time(14)),
        ("7시", time(19)),
        ("8시", time(8)),
        ("11시", time(11)),
        ("12시", time(12)),
        ("2:30", time(14, 30)),
        ("9:30", time(9, 30)),
        ("07:00", time(7)),  # a leading zero is a 24-hour clock
    ],
)
def test_an_hour_without_am_or_pm_is_read_in_counselling_hours(typed: str, at: time) -> None:
    assert time_of(typed) == at


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("내일 말고 모레", date(2026, 9, 12), None),
        ("2시 말고 3시", None, time(15)),
        ("오후 2시~3시", None, time(14)),
        ("2시부터 3시까지", None, time(14)),
        ("14:00-15:00", None, time(14)),
        ("2pm to 3pm", None, time(14)),
        ("9월 18일~19일", date(2026, 9, 18), None),
    ],
)
def test_the_last_mention_wins_but_not_the_end_of_a_range(
    typed: str, day: date | None, at: time | None
) -> None:
    assert when(typed) == When(day=day, at=at)


@pytest.mark.parametrize(
    "typed",
    [
        "콜센터 교육",
        "안녕하세요",
        "2명",
        "40대",
        "3시간 과정",
        "2시간 30분",
        "140시간",
        "5일간 교육",
        "1일 8시간",
        "주 3일 가능해요",
        "일자리 찾아요",
        "다음주 수업 일정",
        "내일배움카드 있어요",
        "청년내일채움공제",
        "신청서 낼게요",
        "오늘날",
        "한시적 지원",
        "네 시청 근처요",
        "세시풍속",
        "광명시",
        "010-1234-5678",
        "1588-9142",
        "1:1 상담",
        "10년 경력",
        "2월 30일",
        "25:00",
        "다음주",
        "9월",
        "오후에",
        "",
        "I may come",
    ],
)
def test_text_without_a_day_or_time_gives_none(typed: str) -> None:
    assert when(typed) is None


def test_today_is_the_day_in_the_given_zone_not_in_utc() -> None:
    late_utc = datetime(2026, 9, 10, 20, 0, tzinfo=UTC)  # already 11 September in Seoul
    assert read_when("오늘", late_utc, SEOUL) == When(day=date(2026, 9, 11), at=None)
    assert read_when("내일", late_utc, SEOUL) == When(day=date(2026, 9, 12), at=None)


def test_a_year_end_rolls_months_and_weeks_over() -> None:
    new_years_eve = datetime(2026, 12, 31, 9, 0, tzinfo=SEOUL)  # a Thursday
    assert read_when("다음주 월요일", new_years_eve, SEOUL) == When(date(2027, 1, 4), None)
    assert read_when("5일", new_years_eve, SEOUL) == When(date(2027, 1, 5), None)
    assert read_when("다음 달 3일", new_years_eve, SEOUL) == When(date(2027, 1, 3), None)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        read_when("내일", datetime(2026, 9, 10, 11, 0), SEOUL)
