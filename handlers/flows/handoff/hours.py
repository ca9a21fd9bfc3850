"""Whether a counsellor can answer now: the centre is open (its hours on an open day; 9 to 6
on weekdays when it names none) and one of its counsellors had the inbox open a moment ago.
Else, when it opens next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from handlers.opening_days import OpenDays
from handlers.turn import Turn
from storage.records import Centre

OPENS, CLOSES = time(9), time(18)
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True, slots=True)
class Availability:
    now: bool  # someone answers now
    open_now: bool  # within opening hours (nobody on duty when `now` is False)
    opens: datetime | None  # the next opening, when closed now
    hours: tuple[time, time]  # its daily hours


def daily_hours(centre: Centre | None) -> tuple[time, time]:
    if centre is None or centre.opens_at is None or centre.closes_at is None:
        return OPENS, CLOSES
    return centre.opens_at, centre.closes_at


async def availability(turn: Turn, centre: Centre | None) -> Availability:
    local = turn.now.astimezone(turn.tz)
    centre_id = centre.id if centre else None
    closures = await turn.uow.slots.closures_between(
        local.date(), local.date() + timedelta(days=LOOK_AHEAD_DAYS)
    )
    days = OpenDays(closures, centre_id)
    opens, closes = daily_hours(centre)
    open_now = days.is_open(local.date()) and opens <= local.time() < closes
    if open_now:
        on_duty = await turn.uow.handoffs.on_duty(centre_id, turn.now)
        return Availability(on_duty, True, None, (opens, closes))
    return Availability(False, False, _next_opening(turn, days, opens), (opens, closes))


def _next_opening(turn: Turn, days: OpenDays, opens: time) -> datetime | None:
    local = turn.now.astimezone(turn.tz)
    for ahead in range(LOOK_AHEAD_DAYS + 1):
        day = local.date() + timedelta(days=ahead)
        start = datetime.combine(day, opens, tzinfo=turn.tz)
        if days.is_open(day) and (ahead > 0 or local.time() < opens):
            return start
    return None
