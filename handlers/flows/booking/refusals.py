"""What she hears when a booking cannot be made: full (wait for a seat?), another booking at
that time, too soon or too far ahead, a time that no longer exists, or as many bookings as one
person may hold."""

from __future__ import annotations

from dataclasses import replace

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.actions import MyBookings
from handlers.flows.booking.confirm import offer_to_wait
from handlers.flows.booking.mine import show_bookings
from handlers.flows.booking.state import BookingState
from handlers.flows.booking.texts import slot_line
from handlers.flows.booking.when import ask_day
from handlers.flows.common import home_button
from handlers.i18n import _, ngettext
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Slot


async def refused(turn: Turn, result: object, slot: Slot, state: BookingState) -> list[Message]:
    if result is service.Refusal.FULL:
        note = _("Sorry, someone just took the last seat.")
        return await offer_to_wait(turn, slot, state, note=note)
    if isinstance(result, service.Clash):
        other = slot_line(turn, result.slot, await place_of(turn.uow, result.slot))
        text = _("You already have a booking at that time:\n{booking}", booking=other)
        return [_to_my_bookings(turn, text)]
    if result is service.Refusal.ALREADY:
        return [_to_my_bookings(turn, _("You have already booked this time."))]
    if result is service.Refusal.TOO_MANY:
        return await too_many(turn)
    if result is service.Refusal.CLOSED:
        note = _("The centre is closed that day now. Please choose another day.")
    else:
        note = _("That time can no longer be booked. Please choose another.")
    return await ask_day(turn, replace(state, slot=None), note=note)


def _to_my_bookings(turn: Turn, text: str) -> Message:
    turn.go("menu", "idle")
    buttons = ((Button(_("My bookings"), MyBookings().encode()),), (home_button(),))
    return Message(text=text, buttons=buttons)


async def too_many(turn: Turn) -> list[Message]:
    """She holds as many bookings as one person may: her bookings, each with its cancel button."""
    note = ngettext(
        "You already have {limit} booking, as many as one person can hold.\n"
        'To book another, cancel it first (press "Cancel it" under it).',
        "You already have {limit} bookings, as many as one person can hold.\n"
        'To book another, cancel one of them first (press "Cancel it" under it).',
        service.MAX_OPEN,
        limit=service.MAX_OPEN,
    )
    return await show_bookings(turn, note=note)
