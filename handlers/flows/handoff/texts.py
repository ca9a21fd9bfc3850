"""What the handoff says to her, and the buttons it offers."""

from __future__ import annotations

from datetime import datetime, time

from handlers.flows.common import home_button
from handlers.flows.handoff import actions
from handlers.flows.handoff.hours import Availability
from handlers.formatting import clock, day
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn


def end_button() -> Button:
    return Button(_("End the chat"), actions.END)


def cancel_button() -> Button:
    return Button(_("Cancel request"), actions.END)


def book_button() -> Button:
    return Button(_("Book counselling"), actions.BOOK)


def person_button() -> Button:
    return Button(_("Talk to a counsellor"), actions.PERSON)


def who(centre_name: str | None) -> str:
    return centre_name or _("Ilteo's counsellors")


def _hours(turn: Turn, hours: tuple[time, time]) -> str:
    today = turn.now.astimezone(turn.tz)
    start, end = (today.replace(hour=t.hour, minute=t.minute) for t in hours)
    return _(
        "Counsellors answer on weekdays, {start}–{end}.",
        start=clock(start, turn.tz),
        end=clock(end, turn.tz),
    )


def requested(turn: Turn, centre_name: str | None, able: Availability) -> Message:
    """The honest answer to her request: someone answers now, or when someone will."""
    if able.now:
        text = _(
            "I'll connect you with a counsellor of {centre}.\n"
            "Write in one line what you'd like to ask,\n"
            "and they can help you sooner.",
            centre=who(centre_name),
        )
        return Message(text=text, buttons=((cancel_button(),),))
    if able.open_now:
        lead = _(
            "No counsellor of {centre} is free right now.\n"
            "Your request is waiting; a counsellor will answer as soon as one is free.",
            centre=who(centre_name),
        )
    else:
        lead = _(
            "{centre} is closed now.\nA counsellor will answer from {when}.",
            centre=who(centre_name),
            when=_opening(turn, able.opens),
        )
    text = "\n".join(
        (
            lead,
            _hours(turn, able.hours),
            _("Write what you'd like to ask, and it will be passed on."),
            _("Or book a counselling time, and a counsellor will talk with you then."),
        )
    )
    return Message(text=text, buttons=((book_button(),), (cancel_button(),)))


def _opening(turn: Turn, opens: datetime | None) -> str:
    if opens is None:
        return _("the next opening day")
    local = opens.astimezone(turn.tz)
    return _("{day} {time}", day=day(local.date()), time=clock(opens, turn.tz))


def still_waiting() -> Message:
    return Message(
        text=_(
            "You are waiting for a counsellor.\nEverything you write here is passed on to them."
        ),
        buttons=((cancel_button(),),),
    )


def with_counsellor() -> Message:
    return Message(
        text=_("You are talking with a counsellor.\nWrite here, and they will read it."),
        buttons=((end_button(),),),
    )


def passed_on() -> Message:
    """The one line a channel that must answer gets while a counsellor holds the chat."""
    return Message(text=_("I passed it on to the counsellor."))


def ended(turn: Turn, was_waiting: bool) -> str:
    if was_waiting:
        return _("All right, I cancelled the request.\nI'm here to help again.")
    return _("The chat with the counsellor has ended.\nI'm here to help again.")


def staff_message(text: str) -> Message:
    return Message(text=_("Counsellor: {text}", text=text), buttons=((end_button(),),))


def closed_by_counsellor() -> Message:
    return Message(
        text=_("The counsellor has ended the chat.\nI'm here to help again."),
        buttons=((person_button(), home_button()),),
    )


def unanswered() -> Message:
    return Message(
        text=_(
            "Sorry, no counsellor could answer in time.\n"
            "Book a counselling time, or a phone counselling time,\n"
            "and a counsellor will talk with you or call you then."
        ),
        buttons=((book_button(),), (home_button(),)),
    )


def idle_ended() -> Message:
    return Message(
        text=_(
            "The chat with the counsellor ended, as nothing was written for a while.\n"
            "I'm here to help again. You can ask for a counsellor at any time."
        ),
        buttons=((person_button(), home_button()),),
    )
