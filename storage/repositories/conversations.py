"""Conversation state: which flow and step a user is at, and what they answered so far."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Conversation
from storage.repositories.upsert import upsert_without_id
from storage.tables import conversations


class ConversationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, user_id: int) -> Conversation | None:
        query = select(conversations).where(conversations.c.user_id == user_id)
        row = (await self._connection.execute(query)).first()
        if row is None:
            return None
        return Conversation(row.user_id, row.flow, row.step, dict(row.data), row.updated_at)

    async def save(self, conversation: Conversation, now: datetime) -> None:
        values = {
            "user_id": conversation.user_id,
            "flow": conversation.flow,
            "step": conversation.step,
            "data": conversation.data,
            "updated_at": now,
        }
        await upsert_without_id(self._connection, conversations, values, keys=("user_id",))

    async def clear(self, user_id: int) -> None:
        await self._connection.execute(
            delete(conversations).where(conversations.c.user_id == user_id)
        )
