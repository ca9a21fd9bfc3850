"""Conversation state: which flow and step a user is at, and what they answered so far."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Conversation, User
from storage.repositories.rows import columns_of, labelled
from storage.repositories.upsert import upsert_without_id
from storage.tables import conversations, users

# Built once, with a bound parameter, so SQLAlchemy's cache is hit. (Each update reads its
# conversation with its user: `UserRepository.arrive`.)
_BY_USER = select(conversations).where(conversations.c.user_id == bindparam("user_id"))


class ConversationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, user_id: int) -> Conversation | None:
        row = (await self._connection.execute(_BY_USER, {"user_id": user_id})).first()
        if row is None:
            return None
        return conversation_of(row._mapping)

    async def save(self, conversation: Conversation, now: datetime) -> None:
        values = {
            "user_id": conversation.user_id,
            "flow": conversation.flow,
            "step": conversation.step,
            "data": conversation.data,
            "updated_at": now,
        }
        await upsert_without_id(self._connection, conversations, values, keys=("user_id",))

    async def idle_in(
        self, flow: str, before: datetime, limit: int = 500
    ) -> list[tuple[Conversation, User]]:
        """Conversations in `flow` untouched since `before`, with their users."""
        query = (
            select(*labelled(conversations, "c"), *labelled(users, "u"))
            .join(users, users.c.id == conversations.c.user_id)
            .where(conversations.c.flow == flow, conversations.c.updated_at <= before)
            .limit(limit)
        )
        rows = (await self._connection.execute(query)).all()
        return [
            (conversation_of(columns_of(row, "c")), User(**columns_of(row, "u"))) for row in rows
        ]

    async def mark(self, user_id: int, data: dict) -> None:
        """Replace a conversation's data without counting it as the person's activity."""
        await self._connection.execute(
            update(conversations).where(conversations.c.user_id == user_id).values(data=data)
        )

    async def clear(self, user_id: int) -> None:
        await self._connection.execute(
            delete(conversations).where(conversations.c.user_id == user_id)
        )


def conversation_of(values) -> Conversation:
    return Conversation(
        values["user_id"],
        values["flow"],
        values["step"],
        dict(values["data"]),
        values["updated_at"],
    )
