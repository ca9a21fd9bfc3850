"""A short log of each consenting person's conversation with the bot, for the counsellor she
asks for (the inbox shows what came before her request).

Only the chat's engine writes it (handlers/chat_log.py decides what and for whom), in the
step's own unit of work: her typed text and the text of the bot's answers, each capped like a
handoff message. At most `KEEP_AT_MOST` rows a person: `add` is one statement (an executemany
insert); `trim` keeps her newest `KEEP` and runs only every few steps. The rows go with her data
(the foreign key cascades; `forget` when she withdraws consent), with the retention of inactive
people (storage/repositories/retention.py) and after `KEEP_FOR` (`forget_older`, daily).
Repositories never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import chat_log

TEXT_MAX = 4096  # as a handoff message
KEEP = 20  # what a trim leaves: what the inbox shows
KEEP_AT_MOST = 30  # a trim runs before a person's rows would pass this
KEEP_FOR = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class ChatLine:
    """One line of her conversation with the bot: `who` is "her" or "bot"."""

    id: int
    user_id: int
    at: datetime
    who: str
    text: str


class ChatLogRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, user_id: int, at: datetime, lines: Sequence[tuple[str, str]]) -> None:
        """Her (who, text) lines of one step, in order, in one statement."""
        rows = [
            {"user_id": user_id, "at": at, "who": who, "text": text[:TEXT_MAX]}
            for who, text in lines
            if text
        ]
        if rows:
            await self._connection.execute(chat_log.insert(), rows)

    async def recent(
        self, user_id: int, limit: int = KEEP, until: datetime | None = None
    ) -> list[ChatLine]:
        """Her newest `limit` lines (those at or before `until` when given), oldest first."""
        query = select(chat_log).where(chat_log.c.user_id == user_id)
        if until is not None:
            query = query.where(chat_log.c.at <= until)
        query = query.order_by(chat_log.c.id.desc()).limit(limit)
        found = [ChatLine(**row._mapping) for row in await self._connection.execute(query)]
        return found[::-1]

    async def count(self, user_id: int) -> int:
        """How many lines of hers are kept (what My data tells her)."""
        query = select(func.count()).where(chat_log.c.user_id == user_id)
        return (await self._connection.execute(query)).scalar_one()

    async def trim(self, user_id: int, keep: int = KEEP) -> int:
        """Only her newest `keep` lines stay; returns how many went."""
        newest = (
            select(chat_log.c.id)
            .where(chat_log.c.user_id == user_id)
            .order_by(chat_log.c.id.desc())
            .limit(keep)
        )
        result = await self._connection.execute(
            delete(chat_log).where(chat_log.c.user_id == user_id, chat_log.c.id.not_in(newest))
        )
        return result.rowcount

    async def forget(self, user_id: int) -> int:
        """Her whole log (she withdrew consent); returns how many lines went."""
        result = await self._connection.execute(
            delete(chat_log).where(chat_log.c.user_id == user_id)
        )
        return result.rowcount

    async def forget_older(self, before: datetime) -> int:
        """Every line written before `before` (retention); returns how many went."""
        result = await self._connection.execute(delete(chat_log).where(chat_log.c.at < before))
        return result.rowcount
