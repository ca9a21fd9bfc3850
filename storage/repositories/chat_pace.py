"""Each chat's room under its channel's per-chat rate, shared by every process.

Telegram lets a bot send one chat about a message a second, with a short burst; a reply carried
in a webhook's HTTP answer past that is dropped without a word. Every step of a chat spends its
reply here, inside the step's own transaction (which holds the person, so the chat's row is
never written by two steps at once): a token bucket, refilled at `per_second` up to `burst`.
Repositories never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import upsert_without_id
from storage.tables import chat_pace

# Read on every step of a rate-limited chat: built once, with bound parameters.
ROOM = select(chat_pace.c.tokens, chat_pace.c.at).where(
    chat_pace.c.channel == bindparam("channel"),
    chat_pace.c.external_id == bindparam("external_id"),
)


class ChatPaceRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def spend(
        self,
        channel: str,
        external_id: str,
        messages: int,
        now: datetime,
        per_second: float,
        burst: int,
    ) -> bool:
        """Spend `messages` of the chat's room; whether there was room for one before."""
        chat = {"channel": channel, "external_id": external_id}
        row = (await self._connection.execute(ROOM, chat)).first()
        at = now.timestamp()
        before = (row.tokens, row.at) if row is not None else None
        room, left = spend_room(before, at, messages, per_second, burst)
        values = {"channel": channel, "external_id": external_id, "tokens": left, "at": at}
        keys = ("channel", "external_id")
        await upsert_without_id(self._connection, chat_pace, values, keys=keys)
        return room


def spend_room(
    before: tuple[float, float] | None, at: float, messages: int, per_second: float, burst: int
) -> tuple[bool, float]:
    """The bucket's arithmetic: from (tokens, when) `before` (None: a full bucket), whether
    there is room for one message at `at`, and the tokens left once `messages` are spent."""
    tokens = float(burst) if before is None else before[0] + max(at - before[1], 0) * per_second
    tokens = min(tokens, float(burst))
    return tokens >= 1, max(tokens - messages, -float(burst))
