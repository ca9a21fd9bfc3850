"""Booking the time she said yes to: her phone number first (only with consent, checked as a
Korean mobile number), the question about reminders by 알림톡/SMS, then the booking or the
move, or the reason it cannot be made."""

from __future__ import annotations

from dataclasses import replace

from handlers.booking import service
from handlers.flows.booking import phone_question
from handlers.flows.booking.actions import SkipPhone, decode
from handlers.flows.booking.confirm import booked_message
from handlers.flows.booking.mine import show_bookings
from handlers.flows.booking.refusals import refused
from handlers.flows.booking.start import gone
from handlers.flows.booking.state import BookingState, go, state_of
from handlers.flows.common import home_button
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.phones import mobile_phone
from handlers.turn import Turn
from storage.records import Profile, Slot


async def on_yes(turn: Turn, slot_id: int) -> list[Message]:
    slot = await turn.uow.slots.get(slot_id)
    if slot is None:
        return await gone(turn)
    state = state_of(turn)
    state = replace(state, slot=slot.id, mode=state.mode or slot.mode)
    if await service.closed_day(turn.uow, slot, turn.settings.booking):
        return await refused(turn, service.Refusal.CLOSED, slot, state)
    if state.moving:
        return await finish(turn, slot, state, phone=None)
    profile = await turn.uow.profiles.get(turn.user.id)
    if profile is None or not profile.phone:
        return [ask_phone(turn, slot, state)]
    if phone_question.should_ask(turn, profile):
        return [phone_question.ask(turn, state)]
    return await finish(turn, slot, state, phone=profile.phone)


def ask_phone(turn: Turn, slot: Slot, state: BookingState) -> Message:
    go(turn, "phone", state)
    text = _(
        "What mobile number can the centre reach you on?\n"
        "It is used only for this booking. (e.g. 010-1234-5678)"
    )
    rows = [(home_button(),)]
    if slot.mode != "phone":
        rows.insert(0, (Button(_("Skip"), SkipPhone().encode()),))
    return Message(text=text, buttons=tuple(rows))


async def on_phone(turn: Turn) -> list[Message]:
    """Her number, typed, or "Skip" pressed."""
    state = state_of(turn)
    slot = await turn.uow.slots.get(state.slot) if state.slot else None
    if slot is None:
        return await gone(turn)
    if isinstance(decode(turn.incoming.data), SkipPhone) and slot.mode != "phone":
        return await finish(turn, slot, state, phone=None)
    phone, why_not = mobile_phone(turn.incoming.text or "")
    if phone is None:
        hint = (
            _(
                "That looks like a landline or a service number.\n"
                "Please write your mobile number, like 010-1234-5678,\n"
                "so the centre can reach you wherever you are."
            )
            if why_not == "landline"
            else _(
                "That doesn't look like a Korean phone number.\nPlease write it like 010-1234-5678."
            )
        )
        return [Message(text=hint), ask_phone(turn, slot, state)]
    await _keep_phone(turn, phone)
    if phone_question.should_ask(turn, await turn.uow.profiles.get(turn.user.id)):
        return [phone_question.ask(turn, state)]
    return await finish(turn, slot, state, phone=phone)


async def on_phone_question(turn: Turn) -> list[Message]:
    """Her yes or no to reminders by 알림톡/SMS; then the booking is made."""
    state = state_of(turn)
    slot = await turn.uow.slots.get(state.slot) if state.slot else None
    if slot is None:
        return await gone(turn)
    wanted = phone_question.answer(turn)
    if wanted is None:
        return [Message(text=_("Please press Yes or No.")), phone_question.ask(turn, state)]
    await phone_question.keep(turn, wanted)
    profile = await turn.uow.profiles.get(turn.user.id)
    return await finish(turn, slot, state, phone=profile.phone if profile else None)


async def _keep_phone(turn: Turn, phone: str) -> None:
    profile = await turn.uow.profiles.get(turn.user.id) or Profile(user_id=turn.user.id)
    await turn.uow.profiles.save(replace(profile, phone=phone), turn.now)


async def finish(turn: Turn, slot: Slot, state: BookingState, phone: str | None) -> list[Message]:
    policy = turn.settings.booking
    if state.moving:
        result = await service.move(turn.uow, turn.user.id, state.moving, slot.id, turn.now, policy)
        if result is None:
            return await show_bookings(turn, note=_("That booking can no longer be changed."))
    else:
        result = await service.book(turn.uow, turn.user.id, slot.id, turn.now, policy, phone)
    if isinstance(result, service.Booked):
        return [await booked_message(turn, result, moved=bool(state.moving))]
    return await refused(turn, result, slot, state)
