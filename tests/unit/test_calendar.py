"""The .ics file of a booking: what a calendar app reads back from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component

from handlers.calendar import booking_calendar

SEOUL = ZoneInfo("Asia/Seoul")
STARTS = datetime(2026, 9, 18, 5, 0, tzinfo=UTC)  # 14:00 in Seoul
SUMMARY = "광명시여성새일센터 방문 상담"
LOCATION = "경기도 광명시 오리로 613 (예시 주소) 광명시여성새일센터 2층 상담실, 엘리베이터 옆"
DESCRIPTION = (
    "신분증을 챙겨 오시면 좋아요.\n예약 변경·취소는 일터 채팅에서 할 수 있어요; 문의 1588-9142"
)


def make(**changes: Any) -> bytes:
    values: dict[str, Any] = {
        "uid": "booking-42@ilteo",
        "starts_at": STARTS,
        "ends_at": STARTS + timedelta(minutes=30),
        "summary": SUMMARY,
        "location": LOCATION,
        "description": DESCRIPTION,
        "tz": SEOUL,
        "stamp": datetime(2026, 9, 10, 2, 0, 30, tzinfo=UTC),
        "alarms": (timedelta(hours=24), timedelta(hours=1)),
    }
    values.update(changes)
    return booking_calendar(**values)


def event_of(ics: bytes) -> Component:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_calendar_is_a_published_ilteo_calendar() -> None:
    calendar = Calendar.from_ical(make())
    assert str(calendar["VERSION"]) == "2.0"
    assert "ilteo" in str(calendar["PRODID"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 1


def test_the_start_is_two_pm_in_seoul_for_five_utc() -> None:
    ics = make()
    event = event_of(ics)
    start = event.decoded("DTSTART")
    assert start == STARTS
    assert (start.hour, start.minute) == (14, 0)
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert b"DTSTART;TZID=Asia/Seoul:20260918T140000\r\n" in ics
    assert b"DTEND;TZID=Asia/Seoul:20260918T143000\r\n" in ics


def test_the_stamp_is_in_utc_and_the_uid_is_kept() -> None:
    ics = make(stamp=datetime(2026, 9, 10, 11, 0, 30, tzinfo=SEOUL))
    assert b"DTSTAMP:20260910T020030Z\r\n" in ics
    assert str(event_of(ics)["UID"]) == "booking-42@ilteo"


def test_korean_text_survives_the_round_trip() -> None:
    event = event_of(make())
    assert str(event["SUMMARY"]) == SUMMARY
    assert str(event["LOCATION"]) == LOCATION
    assert str(event["DESCRIPTION"]) == DESCRIPTION


def test_lines_end_with_crlf_and_are_folded_at_75_octets() -> None:
    ics = make()
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the long location should be folded"
    # Folding never splits a letter: each physical line is valid UTF-8 on its own.
    for line in lines:
        line.decode("utf-8")


def test_the_zone_is_described_by_a_vtimezone_before_the_event() -> None:
    ics = make()
    calendar = Calendar.from_ical(ics)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Seoul"
    assert ics.index(b"BEGIN:VTIMEZONE") < ics.index(b"BEGIN:VEVENT")
    standard = zone.walk("STANDARD")[0]
    assert standard["TZOFFSETTO"].td == timedelta(hours=9)


def test_each_reminder_offset_becomes_a_display_alarm_before_the_start() -> None:
    alarms = event_of(make()).walk("VALARM")
    assert [str(alarm["ACTION"]) for alarm in alarms] == ["DISPLAY", "DISPLAY"]
    assert [alarm.decoded("TRIGGER") for alarm in alarms] == [
        timedelta(hours=-24),
        timedelta(hours=-1),
    ]
    assert all(str(alarm["DESCRIPTION"]) == SUMMARY for alarm in alarms)


def test_no_offsets_means_no_alarm() -> None:
    assert event_of(make(alarms=())).walk("VALARM") == []


def test_another_zone_gives_its_own_local_time_and_vtimezone() -> None:
    ics = make(tz=ZoneInfo("Europe/Berlin"))
    assert b"DTSTART;TZID=Europe/Berlin:20260918T070000\r\n" in ics
    assert event_of(ics).decoded("DTSTART") == STARTS


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError):
        make(starts_at=datetime(2026, 9, 18, 14, 0))
