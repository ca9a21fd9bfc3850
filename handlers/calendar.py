"""The calendar file (.ics, RFC 5545) for one booking, to send or to download.

One VCALENDAR with METHOD:PUBLISH holds the zone's VTIMEZONE and one VEVENT whose start and
end are local times with a TZID ("DTSTART;TZID=Asia/Seoul:20260918T140000"), so a phone
shows the hour the bot said whatever zone the phone is in. Each reminder offset becomes a
VALARM that fires that long before the start. `icalendar` does the escaping, the CRLF line
ends and the folding of long lines at 75 octets (Korean text is several octets a letter).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

PRODID = "-//ilteo//ilteo booking//KO"


def booking_calendar(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    location: str,
    description: str,
    tz: ZoneInfo,
    stamp: datetime,
    alarms: Sequence[timedelta] = (),
) -> bytes:
    """The .ics bytes for one booking; `alarms` are how long before the start to remind."""
    for moment in (starts_at, ends_at, stamp):
        if moment.tzinfo is None:
            raise ValueError("booking_calendar needs aware datetimes")
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_zone(tz, start.date(), end.date()))
    event = _event(uid, start, end, summary, location, description, stamp)
    for before in alarms:
        event.add_component(_alarm(before, summary))
    calendar.add_component(event)
    return calendar.to_ical()


def _zone(tz: ZoneInfo, first: date, last: date) -> Timezone:
    """The VTIMEZONE for `tz`, covering the years of the booking and the one after it."""
    # A window keeps the file short (the default spans 1970-2038); a year's margin still
    # holds if the user moves the event a little in their own calendar.
    return Timezone.from_tzinfo(
        tz, tzid=tz.key, first_date=date(first.year, 1, 1), last_date=date(last.year + 2, 1, 1)
    )


def _event(
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    location: str,
    description: str,
    stamp: datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    return event


def _alarm(before: timedelta, summary: str) -> Alarm:
    """A display alarm `before` the start (RFC 5545 wants a DESCRIPTION on it)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -abs(before))
    alarm.add("description", summary)
    return alarm
