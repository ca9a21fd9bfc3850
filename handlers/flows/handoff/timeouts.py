"""The handoff's timeouts (a scheduled job, once a period across processes): a request nobody
answered for HANDOFF_WAIT gets an apology and an offer to book, and a talk in which nothing was
said for HANDOFF_IDLE returns to the bot; both sides are told (her chat, and a note in the
transcript the counsellor sees)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.flows.handoff.delivery import tell_closed
from handlers.flows.handoff.request import STAFF_LANGUAGE
from handlers.i18n import N_
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork

NOTES = {
    "unanswered": N_("Nobody answered in time; she was offered to book. Back to the bot."),
    "idle": N_("Nothing was written for a while; the chat went back to the bot."),
}


@dataclass(frozen=True, slots=True)
class HandoffTimeouts:
    """HANDOFF_WAIT and HANDOFF_IDLE."""

    wait: timedelta = timedelta(minutes=10)
    idle: timedelta = timedelta(minutes=30)


async def apply_timeouts(
    uow: UnitOfWork, now: datetime, timeouts: HandoffTimeouts, settings: FlowSettings
) -> int:
    """Close what waited or idled too long; returns how many. The caller commits."""
    closed = 0
    for handoff in await uow.handoffs.unanswered_since(now - timeouts.wait):
        closed += await _close(uow, handoff.id, "unanswered", now, settings)
    for handoff in await uow.handoffs.idle_since(now - timeouts.idle):
        closed += await _close(uow, handoff.id, "idle", now, settings)
    return closed


async def _close(
    uow: UnitOfWork, handoff_id: int, reason: str, now: datetime, settings: FlowSettings
) -> int:
    note = settings.translator.gettext(STAFF_LANGUAGE, NOTES[reason])
    handoff = await uow.handoffs.close(handoff_id, reason, now)
    if handoff is None:  # she or a counsellor closed it meanwhile
        return 0
    await uow.handoffs.add_message(handoff_id, "system", note, now)
    await tell_closed(uow, handoff, now)
    return 1
