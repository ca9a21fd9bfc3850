"""The booking flow's one dispatcher: a pressed button (`bk:...`), decoded into its typed
action, or text typed while the booking asks something, goes to the step that answers it.
What the router needs of the booking is named in `__all__`.

The flow's modules import only those below them, never this one:
`actions`, `state`, `texts` → `phone_question`, `mine`, `confirm` → `when` → `refusals` →
`start` → `book`, `waitlist` → `typed` → `steps` (the table of questions) → `buttons`.
A button carries what it acts on (a slot, a booking, a waitlist entry) and is checked against
the database, so an old or forged button gets a kind answer and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from handlers import words
from handlers.flows.booking import book, mine, start, steps, waitlist, when
from handlers.flows.booking.actions import (
    Action,
    AskCancel,
    Back,
    Book,
    BusVisit,
    Cancel,
    Consent,
    Day,
    FullTime,
    Keep,
    Kind,
    Move,
    MyBookings,
    NewBooking,
    OnRow,
    OtherDays,
    PhoneReminders,
    PickTime,
    Place,
    SkipPhone,
    StopWaiting,
    TakeSeat,
    Wait,
    decode,
    deep_link,
)
from handlers.flows.booking.confirm import ask_confirm
from handlers.flows.booking.start import follow_link
from handlers.flows.booking.state import FLOW, state_of
from handlers.flows.booking.steps import STEPS, ask_again
from handlers.flows.booking.typed import stopped
from handlers.flows.handoff.request import ask_for_person
from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn

__all__ = ["STEPS", "ask_again", "deep_link", "follow_link", "on_button", "on_text"]


async def _read_back(turn: Turn, slot_id: int) -> list[Message]:
    """A time with a free seat, pressed: read back before anything is booked."""
    slot = await turn.uow.slots.get(slot_id)
    if slot is None:
        return await start.gone(turn)
    state = state_of(turn)
    return await ask_confirm(turn, slot, state if state.mode else replace(state, mode=slot.mode))


# What a button on one row does: a slot, a booking, a waitlist entry or a bus visit.
ON_ROW: dict[type[OnRow], Callable[[Turn, int], Awaitable[list[Message]]]] = {
    PickTime: _read_back,
    Book: book.on_yes,
    FullTime: waitlist.on_wait,
    Wait: waitlist.join,
    TakeSeat: waitlist.accept,
    StopWaiting: waitlist.decline,
    AskCancel: mine.ask_cancel,
    Cancel: mine.cancel,
    Move: when.move,
    Keep: mine.keep,
    BusVisit: start.bus_visit,
}


async def on_button(turn: Turn) -> list[Message]:
    pressed = decode(turn.incoming.data)
    if pressed is None:
        return [menu_message(turn, _("That button has expired. Here is the menu again."))]
    if not turn.user.has_consented and not isinstance(pressed, Consent):
        return [start.ask_consent(turn)]
    return await _pressed(turn, pressed)


async def _pressed(turn: Turn, pressed: Action) -> list[Message]:
    asking = turn.step if turn.flow == FLOW else None
    match pressed:
        case OnRow():
            return await ON_ROW[type(pressed)](turn, pressed.id)
        case Consent():
            return await start.on_consent(turn)
        case MyBookings():
            return await mine.show_bookings(turn)
        case NewBooking():
            return await start.ask_kind(turn)
        case SkipPhone() if asking == "phone":
            return await book.on_phone(turn)
        case PhoneReminders() if asking == "sms":
            return await book.on_phone_question(turn)
    if asking is None:
        return await start.start(turn)
    return await _in_flow(turn, pressed)


async def _in_flow(turn: Turn, pressed: Action) -> list[Message]:
    """The buttons of the booking's own questions: a kind, a place, a day, other days, back."""
    state = state_of(turn)
    match pressed:
        case Kind(mode=mode):
            return await start.ask_place(turn, mode, state.kept())
        case Place(key=key) if state.mode:
            return await start.chosen_place(turn, state.mode, key, state.kept())
        case Day(day=day) if state.place:
            return await when.on_day(turn, day)
        case OtherDays() if state.place:
            return await when.ask_day(turn, state)
        case Back():
            return await steps.back(turn)
    return await start.start(turn)


async def on_text(turn: Turn) -> list[Message]:
    """Typed text while the booking flow asks something: the control words first (stop, back,
    a person), then the step's own reading; a typed time is read back before anything."""
    text = turn.incoming.text or ""
    word = words.control_word(text)
    if word in ("stop", "menu"):
        return [stopped(turn)]
    if word == "back":
        return await steps.back(turn)
    if word == "person":
        return await ask_for_person(turn)
    return await steps.step_of(turn).read(turn, text)
