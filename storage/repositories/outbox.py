"""The outbox of messages the bot sends on its own (reminders, offers, nudges, broadcasts).

Each row has a unique key (so nothing is queued twice), a due time and a state:
pending -> claimed -> sent, or back to pending with a later due time after a failure, or
failed after too many, or cancelled / missed. A process renews the claims it is still sending;
a claim whose process died is due again after the lease. PostgreSQL claims with
FOR UPDATE SKIP LOCKED, so processes never take the same row; SQLite has one writer at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import OutboxMessage, User
from storage.repositories.rows import columns_of
from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import outbox, users

ACTIVE = ("pending", "claimed")
_MARK_SENT = (  # (a delivery report that came first is kept)
    update(outbox)
    .where(
        outbox.c.id == bindparam("message_id"),
        outbox.c.state != "delivered",
        outbox.c.state != "failed",
    )
    .values(state="sent", sent_at=bindparam("sent"), last_error=None)
)


def _going_by(channels: tuple[str, ...]):
    """Messages that go by one of `channels`: their own way (`via`), else her chat's."""
    return or_(
        and_(outbox.c.via.is_(None), users.c.channel.in_(channels)), outbox.c.via.in_(channels)
    )


class OutboxRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def enqueue(
        self,
        key: str,
        user_id: int,
        kind: str,
        payload: dict,
        due_at: datetime,
        via: str | None = None,
    ) -> bool:
        """Queue a message once; False when a message with this key exists already. `via`
        names another way than her chat ("sms": her phone)."""
        values = {
            "key": key,
            "user_id": user_id,
            "kind": kind,
            "payload": payload,
            "due_at": due_at,
            "state": "pending",
            "attempts": 0,
            "via": via,
        }
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

    async def claim(
        self,
        now: datetime,
        worker: str,
        lease: timedelta,
        channels: tuple[str, ...],
        limit: int = 50,
        reclaim: bool = True,
    ) -> list[OutboxMessage]:
        """Take up to `limit` due messages for users of `channels`, oldest first; another process
        skips them. With `reclaim`, claims older than `lease` (their process died) are due again
        first; a dispatcher looks for those once a second, not on every claim."""
        if reclaim:
            await self._release_expired(now - lease)
        due = (
            select(outbox.c.id)
            .join(users, users.c.id == outbox.c.user_id)
            .where(outbox.c.state == "pending", outbox.c.due_at <= now, _going_by(channels))
            .order_by(outbox.c.due_at)
            .limit(limit)
        )
        chosen = self._chosen(due, "chosen")
        statement = (
            update(outbox)
            .where(outbox.c.id == chosen.c.id, outbox.c.state == "pending")
            .values(
                state="claimed", claimed_at=now, claimed_by=worker, attempts=outbox.c.attempts + 1
            )
            .returning(*outbox.c)
        )
        rows = (await self._connection.execute(statement)).all()
        return sorted((OutboxMessage(**columns_of(row)) for row in rows), key=lambda m: m.due_at)

    async def renew(self, message_ids: list[int], worker: str, now: datetime) -> None:
        """Extend this worker's claims on messages it is still sending."""
        await self._connection.execute(
            update(outbox)
            .where(
                outbox.c.id.in_(message_ids),
                outbox.c.claimed_by == worker,
                outbox.c.state == "claimed",
            )
            .values(claimed_at=now)
        )

    async def release(self, message_ids: list[int], due_at: datetime | None = None) -> None:
        """Give claimed messages back unsent; the claim does not count as an attempt."""
        values = {
            "state": "pending",
            "claimed_at": None,
            "claimed_by": None,
            "attempts": outbox.c.attempts - 1,
        }
        if due_at is not None:
            values["due_at"] = due_at
        await self._connection.execute(
            update(outbox)
            .where(outbox.c.id.in_(message_ids), outbox.c.state == "claimed")
            .values(**values)
        )

    async def readers(self, user_ids: set[int]) -> dict[int, User]:
        """The users the claimed messages go to, by id, in one read."""
        rows = await self._connection.execute(select(users).where(users.c.id.in_(user_ids)))
        return {row.id: User(**columns_of(row)) for row in rows}

    async def next_due(self, now: datetime) -> datetime | None:
        """When the next pending message falls due, after `now`."""
        query = select(func.min(outbox.c.due_at)).where(
            outbox.c.state == "pending", outbox.c.due_at > now
        )
        return (await self._connection.execute(query)).scalar()

    async def _release_expired(self, claimed_before: datetime) -> None:
        expired = select(outbox.c.id).where(
            outbox.c.state == "claimed", outbox.c.claimed_at < claimed_before
        )
        chosen = self._chosen(expired, "expired")
        await self._connection.execute(
            update(outbox)
            .where(outbox.c.id == chosen.c.id, outbox.c.state == "claimed")
            .values(state="pending", claimed_at=None, claimed_by=None)
        )

    def _chosen(self, query, name: str):
        """The rows to change, as a CTE; on PostgreSQL locked, skipping those another process
        holds, and materialised: an `IN (… LIMIT n)` subquery may run more than once (and claim
        more than n rows), or once per row of the update."""
        if self._connection.dialect.name != "postgresql":
            return query.cte(name)
        locked = query.with_for_update(skip_locked=True, of=outbox)
        return locked.cte(name).prefix_with("MATERIALIZED", dialect="postgresql")

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(message_id, state="sent", sent_at=now, last_error=None)

    async def mark_sent_many(self, sent: list[tuple[int, datetime]]) -> None:
        """Record several messages as sent, each with its own time, in one round trip."""
        await self._connection.execute(
            _MARK_SENT, [{"message_id": id_, "sent": at} for id_, at in sent]
        )

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
