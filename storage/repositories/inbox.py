"""The inbox of received updates: a key seen twice is a re-delivery and is dropped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import inbox


class InboxRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, key: str, now: datetime) -> bool:
        """True the first time `key` is recorded, False for a duplicate."""
        return await insert_ignoring_conflict(
            self._connection, inbox, {"key": key, "received_at": now}, keys=("key",)
        )

    async def prune(self, before: datetime) -> int:
        """Forgets keys received before `before`; returns how many."""
        result = await self._connection.execute(delete(inbox).where(inbox.c.received_at < before))
        return result.rowcount
