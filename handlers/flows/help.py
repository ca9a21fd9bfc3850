"""/help: what the bot can do, in a few short lines."""

from __future__ import annotations

from handlers.flows.common import restart_hint
from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn


async def show_help(turn: Turn) -> list[Message]:
    text = _(
        "I can help you with:\n"
        "· finding job training courses near you\n"
        "· when the job counselling bus comes to your area\n"
        "· booking counselling\n"
        "· seeing or deleting your data\n"
        "Press a button, or just type what you need."
    )
    return [menu_message(turn, text + "\n" + restart_hint(turn.incoming.channel))]
