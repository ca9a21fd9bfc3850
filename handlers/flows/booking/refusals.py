"""What she hears when a booking cannot be made: full (wait for a seat?), another booking at
that time, too soon or too far ahead, a time that no longer exists, or as many bookings as one
person may hold."""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.words import slot_line
from handlers.flows.common import home_button
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Slot


async def refused(turn: Turn, result, slot: Slot, data: dict) -> list[Message]:
    from handlers.flows.booking.when import ask_day

    if result is service.Refusal.FULL:
        from handlers.flows.booking.waitlist import offer_to_wait

        return await offer_to_wait(
            turn, slot, data, note=_("Sorry, someone just took the last seat.")
        )
    if isinstance(result, service.Clash):
        other = slot_line(turn, result.slot, await place_of(turn.uow, result.slot))
        turn.go("menu", "idle")
        text = _("You already have a booking at that time:\n{booking}", booking=other)
        buttons = ((Button(_("My bookings"), "bk:list"),), (home_button(),))
        return [Message(text=text, buttons=buttons)]
    if result is service.Refusal.ALREADY:
        turn.go("menu", "idle")
        text = _("You have already booked this time.")
        return [
            Message(text=text, buttons=((Button(_("My bookings"), "bk:list"),), (home_button(),)))
        ]
    if result is service.Refusal.TOO_MANY:
        return await too_many(turn)
    if result is service.Refusal.CLOSED:
        note = _("The centre is closed that day now. Please choose another day.")
    else:
        note = _("That time can no longer be booked. Please choose another.")
    return await ask_day(turn, {k: v for k, v in data.items() if k != "slot"}, note=note)


async def too_many(turn: Turn) -> list[Message]:
    """She holds as many bookings as one person may: her bookings, each with its cancel button."""
    from handlers.flows.booking.mine import show_bookings

    note = _(
        "You already have {count} bookings, as many as one person can hold.\n"
        'To book another, cancel one of them first (press "Cancel it" under it).',
        count=service.MAX_OPEN,
    )
    return await show_bookings(turn, note=note)
