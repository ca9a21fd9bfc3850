"""My bookings: what she has booked and is waiting for, with cancel and change-time buttons."""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.places import place_of
from handlers.flows.booking.actions import Cancel, MyBookings, NewBooking, StopWaiting
from handlers.flows.booking.texts import change_or_cancel, slot_line
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
        buttons = (change_or_cancel(booking.id),)
        messages.append(Message(text=_("Booked: {booking}", booking=line), buttons=buttons))
    for entry in waiting:
        slot = await turn.uow.slots.get(entry.slot_id)
        if slot is None or slot.starts_at <= turn.now:
            continue
        line = slot_line(turn, slot, await place_of(turn.uow, slot))
        stop = ((Button(_("Stop waiting"), StopWaiting(entry.id).encode()),),)
        messages.append(Message(text=_("Waiting for a seat: {slot}", slot=line), buttons=stop))
    closing = (
        _("You have no bookings.") if len(messages) == len(note and [1]) else _("Anything else?")
    )
    again = ((Button(_("Book counselling"), NewBooking().encode()),), (home_button(),))
    messages.append(Message(text=closing, buttons=again))
    return messages


async def ask_cancel(turn: Turn, booking_id: int) -> list[Message]:
    found = await service.own_booking(turn.uow, turn.user.id, booking_id, turn.now)
    if found is None:
        return await show_bookings(turn, note=_("That booking can no longer be changed."))
    booking, slot = found
    line = slot_line(turn, slot, await place_of(turn.uow, slot))
    text = _("Cancel this booking?\n{booking}", booking=line)
    buttons = (
        (Button(_("Yes, cancel it"), Cancel(booking.id).encode()),),
        (Button(_("No, keep it"), MyBookings().encode()),),
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
    buttons = ((Button(_("Book again"), NewBooking().encode()),), (home_button(),))
    return [Message(text=text, buttons=buttons)]


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
    buttons = [(Button(_("My bookings"), MyBookings().encode()),)]
    if telegram := await telegram_button(turn):
        lines.append(_("In Telegram, reminders reach you on time."))
        buttons.append((telegram,))
    return Message(text="\n".join(lines), buttons=tuple(buttons))
