"""A counsellor's messages reaching her chat, through the outbox every notice takes.

`deliver_staff_message` is what the counsellors' inbox calls: the reply is stored and, for a
chat that can be sent messages later (Telegram; KakaoTalk with the Event API), queued in the
outbox at once, which the dispatch sends within a second. Any other chat (the web chat, whose
page also receives it live; KakaoTalk without the Event API) is shown it first in her next
answer (`pending`). `close_by_counsellor` ends the talk; why it ended is queued for every chat
(`tell_closed`): sent at once where the outbox can send, otherwise told live on her web page or
first in her next answer (`untold_closing`), once.
"""

from __future__ import annotations

from datetime import datetime

from handlers.flows.handoff import texts
from handlers.messages import Message
from handlers.turn import FlowSettings, Turn
from storage.handoff_records import Handoff
from storage.ports.stores import HandoffStore
from storage.records import OutboxMessage, StaffIdentity

NOTICE = "handoff"  # a counsellor's message, by outbox
CLOSED = "handoff_closed"  # the talk ended, by outbox
TOLD = ("staff", "unanswered", "idle")  # ends she did not see coming: `tell_closed` tells her


class Vanished(Exception):
    """The message or its handoff is gone (her data was deleted)."""


async def deliver_staff_message(
    uow: HandoffStore,
    handoff_id: int,
    who: StaffIdentity,
    text: str,
    now: datetime,
    settings: FlowSettings,
) -> int | None:
    """Her counsellor's reply, stored and on its way to her chat; its id, or None when `who`
    does not hold the talk. The caller commits."""
    message_id = await uow.handoffs.reply(handoff_id, who, text, now)
    if message_id is None:
        return None
    handoff = await uow.handoffs.get(handoff_id)
    assert handoff is not None
    payload = {"type": NOTICE, "handoff_id": handoff_id, "message_id": message_id}
    if await _push(uow, handoff, f"{NOTICE}:{message_id}", payload, now, settings):
        await uow.handoffs.mark_delivered([message_id], now)
    return message_id


async def close_by_counsellor(
    uow: HandoffStore, handoff_id: int, who: StaffIdentity, now: datetime
) -> Handoff | None:
    """The counsellor ends the talk: back to the bot, and she is told."""
    closed = await uow.handoffs.close(handoff_id, "staff", now, who)
    if closed is not None:
        await tell_closed(uow, closed, now)
    return closed


async def tell_closed(uow: HandoffStore, handoff: Handoff, now: datetime) -> None:
    """She is told why the talk ended, by an outbox row for her chat: the dispatch sends it to
    a chat it can send to; for any other it waits for `untold_closing`."""
    payload = {"type": CLOSED, "handoff_id": handoff.id, "reason": handoff.closed_reason}
    await uow.outbox.enqueue(f"{CLOSED}:{handoff.id}", handoff.chat_id, NOTICE, payload, now)


async def untold_closing(
    uow: HandoffStore, handoff_id: int, chat_id: int, now: datetime
) -> list[OutboxMessage]:
    """Why `handoff_id` ended, when her chat `chat_id` has not been told yet (its outbox row,
    rendered by `notice`); from now on counted as told, so it is shown once."""
    untold = []
    for message in await uow.outbox.pending_for(chat_id, now):
        payload = message.payload
        if payload.get("type") == CLOSED and payload.get("handoff_id") == handoff_id:
            await uow.outbox.mark_sent(message.id, now)
            untold.append(message)
    return untold


async def _push(
    uow: HandoffStore, handoff: Handoff, key: str, payload: dict, now: datetime, settings
) -> bool:
    chat = await uow.users.get(handoff.chat_id)
    if chat is None or chat.channel not in settings.push_channels:
        return False
    return await uow.outbox.enqueue(key, chat.id, NOTICE, payload, now)


async def pending(turn: Turn) -> list[Message]:
    """Her counsellors' messages her chat has not shown yet, oldest first (now shown)."""
    waiting = await turn.uow.handoffs.undelivered(turn.user.id)
    await turn.uow.handoffs.mark_delivered([message.id for message in waiting], turn.now)
    return [texts.staff_message(message.text) for message in waiting]


def closing_note(reason: str | None) -> Message:
    if reason == "unanswered":
        return texts.unanswered()
    if reason == "idle":
        return texts.idle_ended()
    return texts.closed_by_counsellor()


async def notice(uow: HandoffStore, message: OutboxMessage) -> Message:
    """An outbox row of the handoff, as she reads it (in the language already spoken)."""
    payload = message.payload
    if payload.get("type") == CLOSED:
        return closing_note(payload.get("reason"))
    handoff_id, message_id = int(payload["handoff_id"]), int(payload["message_id"])
    for said in await uow.handoffs.messages(handoff_id):
        if said.id == message_id:
            return texts.staff_message(said.text)
    raise Vanished("the message was deleted")
