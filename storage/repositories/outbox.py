"""The outbox of messages the bot sends on its own (reminders, offers, nudges, broadcasts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import outbox


class OutboxRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def depth(self, now: datetime) -> tuple[int, datetime | None]:
        """How many due messages wait, and the due time of the oldest of them."""
        query = select(func.count(), func.min(outbox.c.due_at)).where(
            outbox.c.state.in_(("pending", "claimed")), outbox.c.due_at <= now
        )
        count, oldest = (await self._connection.execute(query)).one()
        return count, oldest
