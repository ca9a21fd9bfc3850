"""Making counselling slots: from a centre's opening hours over a range of days, or across one
bus visit's hours; closing a day. Generating twice adds nothing: a start a place already has
is left alone. The caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.opening_days import ClosedDay, OpenDays, slot_times
from storage.ports.stores import BookingStore
from storage.records import Centre

MODES = ("visit", "phone", "bus")


class CannotGenerate(ValueError):
    """What was asked names no such place or cannot be done; the message says which, plainly."""


@dataclass(frozen=True, slots=True)
class SlotsGenerated:
    place: str  # the centre's or the bus site's name
    added: int
    already_there: int
    skipped: tuple[tuple[date, ClosedDay], ...] = ()
    visit_day: date | None = None  # for a bus visit: its day, in range or not


@dataclass(frozen=True, slots=True)
class DayClosed:
    added: bool  # False: that day was already closed there
    place: str  # the centre's name, or "every centre"
    slots_that_day: int  # slots generated earlier for that day, left as they are


async def generate_slots(
    uow: BookingStore,
    *,
    centre_id: int | None,
    visit_id: int | None,
    first: date,
    last: date,
    every: timedelta,
    capacity: int,
    mode: str | None,
    tz: ZoneInfo,
) -> SlotsGenerated:
    """Adds the missing slots of one centre or one bus visit for the days [first, last]."""
    if (centre_id is None) == (visit_id is None):
        raise CannotGenerate("Name either a centre or a bus visit.")
    mode = mode or ("bus" if visit_id is not None else "visit")
    _check(first, last, every, capacity, mode, at_visit=visit_id is not None)
    if visit_id is not None:
        return await _for_visit(uow, visit_id, first, last, every, capacity, tz)
    return await _for_centre(uow, centre_id, first, last, every, capacity, mode, tz)


def _check(first, last, every, capacity, mode, *, at_visit: bool) -> None:
    if last < first:
        raise CannotGenerate(f"The last day {last} is before the first day {first}.")
    if every <= timedelta(0):
        raise CannotGenerate("Slots must be at least a minute long.")
    if capacity < 1:
        raise CannotGenerate(f"Capacity must be 1 or more, not {capacity}.")
    if mode not in MODES:
        raise CannotGenerate(f"Unknown mode {mode!r}; use one of {', '.join(MODES)}.")
    if at_visit and mode != "bus":
        raise CannotGenerate("Slots at a bus visit are bus slots (--mode bus).")
    if not at_visit and mode == "bus":
        raise CannotGenerate("Bus slots belong to a bus visit: use --visit ID.")


async def _for_centre(uow, centre_id, first, last, every, capacity, mode, tz) -> SlotsGenerated:
    centre = await uow.catalogue.centre(centre_id)
    if centre is None:
        raise CannotGenerate(f"There is no centre {centre_id}.")
    if centre.opens_at is None or centre.closes_at is None:
        raise CannotGenerate(
            f"Centre {centre_id} ({centre.name}) has no opening hours, so it has no slots to "
            "generate; give it opens_at and closes_at first."
        )
    closures = [
        closure
        for closure in await uow.slots.closures_between(first, last)
        if closure.centre_id in (None, centre_id)
    ]
    open_days = OpenDays(closures, centre_id=centre_id)
    times, skipped = [], []
    for day in _days(first, last):
        closed = open_days.closed(day)
        if closed is not None:
            skipped.append((day, closed))
        else:
            times += slot_times(day, centre.opens_at, centre.closes_at, every, tz)
    window = (_midnight(first, tz), _midnight(last + timedelta(days=1), tz))
    place = {"centre_id": centre_id, "visit_id": None, "mode": mode}
    added, there = await _add_missing(uow, place, times, capacity, window)
    return SlotsGenerated(centre.name, added, there, tuple(skipped))


async def _for_visit(uow, visit_id, first, last, every, capacity, tz) -> SlotsGenerated:
    listing = await uow.bus.visit(visit_id)
    if listing is None:
        raise CannotGenerate(f"There is no bus visit {visit_id}.")
    visit, name = listing.visit, listing.site.name
    starts, ends = visit.starts_at.astimezone(tz), visit.ends_at.astimezone(tz)
    day = starts.date()
    if not first <= day <= last:
        return SlotsGenerated(name, 0, 0, visit_day=day)
    # The seed's bus team of three counsels from 10 to 17 without a stated break.
    times = slot_times(day, starts.time(), ends.time(), every, tz, breaks=())
    place = {"centre_id": None, "visit_id": visit_id, "mode": "bus"}
    added, there = await _add_missing(uow, place, times, capacity, (visit.starts_at, visit.ends_at))
    return SlotsGenerated(name, added, there, visit_day=day)


async def _add_missing(
    uow: BookingStore,
    place: dict,
    times: Sequence[tuple[datetime, datetime]],
    capacity: int,
    window: tuple[datetime, datetime],
) -> tuple[int, int]:
    """Adds the slots whose start the place has not got yet: (added, already there)."""
    existing = await uow.slots.starts_at_place(**place, first=window[0], last=window[1])
    added = 0
    for starts_at, ends_at in times:
        if starts_at not in existing:
            await uow.slots.add(**place, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
            added += 1
    return added, len(times) - added


async def close_day(
    uow: BookingStore, day: date, centre_id: int | None, reason: str | None, tz: ZoneInfo
) -> DayClosed:
    """Closes `day` for one centre, or for every centre when `centre_id` is None."""
    centre: Centre | None = None
    if centre_id is not None:
        centre = await uow.catalogue.centre(centre_id)
        if centre is None:
            raise CannotGenerate(f"There is no centre {centre_id}.")
    added = await uow.slots.add_closure(day, centre_id, reason)
    found = await uow.slots.between(_midnight(day, tz), _midnight(day + timedelta(days=1), tz))
    # A closure is about centres; a bus visit is planned on its own and keeps its slots.
    that_day = [s for s in found if s.centre_id is not None and centre_id in (None, s.centre_id)]
    return DayClosed(added, centre.name if centre else "every centre", len(that_day))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
