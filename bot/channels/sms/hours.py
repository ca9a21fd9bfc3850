"""SMS_HOURS: 알림톡/SMS go out only within a window of the day (Asia/Seoul); a message due
outside it waits for the window's start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time
    timezone: ZoneInfo

    def next_open(self, now: datetime) -> datetime | None:
        """None when `now` is within the window, else when it opens next."""
        local = now.astimezone(self.timezone)
        if self.start <= local.time() < self.end:
            return None
        day = local.date() if local.time() < self.start else local.date() + timedelta(days=1)
        return datetime.combine(day, self.start, tzinfo=self.timezone)
