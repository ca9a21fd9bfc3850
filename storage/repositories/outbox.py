"""The outbox of messages the bot sends on its own (reminders, offers, nudges, broadcasts).

Each row has a unique key (so nothing is queued twice), a due time and a state:
pending -> claimed -> sent, or back to pending with a later due time after a failure, or
failed after too many, or cancelled / missed. A claim whose process died is claimed again
after the lease.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import OutboxMessage
from storage.repositories.rows import columns_of
from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import outbox, users

ACTIVE = ("pending", "claimed")


class OutboxRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def enqueue(
        self, key: str, user_id: int, kind: str, payload: dict, due_at: datetime
    ) -> bool:
        """Queue a message once; False when a message with this key exists already."""
        values = {"key": key, "user_id": user_id, "kind": kind, "payload": payload,
                  "due_at": due_at, "state": "pending", "attempts": 0}  # fmt: skip
        return await insert_ignoring_conflict(self._connection, outbox, values, keys=("key",))

    async def cancel(self, key: str) -> None:
        await self._connection.execute(
            update(outbox)
            .where(outbox.c.key == key, outbox.c.state.in_(ACTIVE))
            .values(state="cancelled")
        )

    async def cancel_for_user(self, user_id: int) -> None:
        """Nothing more is sent to this person (consent withdrawn)."""
        await self._connection.execute(
            update(outbox)
            .where(outbox.c.user_id == user_id, outbox.c.state.in_(ACTIVE))
            .values(state="cancelled")
        )

    async def claim(self, now: datetime, worker: str, lease: timedelta, channels: tuple[str, ...],
                    limit: int = 50) -> list[OutboxMessage]:  # fmt: skip
        """Take up to `limit` due messages for users of `channels`; another process skips them."""
        claimable = or_(
            outbox.c.state == "pending",
            and_(outbox.c.state == "claimed", outbox.c.claimed_at < now - lease),
        )
        due = (
            select(outbox.c.id)
            .join(users, users.c.id == outbox.c.user_id)
            .where(claimable, outbox.c.due_at <= now, users.c.channel.in_(channels))
            .order_by(outbox.c.due_at)
            .limit(limit)
        )
        if self._connection.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True, of=outbox)
        statement = (
            update(outbox)
            .where(outbox.c.id.in_(due.scalar_subquery()), claimable)
            .values(
                state="claimed", claimed_at=now, claimed_by=worker, attempts=outbox.c.attempts + 1
            )
            .returning(*outbox.c)
        )
        rows = (await self._connection.execute(statement)).all()
        return sorted((OutboxMessage(**columns_of(row)) for row in rows), key=lambda m: m.due_at)

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(message_id, state="sent", sent_at=now, last_error=None)

    async def mark(self, message_id: int, state: str, error: str | None = None) -> None:
        """Close a message as failed, missed or cancelled."""
        await self._set(message_id, state=state, last_error=error)

    async def retry(self, message_id: int, due_at: datetime, error: str) -> None:
        await self._set(
            message_id, state="pending", due_at=due_at, claimed_at=None, last_error=error
        )

    async def pending_for(self, user_id: int, now: datetime) -> list[OutboxMessage]:
        """Due messages of one user, for a channel that collects them when the user returns."""
        query = (
            select(outbox)
            .where(outbox.c.user_id == user_id, outbox.c.state == "pending", outbox.c.due_at <= now)
            .order_by(outbox.c.due_at)
        )
        return [OutboxMessage(**columns_of(row)) for row in await self._connection.execute(query)]

    async def depth(self, now: datetime) -> tuple[int, datetime | None]:
        """How many due messages wait, and the due time of the oldest of them."""
        query = select(func.count(), func.min(outbox.c.due_at)).where(
            outbox.c.state.in_(ACTIVE), outbox.c.due_at <= now
        )
        count, oldest = (await self._connection.execute(query)).one()
        return count, oldest

    async def _set(self, message_id: int, **values) -> None:
        await self._connection.execute(
            update(outbox).where(outbox.c.id == message_id).values(**values)
        )
