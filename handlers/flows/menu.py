"""The main menu: its buttons, and the answer to what is not understood (the menu's words
are `handlers.words.menu_entry`)."""

from __future__ import annotations

from handlers.flows.actions.menu import Menu
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn


def menu_keyboard() -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(_("Find a course"), Menu("programmes").encode()),
            Button(_("Bus schedule"), Menu("bus").encode()),
        ),
        (
            Button(_("Book counselling"), Menu("booking").encode()),
            Button(_("My data"), Menu("mydata").encode()),
        ),
        (Button(_("Talk to a counsellor"), Menu("person").encode()),),
    )


def menu_message(turn: Turn, text: str | None = None) -> Message:
    turn.go("menu", "idle")
    return Message(text=text or _("What can I help you with?"), buttons=menu_keyboard())


async def show_menu(turn: Turn) -> list[Message]:
    return [menu_message(turn)]


async def not_understood(turn: Turn) -> list[Message]:
    """Never silence: say so kindly and show what is possible."""
    text = _(
        "Sorry, I didn't catch that.\n"
        "Please choose from the menu below,\n"
        'or type a word like "course" or "bus".'
    )
    return [menu_message(turn, text)]
