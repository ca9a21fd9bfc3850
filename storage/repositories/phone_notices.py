"""Messages that go to a person's phone by 알림톡/SMS instead of her chat (`outbox.via`):
routing her pending reminders when she says yes or no, recording the provider's delivery
reports, and the figures staff and /metrics show.

A report names the message by its outbox key (sent to the provider as its custom id); it
moves a message that was sent (or whose fate was unknown) to delivered or failed, and never
touches one that is still waiting, was cancelled, or was deleted with its person.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import OutboxMessage
from storage.repositories.rows import columns_of
from storage.tables import bookings, outbox

BY_PHONE = "sms"
BOOKING_REMINDERS = "booking:%"  # the keys of a booking's reminders, the only ones by phone
REPORTED = ("claimed", "sent", "unknown", "delivered", "failed")  # (claimed: sent, not recorded)
PROBLEMS = ("failed", "unknown")


class PhoneNoticeRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def route(self, user_id: int, by_phone: bool) -> int:
        """Her bookings' waiting reminders go by phone (or back to her chat); how many. (Bus
        reminders, seat offers and broadcasts stay in her chat.)"""
        result = await self._connection.execute(
            update(outbox)
            .where(
                outbox.c.user_id == user_id,
                outbox.c.state == "pending",
                outbox.c.kind == "reminder",
                outbox.c.key.like(BOOKING_REMINDERS),
            )
            .values(via=BY_PHONE if by_phone else None)
        )
        return result.rowcount

    async def report(self, key: str, state: str, sent_as: str | None, error: str | None) -> bool:
        """A delivery report: the message with this key was delivered or failed. False when
        no sent message has that key (a report for a deleted person, or a stray one)."""
        assert state in ("delivered", "failed")
        result = await self._connection.execute(
            update(outbox)
            .where(outbox.c.key == key, outbox.c.via == BY_PHONE, outbox.c.state.in_(REPORTED))
            .values(state=state, sent_as=sent_as, last_error=error)
        )
        return result.rowcount > 0

    async def get(self, key: str) -> OutboxMessage | None:
        row = (await self._connection.execute(select(outbox).where(outbox.c.key == key))).first()
        return OutboxMessage(**columns_of(row)) if row else None

    async def retry(self, key: str, due_at: datetime) -> None:
        """A failed message goes out again (its attempts count on; the look-up before it is sent
        finds the failed one and sends anew)."""
        await self._connection.execute(
            update(outbox)
            .where(outbox.c.key == key, outbox.c.state == "failed")
            .values(state="pending", due_at=due_at, claimed_at=None, claimed_by=None)
        )

    async def sent_by_kind(self) -> dict[tuple[str, str], int]:
        """How many messages went by phone, by what was sent (ATA, SMS, LMS, or "?" before a
        report) and their state: what they cost the centre."""
        query = (
            select(outbox.c.sent_as, outbox.c.state, func.count())
            .where(outbox.c.via == BY_PHONE, outbox.c.state.in_(REPORTED))
            .group_by(outbox.c.sent_as, outbox.c.state)
        )
        rows = await self._connection.execute(query)
        return {(sent_as or "?", state): count for sent_as, state, count in rows}

    async def problems(self, booking_ids: list[int]) -> dict[int, str]:
        """Bookings whose reminder by phone failed or may not have gone: booking id -> state."""
        if not booking_ids:
            return {}
        query = select(outbox.c.payload, outbox.c.state).where(
            outbox.c.via == BY_PHONE, outbox.c.state.in_(PROBLEMS), outbox.c.kind == "reminder"
        )
        wanted, found = set(booking_ids), {}
        for payload, state in await self._connection.execute(query):
            booking_id = int(payload.get("booking_id", 0))
            if booking_id in wanted:
                found[booking_id] = state
        return found

    async def forget_phone(self, user_id: int) -> None:
        """Her number is gone from her bookings too (she withdrew consent)."""
        await self._connection.execute(
            update(bookings).where(bookings.c.user_id == user_id).values(phone=None)
        )
