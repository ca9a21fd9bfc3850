"""Counselling slots and closure days: where and when a person can be seen, and how many seats
are left. A seat is taken by one conditional UPDATE, so two people never get the last one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Closure, Slot
from storage.repositories.rows import columns_of
from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import closures, slots


class SlotRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, **values) -> int:
        result = await self._connection.execute(slots.insert().values(**values))
        return result.inserted_primary_key[0]

    async def get(self, slot_id: int) -> Slot | None:
        row = (await self._connection.execute(select(slots).where(slots.c.id == slot_id))).first()
        return Slot(**columns_of(row)) if row else None

    async def starts_at_place(
        self,
        *,
        centre_id: int | None,
        visit_id: int | None,
        mode: str,
        first: datetime,
        last: datetime,
    ) -> set[datetime]:
        """Start times of the slots a place already has (so generating twice adds nothing)."""
        query = select(slots.c.starts_at).where(
            _at_place(centre_id, visit_id),
            slots.c.mode == mode,
            slots.c.starts_at >= first,
            slots.c.starts_at < last,
        )
        return set((await self._connection.execute(query)).scalars())

    async def between(
        self,
        first: datetime,
        last: datetime,
        *,
        mode: str | None = None,
        centre_id: int | None = None,
        visit_id: int | None = None,
    ) -> list[Slot]:
        """Slots starting in [first, last), soonest first, full ones included."""
        conditions = [slots.c.starts_at >= first, slots.c.starts_at < last]
        if mode is not None:
            conditions.append(slots.c.mode == mode)
        if centre_id is not None or visit_id is not None:
            conditions.append(_at_place(centre_id, visit_id))
        query = select(slots).where(*conditions).order_by(slots.c.starts_at, slots.c.id)
        return [Slot(**columns_of(row)) for row in await self._connection.execute(query)]

    async def seats_by_place(
        self, first: datetime, last: datetime, mode: str
    ) -> list[tuple[int | None, int | None, int]]:
        """(centre id, visit id, seats left) of each place with a free seat in [first, last)."""
        left = func.sum(slots.c.capacity - slots.c.taken)
        query = (
            select(slots.c.centre_id, slots.c.visit_id, left)
            .where(
                slots.c.mode == mode,
                slots.c.starts_at >= first,
                slots.c.starts_at < last,
                slots.c.taken < slots.c.capacity,
            )
            .group_by(slots.c.centre_id, slots.c.visit_id)
            .order_by(func.min(slots.c.starts_at))
        )
        return [tuple(row) for row in await self._connection.execute(query)]

    async def modes_with_seats(self, first: datetime, last: datetime) -> set[str]:
        query = (
            select(slots.c.mode)
            .distinct()
            .where(
                slots.c.starts_at >= first,
                slots.c.starts_at < last,
                slots.c.taken < slots.c.capacity,
            )
        )
        return set((await self._connection.execute(query)).scalars())

    async def take_seat(self, slot_id: int) -> bool:
        """One seat more is taken, if one is left; False when the slot is full."""
        statement = (
            update(slots)
            .where(slots.c.id == slot_id, slots.c.taken < slots.c.capacity)
            .values(taken=slots.c.taken + 1)
        )
        return (await self._connection.execute(statement)).rowcount == 1

    async def free_seat(self, slot_id: int) -> None:
        statement = (
            update(slots)
            .where(slots.c.id == slot_id, slots.c.taken > 0)
            .values(taken=slots.c.taken - 1)
        )
        await self._connection.execute(statement)

    async def add_closure(self, day: date, centre_id: int | None, reason: str | None) -> bool:
        """False when that day is already closed for that centre."""
        values = {"day": day, "centre_id": centre_id, "reason": reason}
        if centre_id is None and await self._closed_everywhere(day):
            return False
        return await insert_ignoring_conflict(
            self._connection, closures, values, keys=("day", "centre_id")
        )

    async def closures_between(self, first: date, last: date) -> list[Closure]:
        query = select(closures).where(closures.c.day >= first, closures.c.day <= last)
        return [Closure(**columns_of(row)) for row in await self._connection.execute(query)]

    async def _closed_everywhere(self, day: date) -> bool:
        query = select(closures.c.id).where(closures.c.day == day, closures.c.centre_id.is_(None))
        return (await self._connection.execute(query)).first() is not None


def _at_place(centre_id: int | None, visit_id: int | None):
    if visit_id is not None:
        return slots.c.visit_id == visit_id
    return and_(slots.c.centre_id == centre_id, slots.c.visit_id.is_(None))
