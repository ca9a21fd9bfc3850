"""The waitlist in the chat: wait for a full time, take or refuse a freed seat offered to her,
or stop waiting. (The offer to wait itself is asked with the read-back, in `confirm`.)"""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.actions import MyBookings
from handlers.flows.booking.confirm import ask_confirm, booked_message, offer_to_wait
from handlers.flows.booking.refusals import refused
from handlers.flows.booking.state import BookingState, state_of
from handlers.flows.booking.texts import slot_line
from handlers.flows.common import home_button, plain
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn


async def on_wait(turn: Turn, slot_id: int) -> list[Message]:
    """A full time's button: ask before putting her on the list."""
    slot = await turn.uow.slots.get(slot_id)
    if slot is None or slot.starts_at <= turn.now:
        return [plain(_("That time is no longer available."))]
    if slot.seats_left:
        return await ask_confirm(turn, slot, state_of(turn))
    return await offer_to_wait(turn, slot, state_of(turn))


async def join(turn: Turn, slot_id: int) -> list[Message]:
    slot = await turn.uow.slots.get(slot_id)
    if slot is None or slot.starts_at <= turn.now:
        return [plain(_("That time is no longer available."))]
    await turn.uow.waitlist.join(slot.id, turn.user.id, turn.now)
    turn.go("menu", "idle")
    text = _(
        "You're on the waiting list for {slot}.\nIf a seat frees up, I'll send you a message.",
        slot=slot_line(turn, slot, await place_of(turn.uow, slot)),
    )
    if turn.user.channel == "web":
        text += "\n" + _("The web chat can't message you first: please check back here.")
    buttons = ((Button(_("My bookings"), MyBookings().encode()),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


async def accept(turn: Turn, entry_id: int) -> list[Message]:
    result = await service.accept_offer(
        turn.uow, turn.user.id, entry_id, turn.now, turn.settings.booking
    )
    if result is None:
        return [plain(_("Sorry, this offer has ended."))]
    if isinstance(result, service.Booked):
        return [await booked_message(turn, result)]
    entry = await turn.uow.waitlist.get(entry_id)
    slot = await turn.uow.slots.get(entry.slot_id) if entry else None
    if slot is None:
        return [plain(_("Sorry, this offer has ended."))]
    return await refused(turn, result, slot, BookingState())


async def decline(turn: Turn, entry_id: int) -> list[Message]:
    await service.decline_offer(turn.uow, turn.user.id, entry_id, turn.now, turn.settings.booking)
    return [plain(_("All right. I've taken you off the waiting list."))]
