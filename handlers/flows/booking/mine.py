"""My bookings: what she has booked and is waiting for, with cancel and change-time buttons."""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.words import slot_line
from handlers.flows.common import home_button, plain
from handlers.flows.continue_in_telegram import telegram_button
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn


async def show_bookings(turn: Turn, note: str = "") -> list[Message]:
    turn.go("menu", "idle")
    upcoming = await turn.uow.bookings.upcoming(turn.user.id, turn.now)
    waiting = await turn.uow.waitlist.for_user(turn.user.id)
    messages = [] if not note else [Message(text=note)]
    for booking, slot in upcoming:
        line = slot_line(turn, slot, await place_of(turn.uow, slot))
        buttons = (
            (
                Button(_("Change time"), f"bk:m:{booking.id}"),
                Button(_("Cancel it"), f"bk:c:{booking.id}"),
            ),
        )
        messages.append(Message(text=_("Booked: {booking}", booking=line), buttons=buttons))
    for entry in waiting:
        slot = await turn.uow.slots.get(entry.slot_id)
        if slot is None or slot.starts_at <= turn.now:
            continue
        line = slot_line(turn, slot, await place_of(turn.uow, slot))
        buttons = ((Button(_("Stop waiting"), f"bk:wd:{entry.id}"),),)
        messages.append(Message(text=_("Waiting for a seat: {slot}", slot=line), buttons=buttons))
    closing = (
        _("You have no bookings.") if len(messages) == len(note and [1]) else _("Anything else?")
    )
    buttons = ((Button(_("Book counselling"), "bk:new"),), (home_button(),))
    messages.append(Message(text=closing, buttons=buttons))
    return messages


async def ask_cancel(turn: Turn, booking_id: int) -> list[Message]:
    found = await service.own_booking(turn.uow, turn.user.id, booking_id, turn.now)
    if found is None:
        return await show_bookings(turn, note=_("That booking can no longer be changed."))
    booking, slot = found
    line = slot_line(turn, slot, await place_of(turn.uow, slot))
    text = _("Cancel this booking?\n{booking}", booking=line)
    buttons = (
        (Button(_("Yes, cancel it"), f"bk:cy:{booking.id}"),),
        (Button(_("No, keep it"), "bk:list"),),
    )
    return [Message(text=text, buttons=buttons)]


async def cancel(turn: Turn, booking_id: int) -> list[Message]:
    found = await service.cancel(
        turn.uow, turn.user.id, booking_id, turn.now, turn.settings.booking
    )
    if found is None:
        return await show_bookings(turn, note=_("That booking can no longer be changed."))
    turn.go("menu", "idle")
    text = _("Your booking is cancelled. The seat is free for someone else now.")
    buttons = ((Button(_("Book again"), "bk:new"),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


async def start_move(turn: Turn, booking_id: int) -> list[Message]:
    from handlers.flows.booking.when import ask_day

    found = await service.own_booking(turn.uow, turn.user.id, booking_id, turn.now)
    if found is None:
        return await show_bookings(turn, note=_("That booking can no longer be changed."))
    _booking, slot = found
    key = f"c{slot.centre_id}" if slot.centre_id is not None else f"v{slot.visit_id}"
    note = _("Choose the new time. Your booking stays as it is until the new one is confirmed.")
    return await ask_day(turn, {"mode": slot.mode, "place": key, "moving": booking_id}, note=note)


async def keep(turn: Turn, booking_id: int) -> list[Message]:
    """ "I'll be there" under a reminder."""
    found = await service.own_booking(turn.uow, turn.user.id, booking_id, turn.now)
    if found is None:
        return [plain(_("That booking can no longer be changed."))]
    return [plain(_("Thank you! See you then."))]


async def upcoming_note(turn: Turn) -> Message | None:
    """For a person back in the web chat (which cannot send reminders): her next bookings,
    and Telegram, where the reminders would reach her on time."""
    upcoming = await turn.uow.bookings.upcoming(turn.user.id, turn.now)
    if not upcoming:
        return None
    lines = [_("Your next counselling:")]
    for _booking, slot in upcoming[:3]:
        lines.append("· " + slot_line(turn, slot, await place_of(turn.uow, slot)))
    buttons = [(Button(_("My bookings"), "bk:list"),)]
    if telegram := await telegram_button(turn):
        lines.append(_("In Telegram, reminders reach you on time."))
        buttons.append((telegram,))
    return Message(text="\n".join(lines), buttons=tuple(buttons))
