"""Choosing the day and the time: buttons for days with seats and the times of a day, or a
typed phrase ("다음주 목요일 오후 2시"), which is always read back as an absolute date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from handlers.booking.places import MODE_NAMES, parse_place, place
from handlers.flows.booking.words import seats_text
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
    turn: Turn, data: dict, first: datetime | None = None, last: datetime | None = None
) -> list[Slot]:
    """The slots of the chosen place and kind inside the booking window (full ones too)."""
    window_first, window_last = turn.settings.booking.window(turn.now)
    first, last = max(first or window_first, window_first), min(last or window_last, window_last)
    centre_id, visit_id = parse_place(data.get("place")) or (None, None)
    found = await turn.uow.slots.between(
        first, last, mode=data.get("mode"), centre_id=centre_id, visit_id=visit_id
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


async def ask_day(turn: Turn, data: dict, note: str = "") -> list[Message]:
    free_days: list[date] = []
    for slot in await _slots(turn, data):
        if slot.seats_left and _local_day(turn, slot) not in free_days:
            free_days.append(_local_day(turn, slot))
    data = {key: value for key, value in data.items() if key != "when"}
    if len(free_days) == 1 and (parse_place(data.get("place")) or (None, None))[1] is not None:
        return await ask_time(turn, data, free_days[0], note=note)  # a bus stop has one day
    turn.go("booking", "day", **data)
    if not free_days:
        text = _("There are no free times here any more. Please choose another place.")
        return [Message(text=text, buttons=((Button(_("Back"), "bk:back"), home_button()),))]
    text = _('Which day suits you?\nYou can also type a day and time, like "next Thursday 2 pm".')
    where = await place(turn.uow, data.get("place"))
    if where is not None:
        text = f"{where.name} · {_(MODE_NAMES[data.get('mode', 'visit')])}\n{text}"
    if note:
        text = f"{note}\n{text}"
    days = [Button(day(value), f"bk:d:{value.isoformat()}") for value in free_days[:SHOWN_DAYS]]
    rows = tuple(tuple(days[i : i + 2]) for i in range(0, len(days), 2))
    return [Message(text=text, buttons=rows + ((Button(_("Back"), "bk:back"), home_button()),))]


async def ask_time(turn: Turn, data: dict, value: date, note: str = "") -> list[Message]:
    slots = await _slots(turn, data, *_day_bounds(turn, value))
    if not slots:
        return await ask_day(
            turn, data, note=_("There are no times left on {day}.", day=day(value))
        )
    turn.go("booking", "time", **{**data, "day": value.isoformat()})
    lines = [_("What time on {day}?", day=day(value))]
    buttons = []
    for slot in slots[:SHOWN_TIMES]:
        at = clock(slot.starts_at, turn.tz)
        seats = seats_text(slot.seats_left) if slot.seats_left else _("full (you can wait)")
        lines.append(f"· {at} — {seats}")
        # A full time's button offers the waiting list; labels stay short (Kakao: 14).
        buttons.append(Button(at, f"bk:{'t' if slot.seats_left else 'w'}:{slot.id}"))
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    text = "\n".join(lines)
    if note:
        text = f"{note}\n{text}"
    closing = ((Button(_("Another day"), "bk:days"), home_button()),)
    return [Message(text=text, buttons=rows + closing)]


async def on_day(turn: Turn, value: str) -> list[Message]:
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        return await ask_day(turn, turn.data)
    return await _day_or_reason(turn, turn.data, chosen, None)


async def apply_when(turn: Turn, data: dict) -> list[Message]:
    """Use a typed day and time once the place is known."""
    when = data.get("when") or {}
    data = {key: value for key, value in data.items() if key != "when"}
    chosen = date.fromisoformat(when["day"]) if when.get("day") else None
    at = time.fromisoformat(when["at"]) if when.get("at") else None
    if chosen is None and data.get("day"):
        chosen = date.fromisoformat(data["day"])
    if chosen is None:
        note = _(
            "Which day? I'll look for {time} that day.",
            time=clock(datetime.combine(turn.now.date(), at, turn.tz), turn.tz),
        )
        return await ask_day(turn, {**data, "at": when.get("at")}, note=note)
    return await _day_or_reason(turn, data, chosen, at or _kept_time(data))


def _kept_time(data: dict) -> time | None:
    return time.fromisoformat(data["at"]) if data.get("at") else None


async def _day_or_reason(turn: Turn, data: dict, chosen: date, at: time | None) -> list[Message]:
    """The day's times, the slot at `at`, or why that day cannot be booked."""
    refusal = await _refusal(turn, data, chosen)
    if refusal:
        return refusal
    if at is None:
        return await ask_time(turn, data, chosen)
    start = datetime.combine(chosen, at, turn.tz)
    for slot in await _slots(turn, data, *_day_bounds(turn, chosen)):
        if slot.starts_at == start:
            from handlers.flows.booking.confirm import ask_confirm

            return await ask_confirm(turn, slot, data)
    note = _(
        "There is no counselling at {when}.",
        when=_("{day} {time}", day=day(chosen), time=clock(start, turn.tz)),
    )
    return await ask_time(turn, data, chosen, note=note)


async def _refusal(turn: Turn, data: dict, chosen: date) -> list[Message] | None:
    first, last = turn.settings.booking.window(turn.now)
    local_first, local_last = first.astimezone(turn.tz).date(), last.astimezone(turn.tz).date()
    if chosen < local_first or chosen > local_last:
        note = _(
            "Bookings are open from {first} to {last}.",
            first=day(local_first),
            last=day(local_last),
        )
        return await ask_day(turn, data, note=note)
    centre_id, visit_id = parse_place(data.get("place")) or (None, None)
    if visit_id is not None:
        return None
    closures = await turn.uow.slots.closures_between(local_first, local_last)
    names = "ko" if turn.language == "ko" else "en_US"
    opening = OpenDays(closures, centre_id, holiday_language=names)
    closed = opening.closed(chosen)
    if closed is None:
        return None
    nearest = await _nearest_free_days(turn, data, chosen) or opening.nearest_open(
        chosen, local_first, local_last, count=2
    )
    turn.go("booking", "day", **data)
    text = _("{day} is closed: {reason}.", day=day(chosen), reason=closed_reason(closed))
    if nearest:
        text += "\n" + _("The nearest open days:")
    buttons = tuple((Button(day(value), f"bk:d:{value.isoformat()}"),) for value in nearest)
    closing = ((Button(_("Other days"), "bk:days"), home_button()),)
    return [Message(text=text, buttons=buttons + closing)]


async def _nearest_free_days(turn: Turn, data: dict, chosen: date, count: int = 2) -> list[date]:
    """The days nearest to `chosen` that still have a free seat at this place, in date order."""
    free = {_local_day(turn, slot) for slot in await _slots(turn, data) if slot.seats_left}
    return sorted(sorted(free, key=lambda d: (abs((d - chosen).days), d < chosen))[:count])


def closed_reason(closed: ClosedDay) -> str:
    if closed.kind == "weekend":
        return _("centres are closed at the weekend")
    if closed.kind == "holiday":
        return _("public holiday: {name}", name=holiday_name(closed.name or ""))
    return _("the centre is closed: {reason}", reason=closed.name or _("no reason given"))
