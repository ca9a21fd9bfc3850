"""In-memory repositories of booking, for `tests/fakes/uow.py`.

Slots, bookings, the waitlist and the outbox work over dicts as the repositories of
`storage/repositories` do (a seat is taken only while one is left, a state moves on only from
the state it was in), so the booking flows run here; what only a database can show (two
processes racing for the last seat, the person lock across processes) stays in
tests/handlers/test_booking_race.py on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
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
from storage.repositories.phone_notices import BOOKING_REMINDERS, BY_PHONE
from storage.tables import new_secret
from tests.fakes.uow_reach import slot_within
from tests.fakes.uow_records import record_of

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage

WAITING, OFFERED = "waiting", "offered"


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
            and ((centre_id is None and visit_id is None) or _at_place(s, centre_id, visit_id))
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
        slot = self._slots.get(slot_id)
        if slot is None or slot.taken >= slot.capacity:
            return False
        self._slots[slot_id] = replace(slot, taken=slot.taken + 1)
        return True

    async def free_seat(self, slot_id: int) -> None:
        slot = self._slots.get(slot_id)
        if slot is not None and slot.taken > 0:
            self._slots[slot_id] = replace(slot, taken=slot.taken - 1)

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
        if any(
            (b.user_id, b.slot_id, b.state) == (user_id, slot_id, ACTIVE)
            for b in self._bookings.values()
        ):
            raise ValueError("one active booking per person and slot (a unique index)")
        id_ = self._storage.new_id("bookings")
        secret = new_secret()
        booking = Booking(id_, user_id, slot_id, programme_id, ACTIVE, phone, now, now, secret)
        self._bookings[id_] = booking
        return booking

    async def get(self, booking_id: int) -> tuple[Booking, Slot] | None:
        booking = self._bookings.get(booking_id)
        return (booking, self._storage.table("slots")[booking.slot_id]) if booking else None

    async def upcoming(self, user_id: int, now: datetime) -> list[tuple[Booking, Slot]]:
        return [(b, slot) for b, slot in self._with_slots(user_id) if slot.ends_at > now]

    def _with_slots(self, user_id: int) -> list[tuple[Booking, Slot]]:
        """Her active bookings with their slots, by start then booking (as the SQL orders)."""
        slots = self._storage.table("slots")
        mine = [
            (b, slots[b.slot_id])
            for b in self._bookings.values()
            if b.user_id == user_id and b.state == ACTIVE
        ]
        return sorted(mine, key=lambda pair: (pair[1].starts_at, pair[0].id))

    async def overlapping(self, user_id: int, slot: Slot) -> list[tuple[Booking, Slot]]:
        return [
            (booking, other)
            for booking, other in self._with_slots(user_id)
            if other.starts_at < slot.ends_at and other.ends_at > slot.starts_at
        ]

    async def set_state(
        self, booking_id: int, state: str, now: datetime, only_from: str | None = ACTIVE
    ) -> bool:
        booking = self._bookings.get(booking_id)
        if booking is None or only_from not in (None, booking.state):
            return False
        self._bookings[booking_id] = replace(booking, state=state, updated_at=now)
        return True

    async def starting_between(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[tuple[Booking, Slot]]:
        """Every booking (but cancelled or moved ones) of slots within `scope` starting in
        [first, last), by start then booking."""
        found = [
            pair
            for pair in self._between(first, last, scope)
            if pair[0].state not in ("cancelled", "moved")
        ]
        return sorted(found, key=lambda pair: (pair[1].starts_at, pair[0].id))

    async def within_scope(self, booking_id: int, scope: Scope) -> bool:
        booking = self._bookings.get(booking_id)
        slots = self._storage.table("slots")
        return booking is not None and slot_within(self._storage, scope, slots[booking.slot_id])

    async def counts(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> dict[str, int]:
        """How many bookings of slots in [first, last) within `scope` are in each state."""
        return dict(Counter(booking.state for booking, _ in self._between(first, last, scope)))

    def _between(self, first: datetime, last: datetime, scope: Scope) -> list[tuple[Booking, Slot]]:
        slots = self._storage.table("slots")
        return [
            (booking, slots[booking.slot_id])
            for booking in self._bookings.values()
            if first <= slots[booking.slot_id].starts_at < last
            and slot_within(self._storage, scope, slots[booking.slot_id])
        ]

    async def erase_phones(self, user_id: int) -> None:
        for id_, booking in list(self._bookings.items()):
            if booking.user_id == user_id:
                self._bookings[id_] = replace(booking, phone=None)

    async def lock_user(self, user_id: int) -> None:
        """A fake unit of work already holds the storage alone (SQLite's one writer)."""


class FakeWaitlist:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._entries = storage.table("waitlist")

    async def join(self, slot_id: int, user_id: int, now: datetime) -> WaitlistEntry:
        """Wait for the slot (again, at the back of the line, if she had left it)."""
        current = await self.entry(slot_id, user_id)
        if current is not None and current.state in (WAITING, OFFERED):
            return current
        id_ = current.id if current is not None else self._storage.new_id("waitlist")
        entry = WaitlistEntry(id_, slot_id, user_id, WAITING, None, now)
        self._entries[id_] = entry
        return entry

    async def entry(self, slot_id: int, user_id: int) -> WaitlistEntry | None:
        found = [e for e in self._entries.values() if (e.slot_id, e.user_id) == (slot_id, user_id)]
        return found[0] if found else None

    async def get(self, entry_id: int) -> WaitlistEntry | None:
        entry: WaitlistEntry | None = self._entries.get(entry_id)
        return entry

    async def first_waiting(self, slot_id: int) -> WaitlistEntry | None:
        waiting = [e for e in self._entries.values() if e.slot_id == slot_id and e.state == WAITING]
        return min(waiting, key=lambda e: (e.created_at, e.id), default=None)

    async def for_user(self, user_id: int) -> list[WaitlistEntry]:
        mine = self._entries.values()
        return [e for e in mine if e.user_id == user_id and e.state in (WAITING, OFFERED)]

    async def expired_offers(self, now: datetime) -> list[WaitlistEntry]:
        offered = [e for e in self._entries.values() if e.state == OFFERED]
        return [e for e in offered if e.offered_until is not None and e.offered_until <= now]

    async def set_state(
        self, entry_id: int, state: str, only_from: str, offered_until: datetime | None = None
    ) -> bool:
        entry = self._entries.get(entry_id)
        if entry is None or entry.state != only_from:
            return False
        self._entries[entry_id] = replace(entry, state=state, offered_until=offered_until)
        return True


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
        self._messages = storage.table("outbox")

    async def route(self, user_id: int, by_phone: bool) -> int:
        """Her bookings' waiting reminders go by phone (or back to her chat); how many."""
        routed = 0
        for id_, m in list(self._messages.items()):
            if (m.user_id, m.state, m.kind) == (
                user_id,
                "pending",
                "reminder",
            ) and m.key.startswith(BOOKING_REMINDERS.rstrip("%")):
                self._messages[id_] = replace(m, via=BY_PHONE if by_phone else None)
                routed += 1
        return routed

    async def forget_phone(self, user_id: int) -> None:
        await self._bookings.erase_phones(user_id)


def _at_place(slot: Slot, centre_id: int | None, visit_id: int | None) -> bool:
    """A bus visit's slots by the visit; a centre's own slots (not its bus's) by the centre."""
    if visit_id is not None:
        return slot.visit_id == visit_id
    return slot.centre_id == centre_id and slot.visit_id is None
