"""Routing the booking flow's buttons (`bk:...`) and the text typed while it asks something.

A button carries what it acts on (a slot, a booking, a waitlist entry) and is checked against
the database, so an old or forged button gets a kind answer and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import replace

from handlers import answers, intents, words
from handlers.dates import read_when
from handlers.flows import aside
from handlers.flows.booking import confirm, mine, start, waitlist, when
from handlers.flows.common import normalise, row_id, split_data
from handlers.flows.handoff.request import ask_for_person
from handlers.i18n import _
from handlers.messages import Message
from handlers.readback import read_readback
from handlers.turn import Turn

STEPS = ("consent", "kind", "place", "day", "time", "confirm", "phone", "sms")
Action = Callable[[Turn, int], Awaitable[list[Message]]]
BY_ID: dict[str, Action] = {
    "t": lambda turn, slot_id: _confirm_slot(turn, slot_id),
    "y": confirm.on_yes,
    "w": waitlist.on_wait,
    "wj": waitlist.join,
    "wa": waitlist.accept,
    "wd": waitlist.decline,
    "c": mine.ask_cancel,
    "cy": mine.cancel,
    "m": mine.start_move,
    "ok": mine.keep,
    "v": lambda turn, visit_id: start.chosen_place(turn, "bus", f"v{visit_id}", {}),
}
DEEP_LINK = re.compile(r"^bk:v:\d{1,9}$")


def deep_link(data: str | None) -> str | None:
    """Button data a shared link may carry (booking at a bus visit), else None."""
    return data if data and DEEP_LINK.match(data) else None


async def follow_link(turn: Turn, data: str) -> list[Message]:
    from handlers.messages import Incoming

    incoming = turn.incoming
    turn.incoming = Incoming(
        incoming.channel, incoming.external_id, data=data, language_hint=incoming.language_hint
    )
    return await on_button(turn)


async def on_button(turn: Turn) -> list[Message]:
    _namespace, value = split_data(turn.incoming.data)
    action, _sep, argument = value.partition(":")
    if not turn.user.has_consented and action not in ("consent",):
        return [start.ask_consent(turn)]
    if action in BY_ID and row_id(argument) is not None:
        return await BY_ID[action](turn, row_id(argument))
    if action == "consent":
        return await start.on_consent(turn)
    if action == "list":
        return await mine.show_bookings(turn)
    if action == "new":
        return await start.ask_kind(turn)
    if action == "ph" and turn.flow == "booking" and turn.step == "phone":
        return await confirm.on_phone(turn)
    if action == "sms" and turn.flow == "booking" and turn.step == "sms":
        return await confirm.on_phone_question(turn)
    if turn.flow == "booking":
        return await _in_flow(turn, action, argument)
    return await start.start(turn)


async def _confirm_slot(turn: Turn, slot_id: int) -> list[Message]:
    slot = await turn.uow.slots.get(slot_id)
    if slot is None:
        return await start.ask_kind(turn, greeting=_("That time is no longer available."))
    data = turn.data if turn.flow == "booking" else {}
    return await confirm.ask_confirm(turn, slot, {**data, "mode": data.get("mode", slot.mode)})


async def _in_flow(turn: Turn, action: str, argument: str) -> list[Message]:
    data = turn.data
    if action == "k":
        return await start.ask_place(turn, argument, **_kept(data, "when", "moving"))
    if action == "p" and data.get("mode"):
        return await start.chosen_place(turn, data["mode"], argument, _kept(data, "when", "moving"))
    if action == "d" and data.get("place"):
        return await when.on_day(turn, argument)
    if action == "days" and data.get("place"):
        return await when.ask_day(turn, data)
    if action == "back":
        return await back(turn)
    return await start.start(turn)


def _kept(data: dict, *names: str) -> dict:
    return {name: data[name] for name in names if data.get(name)}


async def back(turn: Turn) -> list[Message]:
    data = turn.data
    if turn.step in ("time", "confirm", "phone", "sms") and data.get("place"):
        return await when.ask_day(turn, data)
    if turn.step == "day" and data.get("mode") and not data.get("moving"):
        return await start.ask_place(turn, data["mode"], **_kept(data, "when"))
    return await start.ask_kind(turn, **_kept(data, "when", "moving"))


async def on_text(turn: Turn) -> list[Message]:
    """Typed text while the booking flow asks something: the control words first (stop, back,
    a person), then the step's own reading; a typed time is read back before anything."""
    text = turn.incoming.text or ""
    word = words.control_word(text)
    if word in ("stop", "menu"):
        from handlers.flows.menu import menu_message

        return [menu_message(turn, _("All right. Nothing was booked."))]
    if word == "back":
        return await back(turn)
    if word == "person":
        return await ask_for_person(turn)
    if turn.step == "consent":
        return await _consent_text(turn, text)
    if turn.step == "phone":
        return await confirm.on_phone(turn)
    if turn.step == "sms":
        return await confirm.on_phone_question(turn)
    if turn.step == "confirm":
        return await _readback_text(turn, text)
    typed = read_when(text, turn.now, turn.tz)
    if typed is not None:
        return await _typed_time(turn, typed)
    if intents.intent_of(text) in ("search", "bus", "help") and not await _names_a_step(turn, text):
        return await aside.serve(turn, intents.intent_of(text), text, ask_again)
    return await _step_text(turn, normalise(text))


