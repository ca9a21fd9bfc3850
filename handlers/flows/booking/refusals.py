"""What she hears when a booking cannot be made: full (wait for a seat?), another booking at
that time, too soon or too far ahead, or a time that no longer exists."""

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
    if result is service.Refusal.CLOSED:
        note = _("The centre is closed that day now. Please choose another day.")
    else:
        note = _("That time can no longer be booked. Please choose another.")
    return await ask_day(turn, {k: v for k, v in data.items() if k != "slot"}, note=note)
