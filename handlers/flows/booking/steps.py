"""The booking's questions as a table: for each step, how typed text is read there, how the
question is asked again (her return, an answer it could not read, "a person"), and where
"back" leads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from handlers import intents
from handlers.dates import read_when
from handlers.flows import aside
from handlers.flows.booking import book, start, typed
from handlers.flows.booking.state import BookingState, state_of
from handlers.flows.booking.when import ask_day, ask_time
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn

Ask = Callable[[Turn, BookingState], Awaitable[list[Message]]]
Read = Callable[[Turn, str], Awaitable[list[Message]]]


async def _kind(turn: Turn, state: BookingState) -> list[Message]:
    return await start.ask_kind(turn, state)


async def _consent(turn: Turn, state: BookingState) -> list[Message]:
    return [start.ask_consent(turn)]


async def _place(turn: Turn, state: BookingState) -> list[Message]:
    if state.mode:
        return await start.ask_place(turn, state.mode, state.kept())
    return await _kind(turn, state)


async def _place_unless_moving(turn: Turn, state: BookingState) -> list[Message]:
    """Back from the day: the place (a move keeps its place, so the first question)."""
    if state.mode and not state.moving:
        return await start.ask_place(turn, state.mode, BookingState(when=state.when))
    return await _kind(turn, state)


async def _day(turn: Turn, state: BookingState) -> list[Message]:
    if state.place:
        return await ask_day(turn, state)
    return await _kind(turn, state)


async def _time(turn: Turn, state: BookingState) -> list[Message]:
    if state.day:
        return await ask_time(turn, state, state.day)
    return await _kind(turn, state)


async def _choosing(turn: Turn, text: str) -> list[Message]:
    """A kind, a place, a day or a time: a typed day and time first; a search, the bus or help
    asked on the way is served, and the question offered again."""
    state = state_of(turn)
    when = read_when(text, turn.now, turn.tz)
    if when is not None:
        return await typed.typed_time(turn, state, when)
    intent = intents.intent_of(text)
    if intent in ("search", "bus", "help") and not await typed.names_a_choice(turn, text):
        return await aside.serve(turn, intent, text, ask_again)
    if (answered := await typed.choice(turn, state, text)) is not None:
        return answered
    hint = _(
        'Please press a button, or type a day and time like "next Thursday 2 pm".\n'
        'Type "menu" to stop.'
    )
    return [Message(text=hint), *await ask_again(turn)]


async def _phone(turn: Turn, text: str) -> list[Message]:
    return await book.on_phone(turn)


async def _phone_question(turn: Turn, text: str) -> list[Message]:
    return await book.on_phone_question(turn)


@dataclass(frozen=True, slots=True)
class Step:
    read: Read  # typed text (after the words every step understands: stop, back, a person)
    again: Ask  # the question asked again
    back: Ask  # where "back" leads


STEPS: dict[str, Step] = {
    "consent": Step(typed.consent, again=_consent, back=_kind),
    "kind": Step(_choosing, again=_kind, back=_kind),
    "place": Step(_choosing, again=_place, back=_kind),
    "day": Step(_choosing, again=_day, back=_place_unless_moving),
    "time": Step(_choosing, again=_time, back=_day),
    "confirm": Step(typed.readback, again=_day, back=_day),
    "phone": Step(_phone, again=_day, back=_day),
    "sms": Step(_phone_question, again=_day, back=_day),
}


def step_of(turn: Turn) -> Step:
    return STEPS.get(turn.step, STEPS["kind"])


async def ask_again(turn: Turn) -> list[Message]:
    """The step the booking is at, asked again (a typed answer it could not read, a return)."""
    return await step_of(turn).again(turn, state_of(turn))


async def back(turn: Turn) -> list[Message]:
    return await step_of(turn).back(turn, state_of(turn))
