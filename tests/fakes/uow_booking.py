"""In-memory repositories of booking, for `tests/fakes/uow.py`.

What a flow reads (slots, her bookings, her waiting places, the outbox) works over dicts;
taking and freeing seats, booking and the waitlist's moves do not: they are what the database
must get right under races, so their tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storage.records import (
    EVERYTHING,
    Booking,
    Closure,
    OutboxMessage,
    Scope,
    Slot,
    WaitlistEntry,
)
from storage.repositories.bookings import ACTIVE
from storage.repositories.outbox import ACTIVE as QUEUED
from tests.fakes.uow_records import record_of

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage

BOOKING_ON_THE_DATABASE = "booking changes seats: see tests/handlers/test_booking*.py"


class FakeSlots:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._slots = storage.table("slots")

    async def add(self, **values: Any) -> int:
        id_ = self._storage.new_id("slots")
        self._slots[id_] = record_of(Slot, {"taken": 0, **values, "id": id_})
        return id_

    async def get(self, slot_id: int) -> Slot | None:
        slot: Slot | None = self._slots.get(slot_id)
        return slot

    async def starts_at_place(
        self,
        *,
        centre_id: int | None,
        visit_id: int | None,
        mode: str,
        first: datetime,
        last: datetime,
    ) -> set[datetime]:
        found = await self.between(first, last, mode=mode, centre_id=centre_id, visit_id=visit_id)
        return {slot.starts_at for slot in found}

    async def between(
        self,
        first: datetime,
        last: datetime,
        *,
        mode: str | None = None,
        centre_id: int | None = None,
        visit_id: int | None = None,
    ) -> list[Slot]:
        found = [
            s
            for s in self._slots.values()
            if first <= s.starts_at < last
            and mode in (None, s.mode)
            and (
                (centre_id is None and visit_id is None)
                or (s.centre_id, s.visit_id) == (centre_id, visit_id)
            )
        ]
        return sorted(found, key=lambda s: (s.starts_at, s.id))

    async def seats_by_place(
        self, first: datetime, last: datetime, mode: str
    ) -> list[tuple[int | None, int | None, int]]:
        left: dict[tuple[int | None, int | None], int] = {}
        for slot in await self.between(first, last, mode=mode):
            if slot.seats_left:
                place = (slot.centre_id, slot.visit_id)
                left[place] = left.get(place, 0) + slot.seats_left
        return [(centre, visit, seats) for (centre, visit), seats in left.items()]

    async def modes_with_seats(self, first: datetime, last: datetime) -> set[str]:
        return {slot.mode for slot in await self.between(first, last) if slot.seats_left}

    async def take_seat(self, slot_id: int) -> bool:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def free_seat(self, slot_id: int) -> None:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def add_closure(self, day: date, centre_id: int | None, reason: str | None) -> bool:
        closures = self._storage.table("closures")
        if any((c.day, c.centre_id) == (day, centre_id) for c in closures.values()):
            return False
        id_ = self._storage.new_id("closures")
        closures[id_] = Closure(id_, day, centre_id, reason)
        return True

    async def closures_between(self, first: date, last: date) -> list[Closure]:
        closures = self._storage.rows("closures")
        return sorted((c for c in closures if first <= c.day <= last), key=lambda c: c.day)


class FakeBookings:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._bookings = storage.table("bookings")

    async def create(
        self,
        user_id: int,
        slot_id: int,
        now: datetime,
        phone: str | None = None,
        programme_id: int | None = None,
    ) -> Booking:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def get(self, booking_id: int) -> tuple[Booking, Slot] | None:
        booking = self._bookings.get(booking_id)
        return (booking, self._storage.table("slots")[booking.slot_id]) if booking else None

    async def upcoming(self, user_id: int, now: datetime) -> list[tuple[Booking, Slot]]:
        slots = self._storage.table("slots")
        mine = [
            (b, slots[b.slot_id])
            for b in self._bookings.values()
            if b.user_id == user_id and b.state == ACTIVE and slots[b.slot_id].ends_at > now
        ]
        return sorted(mine, key=lambda pair: pair[1].starts_at)

    async def overlapping(self, user_id: int, slot: Slot) -> list[tuple[Booking, Slot]]:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def set_state(
        self, booking_id: int, state: str, now: datetime, only_from: str | None = ACTIVE
    ) -> bool:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def starting_between(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[tuple[Booking, Slot]]:
        raise NotImplementedError("staff's day: see test_staff_attendance")

    async def within_scope(self, booking_id: int, scope: Scope) -> bool:
        raise NotImplementedError("staff's reach: see tests/security")

    async def counts(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> dict[str, int]:
        raise NotImplementedError("staff figures: see the database tests")

    async def erase_phones(self, user_id: int) -> None:
        for id_, booking in list(self._bookings.items()):
            if booking.user_id == user_id:
                self._bookings[id_] = replace(booking, phone=None)

    async def lock_user(self, user_id: int) -> None:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)


class FakeWaitlist:
    def __init__(self, storage: FakeStorage) -> None:
        self._entries = storage.table("waitlist")

    async def join(self, slot_id: int, user_id: int, now: datetime) -> WaitlistEntry:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)

    async def get(self, entry_id: int) -> WaitlistEntry | None:
        entry: WaitlistEntry | None = self._entries.get(entry_id)
        return entry

    async def first_waiting(self, slot_id: int) -> WaitlistEntry | None:
        waiting = [
            e for e in self._entries.values() if e.slot_id == slot_id and e.state == "waiting"
        ]
        return min(waiting, key=lambda e: e.id, default=None)

    async def for_user(self, user_id: int) -> list[WaitlistEntry]:
        mine = self._entries.values()
        return [e for e in mine if e.user_id == user_id and e.state in ("waiting", "offered")]

    async def expired_offers(self, now: datetime) -> list[WaitlistEntry]:
        offered = [e for e in self._entries.values() if e.state == "offered"]
        return [e for e in offered if e.offered_until is not None and e.offered_until <= now]

    async def set_state(
        self, entry_id: int, state: str, only_from: str, offered_until: datetime | None = None
    ) -> bool:
        raise NotImplementedError(BOOKING_ON_THE_DATABASE)


class FakeOutbox:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._messages = storage.table("outbox")

    async def enqueue(
        self,
        key: str,
        user_id: int,
        kind: str,
        payload: dict[str, Any],
        due_at: datetime,
        via: str | None = None,
    ) -> bool:
        if any(m.key == key for m in self._messages.values()):
            return False
        id_ = self._storage.new_id("outbox")
        values = dict(key=key, user_id=user_id, kind=kind, payload=payload, due_at=due_at)
        message = record_of(OutboxMessage, {**values, "id": id_, "via": via})
        self._messages[id_] = replace(message, state="pending", attempts=0)
        return True

    async def cancel(self, key: str) -> None:
        self._close(lambda m: m.key == key, "cancelled")

    async def cancel_for_user(self, user_id: int) -> None:
        self._close(lambda m: m.user_id == user_id, "cancelled")

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        sent = replace(self._messages[message_id], state="sent", sent_at=now, last_error=None)
        self._messages[message_id] = sent

    async def mark(self, message_id: int, state: str, error: str | None = None) -> None:
        self._messages[message_id] = replace(
            self._messages[message_id], state=state, last_error=error
        )

    async def pending_for(self, user_id: int, now: datetime) -> list[OutboxMessage]:
        due = [
            m
            for m in self._messages.values()
            if m.user_id == user_id and m.state == "pending" and m.due_at <= now
        ]
        return sorted(due, key=lambda m: m.due_at)

    def _close(self, which: Any, state: str) -> None:
        for id_, message in list(self._messages.items()):
            if which(message) and message.state in QUEUED:
                self._messages[id_] = replace(message, state=state)


class FakePhoneNotices:
    def __init__(self, storage: FakeStorage) -> None:
        self._bookings = FakeBookings(storage)

    async def route(self, user_id: int, by_phone: bool) -> int:
        raise NotImplementedError("reminders by phone: see tests/channels (SMS)")

    async def forget_phone(self, user_id: int) -> None:
        await self._bookings.erase_phones(user_id)
