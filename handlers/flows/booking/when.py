"""Choosing the day and the time: buttons for days with seats and the times of a day, or a
typed phrase ("다음주 목요일 오후 2시"), which is always read back as an absolute date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from handlers.booking import service
from handlers.booking.places import MODE_NAMES, parse_place, place
from handlers.flows.booking.actions import Back, Day, FullTime, OtherDays, PickTime
from handlers.flows.booking.confirm import ask_confirm
from handlers.flows.booking.mine import show_bookings
from handlers.flows.booking.state import BookingState, go, state_of
from handlers.flows.booking.texts import seats_text
from handlers.flows.common import home_button
from handlers.formatting import clock, day
from handlers.holiday_names import holiday_name
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.opening_days import ClosedDay, OpenDays
from handlers.turn import Turn
from storage.records import Slot

SHOWN_DAYS = 8
SHOWN_TIMES = 12


async def _slots(
    turn: Turn, state: BookingState, first: datetime | None = None, last: datetime | None = None
) -> list[Slot]:
    """The slots of the chosen place and kind inside the booking window (full ones too)."""
    window_first, window_last = turn.settings.booking.window(turn.now)
    first, last = max(first or window_first, window_first), min(last or window_last, window_last)
    centre_id, visit_id = parse_place(state.place) or (None, None)
    found: list[Slot] = await turn.uow.slots.between(
        first, last, mode=state.mode, centre_id=centre_id, visit_id=visit_id
    )
    if centre_id is None or not found:
        return found
    days = [_local_day(turn, slot) for slot in found]
    opening = OpenDays(await turn.uow.slots.closures_between(min(days), max(days)), centre_id)
    return [slot for slot, local in zip(found, days, strict=True) if opening.is_open(local)]


def _local_day(turn: Turn, slot: Slot) -> date:
    return slot.starts_at.astimezone(turn.tz).date()


def _day_bounds(turn: Turn, value: date) -> tuple[datetime, datetime]:
    start = datetime.combine(value, time(0), turn.tz)
    return start, start + timedelta(days=1)


async def ask_day(turn: Turn, state: BookingState, note: str = "") -> list[Message]:
    free_days: list[date] = []
    for slot in await _slots(turn, state):
        if slot.seats_left and _local_day(turn, slot) not in free_days:
            free_days.append(_local_day(turn, slot))
    state = replace(state, when=None)
    if len(free_days) == 1 and (parse_place(state.place) or (None, None))[1] is not None:
        return await ask_time(turn, state, free_days[0], note=note)  # a bus stop has one day
    go(turn, "day", state)
    if not free_days:
        text = _("There are no free times here any more. Please choose another place.")
        return [Message(text=text, buttons=(_back_row(),))]
    text = _('Which day suits you?\nYou can also type a day and time, like "next Thursday 2 pm".')
    where = await place(turn.uow, state.place) if state.place else None
    if where is not None:
        text = f"{where.name} · {_(MODE_NAMES[state.mode or 'visit'])}\n{text}"
    if note:
        text = f"{note}\n{text}"
    days = [Button(day(value), Day(value).encode()) for value in free_days[:SHOWN_DAYS]]
    rows = tuple(tuple(days[i : i + 2]) for i in range(0, len(days), 2))
    return [Message(text=text, buttons=(*rows, _back_row()))]


def _back_row() -> tuple[Button, Button]:
    return (Button(_("Back"), Back().encode()), home_button())


async def ask_time(turn: Turn, state: BookingState, value: date, note: str = "") -> list[Message]:
    slots = await _slots(turn, state, *_day_bounds(turn, value))
    if not slots:
        return await ask_day(
            turn, state, note=_("There are no times left on {day}.", day=day(value))
        )
    go(turn, "time", replace(state, day=value))
    lines = [_("What time on {day}?", day=day(value))]
    buttons = []
    for slot in slots[:SHOWN_TIMES]:
        at = clock(slot.starts_at, turn.tz)
        seats = seats_text(slot.seats_left) if slot.seats_left else _("full (you can wait)")
        lines.append(f"· {at} — {seats}")
        # A full time's button offers the waiting list; labels stay short (Kakao: 14).
        pressed = PickTime(slot.id) if slot.seats_left else FullTime(slot.id)
        buttons.append(Button(at, pressed.encode()))
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    text = "\n".join(lines)
    if note:
        text = f"{note}\n{text}"
    closing = ((Button(_("Another day"), OtherDays().encode()), home_button()),)
    return [Message(text=text, buttons=rows + closing)]


async def on_day(turn: Turn, chosen: date) -> list[Message]:
    return await _day_or_reason(turn, state_of(turn), chosen, None)


async def apply_when(turn: Turn, state: BookingState) -> list[Message]:
    """Use a typed day and time once the place is known."""
    when = state.when
    state = replace(state, when=None)
    chosen = (when.day if when else None) or state.day
    at = when.at if when else None
    if chosen is None:
        note = _(
            "Which day? I'll look for {time} that day.",
            time=clock(datetime.combine(turn.now.date(), at or time(0), turn.tz), turn.tz),
        )
        return await ask_day(turn, replace(state, at=at), note=note)
    return await _day_or_reason(turn, state, chosen, at or state.at)


async def _day_or_reason(
    turn: Turn, state: BookingState, chosen: date, at: time | None
) -> list[Message]:
    """The day's times, the slot at `at`, or why that day cannot be booked."""
    refusal = await _refusal(turn, state, chosen)
    if refusal:
        return refusal
    if at is None:
        return await ask_time(turn, state, chosen)
    start = datetime.combine(chosen, at, turn.tz)
    for slot in await _slots(turn, state, *_day_bounds(turn, chosen)):
        if slot.starts_at == start:
            return await ask_confirm(turn, slot, state)
    note = _(
        "There is no counselling at {when}.",
        when=_("{day} {time}", day=day(chosen), time=clock(start, turn.tz)),
    )
    return await ask_time(turn, state, chosen, note=note)


