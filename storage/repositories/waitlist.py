"""The waitlist of a full slot: first come, first offered; an offer holds the freed seat
until `offered_until`, then passes to the next in line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import WaitlistEntry
from storage.repositories.rows import columns_of
from storage.repositories.upsert import upsert_returning_row
from storage.tables import waitlist_entries

WAITING, OFFERED = "waiting", "offered"


class WaitlistRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def join(self, slot_id: int, user_id: int, now: datetime) -> WaitlistEntry:
        """Wait for the slot (again, at the back of the line, if she had left it)."""
        values = {
            "slot_id": slot_id,
            "user_id": user_id,
            "state": WAITING,
            "offered_until": None,
            "created_at": now,
        }
        current = await self.entry(slot_id, user_id)
        if current is not None and current.state in (WAITING, OFFERED):
            return current
        row = await upsert_returning_row(
            self._connection,
            waitlist_entries,
            values,
            keys=("slot_id", "user_id"),
            changes=("state", "offered_until", "created_at"),
        )
        return WaitlistEntry(**columns_of(row))

    async def entry(self, slot_id: int, user_id: int) -> WaitlistEntry | None:
        query = select(waitlist_entries).where(
            waitlist_entries.c.slot_id == slot_id, waitlist_entries.c.user_id == user_id
        )
        row = (await self._connection.execute(query)).first()
        return WaitlistEntry(**columns_of(row)) if row else None

    async def get(self, entry_id: int) -> WaitlistEntry | None:
        query = select(waitlist_entries).where(waitlist_entries.c.id == entry_id)
        row = (await self._connection.execute(query)).first()
        return WaitlistEntry(**columns_of(row)) if row else None

    async def first_waiting(self, slot_id: int) -> WaitlistEntry | None:
        query = (
            select(waitlist_entries)
            .where(waitlist_entries.c.slot_id == slot_id, waitlist_entries.c.state == WAITING)
            .order_by(waitlist_entries.c.created_at, waitlist_entries.c.id)
            .limit(1)
        )
        row = (await self._connection.execute(query)).first()
        return WaitlistEntry(**columns_of(row)) if row else None

    async def for_user(self, user_id: int) -> list[WaitlistEntry]:
        query = select(waitlist_entries).where(
            waitlist_entries.c.user_id == user_id,
            waitlist_entries.c.state.in_((WAITING, OFFERED)),
        )
        return [WaitlistEntry(**columns_of(row)) for row in await self._connection.execute(query)]

    async def expired_offers(self, now: datetime) -> list[WaitlistEntry]:
        query = select(waitlist_entries).where(
            waitlist_entries.c.state == OFFERED, waitlist_entries.c.offered_until <= now
        )
        return [WaitlistEntry(**columns_of(row)) for row in await self._connection.execute(query)]

    async def set_state(
        self, entry_id: int, state: str, only_from: str, offered_until: datetime | None = None
    ) -> bool:
        """Move an entry on; False when someone else (another process) moved it first."""
        statement = (
            update(waitlist_entries)
            .where(waitlist_entries.c.id == entry_id, waitlist_entries.c.state == only_from)
            .values(state=state, offered_until=offered_until)
        )
        return (await self._connection.execute(statement)).rowcount == 1
