"""The `oc:` buttons: her "Yes, tell them" (`oc:y`), and staff's /outcomes buttons."""

from __future__ import annotations

from handlers.flows.outcomes import self_report, staff
from handlers.flows.outcomes.actions import TellCentre, decode
from handlers.messages import Message
from handlers.turn import Turn


async def on_button(turn: Turn) -> list[Message]:
    action = decode(turn.incoming.data)
    if isinstance(action, TellCentre):
        return await self_report.on_yes(turn)
    return await staff.on_button(turn, action)
