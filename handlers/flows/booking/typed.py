"""What typed text means at a booking's question: her consent, a yes (only an unambiguous one
books) or a correction to the read-back, a day and time ("다음주 목요일 오후 2시", always read
back as an absolute date), a kind of counselling or a place by its name."""

from __future__ import annotations

from dataclasses import replace

from handlers import answers
from handlers.dates import When, read_when
from handlers.flows.booking import start
from handlers.flows.booking.book import on_yes
from handlers.flows.booking.confirm import ask_confirm
from handlers.flows.booking.state import BookingState, state_of
from handlers.flows.booking.when import apply_when, ask_day
from handlers.flows.common import normalise
from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Message
from handlers.readback import read_readback
from handlers.turn import Turn
from handlers.words import counselling_kind


def stopped(turn: Turn) -> Message:
    """She stopped before anything was booked: the menu."""
    return menu_message(turn, _("All right. Nothing was booked."))


async def consent(turn: Turn, text: str) -> list[Message]:
    said = answers.read_consent(text)
    if said == "yes":
        return await start.on_consent(turn)
    if said == "no":
        return [stopped(turn)]
    return [start.ask_consent(turn)]


async def readback(turn: Turn, text: str) -> list[Message]:
    """Only an unambiguous yes books; another time, day or place is read back again."""
    state = state_of(turn)
    slot = await turn.uow.slots.get(state.slot) if state.slot else None
    if slot is None:
        return await start.gone(turn)
    local = slot.starts_at.astimezone(turn.tz)
    reading = read_readback(text, turn.now, turn.tz, local.date(), local.time())
    if reading == "yes":
        return await on_yes(turn, slot.id)
    typed = read_when(text, turn.now, turn.tz)
    if reading == "change" and typed is not None:  # "네 시로": that day, at four
        return await typed_time(turn, state, replace(typed, day=typed.day or local.date()))
    if reading == "change" and not state.moving and state.mode:
        note = _("Which place would you like instead?")
        return [Message(text=note), *await start.ask_place(turn, state.mode, BookingState())]
    if reading in ("no", "change"):
        return await ask_day(turn, state)
    hint = _(
        'To book it, press "Yes, book it" or type "yes".\n'
        'For another time, type it, like "Friday 3 pm".'
    )
    return [Message(text=hint), *await ask_confirm(turn, slot, state)]


async def typed_time(turn: Turn, state: BookingState, typed: When) -> list[Message]:
    """A typed day or time: used at once when the place is known, else kept until it is."""
    state = replace(state, when=typed)
    if state.place:
        return await apply_when(turn, state)
    if state.mode:
        return await start.ask_place(turn, state.mode, state.kept())
    return await start.ask_kind(turn, state)


async def choice(turn: Turn, state: BookingState, text: str) -> list[Message] | None:
    """A kind of counselling or a place named at its question; None when the text is neither."""
    words = normalise(text)
    mode = counselling_kind(words)
    if turn.step == "kind" and mode:
        return await start.ask_place(turn, mode, state.kept())
    if turn.step == "place" and state.mode and (key := await start.place_named(turn, words)):
        return await start.chosen_place(turn, state.mode, key, state.kept())
    return None


async def names_a_choice(turn: Turn, text: str) -> bool:
    """Whether typed text answers the open question (a kind, or a place by its name)."""
    words = normalise(text)
    if turn.step == "kind":
        return counselling_kind(words) is not None
    return turn.step == "place" and await start.place_named(turn, words) is not None