async def _refusal(turn: Turn, state: BookingState, chosen: date) -> list[Message] | None:
    first, last = turn.settings.booking.window(turn.now)
    local_first, local_last = first.astimezone(turn.tz).date(), last.astimezone(turn.tz).date()
    if chosen < local_first or chosen > local_last:
        note = _(
            "Bookings are open from {first} to {last}.",
            first=day(local_first),
            last=day(local_last),
        )
        return await ask_day(turn, state, note=note)
    centre_id, visit_id = parse_place(state.place) or (None, None)
    if visit_id is not None:
        return None
    closures = await turn.uow.slots.closures_between(local_first, local_last)
    names = "ko" if turn.language == "ko" else "en_US"
    opening = OpenDays(closures, centre_id, holiday_language=names)
    closed = opening.closed(chosen)
    if closed is None:
        return None
    nearest = await _nearest_free_days(turn, state, chosen) or opening.nearest_open(
        chosen, local_first, local_last, count=2
    )
    go(turn, "day", state)
    text = _("{day} is closed: {reason}.", day=day(chosen), reason=closed_reason(closed))
    if nearest:
        text += "\n" + _("The nearest open days:")
    buttons = tuple((Button(day(value), Day(value).encode()),) for value in nearest)
    closing = ((Button(_("Other days"), OtherDays().encode()), home_button()),)
    return [Message(text=text, buttons=buttons + closing)]


async def _nearest_free_days(
    turn: Turn, state: BookingState, chosen: date, count: int = 2
) -> list[date]:
    """The days nearest to `chosen` that still have a free seat at this place, in date order."""
    free = {_local_day(turn, slot) for slot in await _slots(turn, state) if slot.seats_left}
    return sorted(sorted(free, key=lambda d: (abs((d - chosen).days), d < chosen))[:count])


def closed_reason(closed: ClosedDay) -> str:
    if closed.kind == "weekend":
        return _("centres are closed at the weekend")
    if closed.kind == "holiday":
        return _("public holiday: {name}", name=holiday_name(closed.name or ""))
    return _("the centre is closed: {reason}", reason=closed.name or _("no reason given"))


async def move(turn: Turn, booking_id: int) -> list[Message]:
    """ "Change time": the days of the same place and kind; the booking stays as it is until
    the new time is confirmed."""
    found = await service.own_booking(turn.uow, turn.user.id, booking_id, turn.now)
    if found is None:
        return await show_bookings(turn, note=_("That booking can no longer be changed."))
    _booking, slot = found
    key = f"c{slot.centre_id}" if slot.centre_id is not None else f"v{slot.visit_id}"
    note = _("Choose the new time. Your booking stays as it is until the new one is confirmed.")
    state = BookingState(mode=slot.mode, place=key, moving=booking_id)
    return await ask_day(turn, state, note=note)