async def _names_a_step(turn: Turn, text: str) -> bool:
    """Whether typed text answers the open step (a kind, or a place by its name)."""
    words = normalise(text)
    if turn.step == "kind":
        return start.mode_in_text(words) is not None
    return turn.step == "place" and await start.place_named(turn, words) is not None


async def _consent_text(turn: Turn, text: str) -> list[Message]:
    said = answers.read_consent(text)
    if said == "yes":
        return await start.on_consent(turn)
    if said == "no":
        from handlers.flows.menu import menu_message

        return [menu_message(turn, _("All right. Nothing was booked."))]
    return [start.ask_consent(turn)]


async def _readback_text(turn: Turn, text: str) -> list[Message]:
    """Only an unambiguous yes books; another time, day or place is read back again."""
    slot = await turn.uow.slots.get(int(turn.data.get("slot", 0)))
    if slot is None:
        return await start.ask_kind(turn, greeting=_("That time is no longer available."))
    local = slot.starts_at.astimezone(turn.tz)
    reading = read_readback(text, turn.now, turn.tz, local.date(), local.time())
    if reading == "yes":
        return await confirm.on_yes(turn, slot.id)
    typed = read_when(text, turn.now, turn.tz)
    if reading == "change" and typed is not None:  # "네 시로": that day, at four
        return await _typed_time(turn, replace(typed, day=typed.day or local.date()))
    if reading == "change" and not turn.data.get("moving") and turn.data.get("mode"):
        note = _("Which place would you like instead?")
        kept = _kept(turn.data, "moving")
        return [Message(text=note), *await start.ask_place(turn, turn.data["mode"], **kept)]
    if reading in ("no", "change"):
        return await when.ask_day(turn, turn.data)
    hint = _(
        'To book it, press "Yes, book it" or type "yes".\n'
        'For another time, type it, like "Friday 3 pm".'
    )
    return [Message(text=hint), *await confirm.ask_confirm(turn, slot, turn.data)]


async def _typed_time(turn: Turn, typed) -> list[Message]:
    data = {**turn.data, "when": start.when_data(typed)}
    if data.get("place"):
        return await when.apply_when(turn, data)
    if data.get("mode"):
        return await start.ask_place(turn, data["mode"], **_kept(data, "when", "moving"))
    return await start.ask_kind(turn, **_kept(data, "when", "moving"))


async def _step_text(turn: Turn, words: str) -> list[Message]:
    mode = start.mode_in_text(words)
    if turn.step == "kind" and mode:
        return await start.ask_place(turn, mode, **_kept(turn.data, "when", "moving"))
    if turn.step == "place" and (key := await start.place_named(turn, words)):
        kept = _kept(turn.data, "when", "moving")
        return await start.chosen_place(turn, turn.data["mode"], key, kept)
    hint = _(
        'Please press a button, or type a day and time like "next Thursday 2 pm".\n'
        'Type "menu" to stop.'
    )
    return [Message(text=hint), *await ask_again(turn)]


async def ask_again(turn: Turn) -> list[Message]:
    """The step the booking is at, asked again (a typed answer it could not read, a return)."""
    data = turn.data
    if turn.step == "time" and data.get("day"):
        from datetime import date

        return await when.ask_time(turn, data, date.fromisoformat(data["day"]))
    if turn.step == "consent":
        return [start.ask_consent(turn)]
    if turn.step in ("day", "confirm", "phone", "sms") and data.get("place"):
        return await when.ask_day(turn, data)
    if turn.step == "place" and data.get("mode"):
        return await start.ask_place(turn, data["mode"], **_kept(data, "when", "moving"))
    return await start.ask_kind(turn, **_kept(data, "when", "moving"))
