"""The one gentle nudge for a person who left the intake half-way.

A scheduler job calls `queue_nudges`: every intake untouched for `after` gets one nudge in the
outbox (its key names the intake, so it is never queued twice) and is marked as nudged.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, timedelta

from handlers.flows.intake.state import IntakeState
from storage.ports.stores import NudgeStore


async def queue_nudges(
    uow: NudgeStore, now: datetime, after: timedelta, channels: Collection[str]
) -> int:
    """Queue the nudge of every idle intake of someone on `channels` (those that can push)."""
    queued = 0
    for conversation, user in await uow.conversations.idle_in("intake", before=now - after):
        state = IntakeState.from_data(conversation.data)
        if state.nudged or user.channel not in channels:
            continue
        key = f"nudge:{user.id}:{state.started}"
        if await uow.outbox.enqueue(key, user.id, "nudge", {"type": "nudge"}, now):
            queued += 1
        await uow.conversations.mark(conversation.user_id, replace(state, nudged=True).to_data())
    return queued
