"""Bookings of counselling slots: one active booking per person and slot (a partial unique
index), states active → cancelled / moved / attended / no_show, and the staff's counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import EVERYTHING, Booking, Scope, Slot
from storage.repositories.reach import slot_condition, within
from storage.repositories.rows import columns_of, labelled
from storage.tables import bookings, new_secret, slots, users

ACTIVE = "active"


class BookingRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def create(
        self,
        user_id: int,
        slot_id: int,
        now: datetime,
        phone: str | None = None,
        programme_id: int | None = None,
    ) -> Booking:
        values = {
            "user_id": user_id,
            "slot_id": slot_id,
            "programme_id": programme_id,
            "state": ACTIVE,
            "phone": phone,
            "created_at": now,
            "updated_at": now,
            "secret": new_secret(),
        }
        result = await self._connection.execute(bookings.insert().values(**values))
        return Booking(id=result.inserted_primary_key[0], **values)

    async def get(self, booking_id: int) -> tuple[Booking, Slot] | None:
        rows = await self._with_slots(bookings.c.id == booking_id)
        return rows[0] if rows else None

    async def upcoming(self, user_id: int, now: datetime) -> list[tuple[Booking, Slot]]:
        """A person's active bookings that have not started yet, soonest first."""
        return await self._with_slots(
            bookings.c.user_id == user_id, bookings.c.state == ACTIVE, slots.c.ends_at > now
        )

    async def overlapping(self, user_id: int, slot: Slot) -> list[tuple[Booking, Slot]]:
        """This person's active bookings at the same time as `slot` (itself included)."""
        return await self._with_slots(
            bookings.c.user_id == user_id,
            bookings.c.state == ACTIVE,
            slots.c.starts_at < slot.ends_at,
            slots.c.ends_at > slot.starts_at,
        )

    async def set_state(
        self, booking_id: int, state: str, now: datetime, only_from: str | None = ACTIVE
    ) -> bool:
        """Move a booking to `state`; False when it was not in `only_from` any more."""
        statement = update(bookings).where(bookings.c.id == booking_id)
        if only_from is not None:
            statement = statement.where(bookings.c.state == only_from)
        result = await self._connection.execute(statement.values(state=state, updated_at=now))
        return result.rowcount == 1

    async def starting_between(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[tuple[Booking, Slot]]:
        """Every booking (any state but cancelled or moved) of slots starting in [first, last),
        of the slots within `scope`."""
        reach = slot_condition(scope)
        return await self._with_slots(
            slots.c.starts_at >= first,
            slots.c.starts_at < last,
            bookings.c.state.not_in(("cancelled", "moved")),
            *([] if reach is None else [reach]),
        )

    async def within_scope(self, booking_id: int, scope: Scope) -> bool:
        """Whether the booking is of a slot within `scope` (and exists)."""
        query = within(
            select(bookings.c.id)
            .join(slots, slots.c.id == bookings.c.slot_id)
            .where(bookings.c.id == booking_id),
            slot_condition(scope),
        )
        return (await self._connection.execute(query)).first() is not None

    async def counts(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> dict[str, int]:
        """How many bookings of slots in [first, last) within `scope` are in each state."""
        query = within(
            select(bookings.c.state, func.count())
            .join(slots, slots.c.id == bookings.c.slot_id)
            .where(slots.c.starts_at >= first, slots.c.starts_at < last),
            slot_condition(scope),
        ).group_by(bookings.c.state)
        return {state: count for state, count in await self._connection.execute(query)}

    async def erase_phones(self, user_id: int) -> None:
        """Her bookings keep no phone number (consent withdrawn)."""
        await self._connection.execute(
            update(bookings)
            .where(bookings.c.user_id == user_id, bookings.c.phone.is_not(None))
            .values(phone=None)
        )

    async def lock_user(self, user_id: int) -> None:
        """Serialise one person's bookings across processes (PostgreSQL); SQLite's write
        transaction is already exclusive."""
        if self._connection.dialect.name == "postgresql":
            query = select(users.c.id).where(users.c.id == user_id).with_for_update()
            await self._connection.execute(query)

    async def _with_slots(self, *conditions) -> list[tuple[Booking, Slot]]:
        query = (
            select(*labelled(bookings, "b"), *labelled(slots, "s"))
            .join(slots, slots.c.id == bookings.c.slot_id)
            .where(*conditions)
            .order_by(slots.c.starts_at, bookings.c.id)
        )
        rows = (await self._connection.execute(query)).all()
        return [(Booking(**columns_of(row, "b")), Slot(**columns_of(row, "s"))) for row in rows]
