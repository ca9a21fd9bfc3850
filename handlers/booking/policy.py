"""The booking rules a centre sets: how soon and how far ahead, how long a freed seat is held,
when reminders go out. Handed to the flows as a value by the wiring (bot/app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class BookingPolicy:
    """How soon and how far ahead one can book, how long a freed seat is held, and when
    reminders go out (BOOKING_MIN_NOTICE, BOOKING_HORIZON, WAITLIST_HOLD, REMINDER_OFFSETS)."""

    min_notice: timedelta = timedelta(hours=2)
    horizon: timedelta = timedelta(weeks=4)
    waitlist_hold: timedelta = timedelta(hours=2)
    reminder_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    timezone: ZoneInfo = ZoneInfo("Asia/Seoul")  # whose calendar days closures name
    by_phone: bool = False  # reminders can go by 알림톡/SMS to those who want (SMS_PROVIDER)

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The earliest and latest start a booking made `now` may have."""
        return now + self.min_notice, now + self.horizon
