"""The booking's own messages from the outbox: a reminder before the appointment and the offer
of a freed seat. Each checks it still makes sense when it is sent (after a restart, say)."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.booking.places import place_of
from handlers.flows.booking.actions import Keep, StopWaiting, TakeSeat
from handlers.flows.booking.texts import change_or_cancel
from handlers.formatting import clock, day
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import FlowSettings
from storage.ports.stores import BookingStore
from storage.records import Booking, OutboxMessage, Slot


class NoLongerDue(Exception):
    """The booking was cancelled or has begun, or the offer has ended."""


def _when(slot: Slot, settings: FlowSettings, now: datetime) -> str:
    """ "today at 2 PM", "tomorrow at 2 PM", or "on Thu, Sep 18 at 2 PM"."""
    tz = settings.timezone
    start_day, today = slot.starts_at.astimezone(tz).date(), now.astimezone(tz).date()
    at = clock(slot.starts_at, tz)
    if start_day == today:
        return _("today at {time}", time=at)
    if (start_day - today).days == 1:
        return _("tomorrow at {time}", time=at)
    return _("on {day} at {time}", day=day(start_day), time=at)


async def due_booking(
    uow: BookingStore, message: OutboxMessage, settings: FlowSettings, now: datetime
) -> tuple[Booking, Slot]:
    """The booking a reminder is for, if it should still go (by chat or by phone)."""
    found = await uow.bookings.get(int(message.payload["booking_id"]))
    if found is None or found[0].state != "active":
        raise NoLongerDue("the booking is no longer active")
    booking, slot = found
    if slot.starts_at <= now:
        raise NoLongerDue("the appointment has begun")
    before = timedelta(seconds=float(message.payload.get("before_s", 0)))
    if any(o < before and slot.starts_at - o <= now for o in settings.booking.reminder_offsets):
        raise NoLongerDue("a later reminder is due already")  # after downtime: send one, not two
    return booking, slot


def when_text(slot: Slot, settings: FlowSettings) -> str:
    """The appointment as a date and time, for a message read later ("12월 7일(월) 오후 2시")."""
    tz = settings.timezone
    return _(
        "{day} {time}",
        day=day(slot.starts_at.astimezone(tz).date()),
        time=clock(slot.starts_at, tz),
    )


async def reminder(
    uow: BookingStore, message: OutboxMessage, settings: FlowSettings, now: datetime
) -> Message:
    booking, slot = await due_booking(uow, message, settings, now)
    where = await place_of(uow, slot)
    name = where.name if where else ""
    when = _when(slot, settings, now)
    if slot.mode == "phone":
        text = _("Reminder: {place} will call you {when}.", place=name, when=when)
    else:
        text = _(
            "Reminder: you have counselling {when} at {place}.\nPlease bring your ID card.",
            when=when,
            place=name,
        )
    buttons = (
        (Button(_("I'll be there"), Keep(booking.id).encode()),),
        change_or_cancel(booking.id),
    )
    return Message(text=text, buttons=buttons)


async def seat_offer(
    uow: BookingStore, message: OutboxMessage, settings: FlowSettings, now: datetime
) -> Message:
    entry = await uow.waitlist.get(int(message.payload["entry_id"]))
    if entry is None or entry.state != "offered" or not entry.offered_until:
        raise NoLongerDue("the offer is no longer open")
    if entry.offered_until <= now:
        raise NoLongerDue("the offer has ended")
    slot = await uow.slots.get(entry.slot_id)
    if slot is None:
        raise NoLongerDue("the slot was removed")
    where = await place_of(uow, slot)
    text = _(
        "Good news: a seat has come free!\n{day} {time}, {place}\n"
        "I'm keeping it for you until {until}.",
        day=day(slot.starts_at.astimezone(settings.timezone).date()),
        time=clock(slot.starts_at, settings.timezone),
        place=where.name if where else "",
        until=_when_short(entry.offered_until, settings, now),
    )
    buttons = (
        (
            Button(_("Book it"), TakeSeat(entry.id).encode()),
            Button(_("No, thanks"), StopWaiting(entry.id).encode()),
        ),
    )
    return Message(text=text, buttons=buttons)


def _when_short(moment: datetime, settings: FlowSettings, now: datetime) -> str:
    tz = settings.timezone
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return clock(moment, tz)
    return _("{day} {time}", day=day(moment.astimezone(tz).date()), time=clock(moment, tz))
