"""Mixed initiative: something else asked in the middle of a question is served, and the open
question is offered again ("아까 질문으로 돌아갈까요?").

A search or the bus schedule is answered without leaving the question: the conversation stays
where it was, so her next typed answer is still read as its answer. A booking, her data, the
menu or a counsellor take her there (the question's answers so far stay with the intake, which
"Find a course" continues). "Just recommend" ends the questions and shows
courses for what she has told so far.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.flows import bus, menu, my_data, search
from handlers.flows.booking.start import start as start_booking
from handlers.flows.handoff.request import ask_for_person
from handlers.flows.intake.summary import confirm_profile
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn

Ask = Callable[[Turn], Awaitable[list[Message]]]  # the open question, asked again


async def serve(turn: Turn, intent: str, text: str, ask: Ask) -> list[Message]:
    """Answer `intent` (see `handlers.intents`) typed while `ask` was the open question."""
    if intent == "help":
        return await _offer_again(turn, ask, _("Press one of the buttons, or type your answer."))
    if intent == "person":
        return await ask_for_person(turn)  # the question waits; a counsellor answers now
    if intent == "recommend" and turn.flow == "intake":
        lead = Message(text=_("All right. Here are courses for what you have told me so far."))
        return [lead, *await confirm_profile(turn)]
    if intent in ("search", "bus"):
        return await _keeping_place(turn, ask, intent, text)
    entries = {"booking": start_booking, "mydata": my_data.show, "menu": menu.show_menu}
    if intent in entries and not (intent == "booking" and turn.flow == "booking"):
        return await entries[intent](turn)
    return await _offer_again(turn, ask)


async def _keeping_place(turn: Turn, ask: Ask, intent: str, text: str) -> list[Message]:
    flow, step, data = turn.flow, turn.step, turn.data
    if intent == "bus":
        served = await bus.bus_schedule(turn)
    else:
        served = await search.search(turn, text) or [search.nothing_found(turn, text)]
    turn.flow, turn.step, turn.data = flow, step, data
    return [*served, *await _offer_again(turn, ask)]


async def _offer_again(turn: Turn, ask: Ask, lead: str | None = None) -> list[Message]:
    *before, question = await ask(turn)
    lead = lead or _("Shall we go back to the earlier question?")
    return [*before, Message(text=f"{lead}\n\n{question.text}", buttons=question.buttons)]
