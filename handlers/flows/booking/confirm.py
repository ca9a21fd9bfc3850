"""Confirming a booking: the slot read back as an absolute date, the phone number (only with
consent, checked as a Korean number), and the confirmation with its calendar file."""

from __future__ import annotations

from handlers.booking import service
from handlers.booking.calendar_file import booking_attachment
from handlers.booking.places import MODE_NAMES, place_of
from handlers.booking.reminders import reminder_way
from handlers.flows.booking import phone_question
from handlers.flows.booking.words import address_line, offsets_text, seats_text, when_text
from handlers.flows.common import home_button
from handlers.flows.continue_in_telegram import telegram_button
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.phones import display_phone, mobile_phone
from handlers.turn import Turn
from storage.records import Profile, Slot


async def ask_confirm(turn: Turn, slot: Slot, data: dict) -> list[Message]:
    where = await place_of(turn.uow, slot)
    if not slot.seats_left:
        from handlers.flows.booking.waitlist import offer_to_wait

        return await offer_to_wait(turn, slot, data)
    turn.go("booking", "confirm", **{**data, "slot": slot.id})
    text = _(
        "{when}, {place}, {kind}.\nIs that right?",
        when=when_text(turn, slot),
        place=where.name if where else "?",
        kind=_(MODE_NAMES[slot.mode]),
    )
    text += "\n" + seats_text(slot.seats_left)
    yes = _("Yes, move it") if data.get("moving") else _("Yes, book it")
    day_value = slot.starts_at.astimezone(turn.tz).date().isoformat()
    buttons = (
        (Button(yes, f"bk:y:{slot.id}"),),
        (Button(_("Other times"), f"bk:d:{day_value}"), home_button()),
    )
    return [Message(text=text, buttons=buttons)]


async def on_yes(turn: Turn, slot_id: int) -> list[Message]:
    slot = await turn.uow.slots.get(slot_id)
    if slot is None:
        from handlers.flows.booking.start import ask_kind

        return await ask_kind(turn, greeting=_("That time is no longer available."))
    data = {**turn.data, "slot": slot.id, "mode": turn.data.get("mode", slot.mode)}
    if await service.closed_day(turn.uow, slot, turn.settings.booking):
        from handlers.flows.booking.refusals import refused

        return await refused(turn, service.Refusal.CLOSED, slot, data)
    if data.get("moving"):
        return await finish(turn, slot, data, phone=None)
    profile = await turn.uow.profiles.get(turn.user.id)
    if profile is None or not profile.phone:
        return [ask_phone(turn, slot, data)]
    if phone_question.should_ask(turn, profile):
        return [phone_question.ask(turn, data)]
    return await finish(turn, slot, data, phone=profile.phone)


def ask_phone(turn: Turn, slot: Slot, data: dict) -> Message:
    turn.go("booking", "phone", **data)
    text = _(
        "What mobile number can the centre reach you on?\n"
        "It is used only for this booking. (e.g. 010-1234-5678)"
    )
    rows = [(home_button(),)]
    if slot.mode != "phone":
        rows.insert(0, (Button(_("Skip"), "bk:ph:skip"),))
    return Message(text=text, buttons=tuple(rows))


async def on_phone(turn: Turn) -> list[Message]:
    slot = await turn.uow.slots.get(int(turn.data.get("slot", 0)))
    if slot is None:
        from handlers.flows.booking.start import ask_kind

        return await ask_kind(turn, greeting=_("That time is no longer available."))
    if turn.incoming.data == "bk:ph:skip" and slot.mode != "phone":
        return await finish(turn, slot, turn.data, phone=None)
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
        return [Message(text=hint), ask_phone(turn, slot, turn.data)]
    await _keep_phone(turn, phone)
    if phone_question.should_ask(turn, await turn.uow.profiles.get(turn.user.id)):
        return [phone_question.ask(turn, turn.data)]
    return await finish(turn, slot, turn.data, phone=phone)


async def on_phone_question(turn: Turn) -> list[Message]:
    """Her yes or no to reminders by 알림톡/SMS; then the booking is made."""
    slot = await turn.uow.slots.get(int(turn.data.get("slot", 0)))
    if slot is None:
        from handlers.flows.booking.start import ask_kind

        return await ask_kind(turn, greeting=_("That time is no longer available."))
    wanted = phone_question.answer(turn)
    if wanted is None:
        return [Message(text=_("Please press Yes or No.")), phone_question.ask(turn, turn.data)]
    await phone_question.keep(turn, wanted)
    profile = await turn.uow.profiles.get(turn.user.id)
    return await finish(turn, slot, turn.data, phone=profile.phone if profile else None)


async def _keep_phone(turn: Turn, phone: str) -> None:
    profile = await turn.uow.profiles.get(turn.user.id) or Profile(user_id=turn.user.id)
    from dataclasses import replace

    await turn.uow.profiles.save(replace(profile, phone=phone), turn.now)


async def finish(turn: Turn, slot: Slot, data: dict, phone: str | None) -> list[Message]:
    policy = turn.settings.booking
    if data.get("moving"):
        result = await service.move(
            turn.uow, turn.user.id, int(data["moving"]), slot.id, turn.now, policy
        )
        if result is None:
            from handlers.flows.booking.mine import show_bookings

            return await show_bookings(turn, note=_("That booking can no longer be changed."))
    else:
        result = await service.book(turn.uow, turn.user.id, slot.id, turn.now, policy, phone)
    if isinstance(result, service.Booked):
        return [await booked_message(turn, result, moved=bool(data.get("moving")))]
    from handlers.flows.booking.refusals import refused

    return await refused(turn, result, slot, data)


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
    offsets = turn.settings.booking.reminder_offsets
    if offsets and await reminder_way(turn.uow, turn.user.id, turn.settings.booking.by_phone):
        when = offsets_text(turn.settings.booking.reminder_offsets)
        lines.append(
            _("I'll remind you {offsets} before by KakaoTalk or text message.", offsets=when)
        )
    elif turn.user.channel not in turn.settings.push_channels:
        lines.append(_("This chat can't remind you: please add it to your calendar."))
    elif turn.settings.booking.reminder_offsets:
        when = offsets_text(turn.settings.booking.reminder_offsets)
        lines.append(_("I'll remind you {offsets} before.", offsets=when))
    rows = [
        (
            Button(_("Change time"), f"bk:m:{booking.id}"),
            Button(_("Cancel it"), f"bk:c:{booking.id}"),
        )
    ]
    if telegram := await telegram_button(turn):
        lines.append(_("In Telegram, reminders reach you on time."))
        rows.append((telegram,))
    buttons = (*rows, (home_button(),))
    attachment = await booking_attachment(turn.uow, booking.id, turn.settings, turn.now)
    return Message(text="\n".join(lines), buttons=buttons, attachment=attachment)
