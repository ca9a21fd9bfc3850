"""The chosen time read back as an absolute date before anything is booked (or, when it is
full, the offer to wait for a seat), and the confirmation once it is booked, with its
calendar file."""

from __future__ import annotations

from dataclasses import replace

from handlers.booking import service
from handlers.booking.calendar_file import booking_attachment
from handlers.booking.places import MODE_NAMES, place_of
from handlers.booking.reminders import reminder_way
from handlers.flows.booking.actions import Book, Day, Wait
from handlers.flows.booking.state import BookingState, go
from handlers.flows.booking.texts import (
    address_line,
    change_or_cancel,
    offsets_text,
    seats_text,
    slot_line,
    when_text,
)
from handlers.flows.common import home_button
from handlers.flows.continue_in_telegram import telegram_button
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.phones import display_phone
from handlers.turn import Turn
from storage.records import Slot


async def ask_confirm(turn: Turn, slot: Slot, state: BookingState) -> list[Message]:
    """ "9월 18일(목) 오후 2시, 광명시여성새일센터, 방문 상담. 맞아요?" — or, when it is full,
    the offer to wait."""
    where = await place_of(turn.uow, slot)
    if not slot.seats_left:
        return await offer_to_wait(turn, slot, state)
    go(turn, "confirm", replace(state, slot=slot.id))
    text = _(
        "{when}, {place}, {kind}.\nIs that right?",
        when=when_text(turn, slot),
        place=where.name if where else "?",
        kind=_(MODE_NAMES[slot.mode]),
    )
    text += "\n" + seats_text(slot.seats_left)
    yes = _("Yes, move it") if state.moving else _("Yes, book it")
    buttons = ((Button(yes, Book(slot.id).encode()),), _other_times(turn, slot))
    return [Message(text=text, buttons=buttons)]


async def offer_to_wait(
    turn: Turn, slot: Slot, state: BookingState, note: str = ""
) -> list[Message]:
    go(turn, "time", replace(state, slot=None))
    where = await place_of(turn.uow, slot)
    text = _(
        "{slot} is full.\nShall I put you on the waiting list?\n"
        "If a seat frees up, I'll offer it to you first.",
        slot=slot_line(turn, slot, where),
    )
    if note:
        text = f"{note}\n{text}"
    buttons = ((Button(_("Yes, I'll wait"), Wait(slot.id).encode()),), _other_times(turn, slot))
    return [Message(text=text, buttons=buttons)]


def _other_times(turn: Turn, slot: Slot) -> tuple[Button, Button]:
    """ "Other times" (that day's) and the way home."""
    local_day = slot.starts_at.astimezone(turn.tz).date()
    return (Button(_("Other times"), Day(local_day).encode()), home_button())


def booked_line(when: str, place: str | None, moved: bool) -> str:
    """ "예약했어요! 9월 18일(목) 오후 2시, 광명시여성새일센터": one sentence per language."""
    if place and moved:
        return _("Moved! {when}, {place}", when=when, place=place)
    if place:
        return _("Booked! {when}, {place}", when=when, place=place)
    return _("Moved! {when}", when=when) if moved else _("Booked! {when}", when=when)


async def booked_message(turn: Turn, booked: service.Booked, moved: bool = False) -> Message:
    turn.go("menu", "idle")
    booking, slot = booked.booking, booked.slot
    where = await place_of(turn.uow, slot)
    lines = [
        booked_line(when_text(turn, slot), where.name if where else None, moved),
        _(MODE_NAMES[slot.mode]),
    ]
    if address := address_line(where):
        lines.append(address)
    if booking.phone:
        lines.append(_("Phone: {phone}", phone=display_phone(booking.phone)))
    lines += await _reminders_line(turn)
    rows: list[tuple[Button, ...]] = [change_or_cancel(booking.id)]
    if telegram := await telegram_button(turn):
        lines.append(_("In Telegram, reminders reach you on time."))
        rows.append((telegram,))
    buttons = (*rows, (home_button(),))
    attachment = await booking_attachment(turn.uow, booking.id, turn.settings, turn.now)
    return Message(text="\n".join(lines), buttons=buttons, attachment=attachment)


async def _reminders_line(turn: Turn) -> list[str]:
    """How she will be reminded, if at all."""
    offsets = turn.settings.booking.reminder_offsets
    if offsets and await reminder_way(turn.uow, turn.user.id, turn.settings.booking.by_phone):
        return [
            _(
                "I'll remind you {offsets} before by KakaoTalk or text message.",
                offsets=offsets_text(offsets),
            )
        ]
    if turn.user.channel not in turn.settings.push_channels:
        return [_("This chat can't remind you: please add it to your calendar.")]
    if offsets:
        return [_("I'll remind you {offsets} before.", offsets=offsets_text(offsets))]
    return []
