"""The waitlist in the chat: wait for a full time, take or refuse a freed seat offered to her,
or stop waiting."""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.words import slot_line
from handlers.flows.common import home_button, plain
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Slot


async def offer_to_wait(turn: Turn, slot: Slot, data: dict, note: str = "") -> list[Message]:
    turn.go("booking", "time", **{k: v for k, v in data.items() if k != "slot"})
    where = await place_of(turn.uow, slot)
    text = _(
        "{slot} is full.\nShall I put you on the waiting list?\n"
        "If a seat frees up, I'll offer it to you first.",
        slot=slot_line(turn, slot, where),
    )
    if note:
        text = f"{note}\n{text}"
    day_value = slot.starts_at.astimezone(turn.tz).date().isoformat()
    buttons = (
        (Button(_("Yes, I'll wait"), f"bk:wj:{slot.id}"),),
        (Button(_("Other times"), f"bk:d:{day_value}"), home_button()),
    )
    return [Message(text=text, buttons=buttons)]


async def on_wait(turn: Turn, slot_id: int) -> list[Message]:
    """A full time's button: ask before putting her on the list."""
    slot = await turn.uow.slots.get(slot_id)
    if slot is None or slot.starts_at <= turn.now:
        return [plain(_("That time is no longer available."))]
    if slot.seats_left:
        from handlers.flows.booking.confirm import ask_confirm

        return await ask_confirm(turn, slot, turn.data)
    return await offer_to_wait(turn, slot, turn.data)


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
    buttons = ((Button(_("My bookings"), "bk:list"),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


async def accept(turn: Turn, entry_id: int) -> list[Message]:
    result = await service.accept_offer(
        turn.uow, turn.user.id, entry_id, turn.now, turn.settings.booking
    )
    if result is None:
        return [plain(_("Sorry, this offer has ended."))]
    if isinstance(result, service.Booked):
        from handlers.flows.booking.confirm import booked_message

        return [await booked_message(turn, result)]
    from handlers.flows.booking.refusals import refused

    slot = await turn.uow.slots.get((await turn.uow.waitlist.get(entry_id)).slot_id)
    return await refused(turn, result, slot, {})


async def decline(turn: Turn, entry_id: int) -> list[Message]:
    await service.decline_offer(turn.uow, turn.user.id, entry_id, turn.now, turn.settings.booking)
    return [plain(_("All right. I've taken you off the waiting list."))]
