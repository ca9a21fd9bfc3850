"""Ports of booking: slots and closures, bookings, the waitlist, the outbox, phone notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

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


class Slots(Protocol):
    async def add(self, **values: Any) -> int: ...

    async def get(self, slot_id: int) -> Slot | None: ...

    async def starts_at_place(
        self,
        *,
        centre_id: int | None,
        visit_id: int | None,
        mode: str,
        first: datetime,
        last: datetime,
    ) -> set[datetime]: ...

    async def between(
        self,
        first: datetime,
        last: datetime,
        *,
        mode: str | None = None,
        centre_id: int | None = None,
        visit_id: int | None = None,
    ) -> list[Slot]: ...

    async def seats_by_place(
        self, first: datetime, last: datetime, mode: str
    ) -> list[tuple[int | None, int | None, int]]: ...

    async def modes_with_seats(self, first: datetime, last: datetime) -> set[str]: ...

    async def take_seat(self, slot_id: int) -> bool: ...

    async def free_seat(self, slot_id: int) -> None: ...

    async def add_closure(self, day: date, centre_id: int | None, reason: str | None) -> bool: ...

    async def closures_between(self, first: date, last: date) -> list[Closure]: ...


class Bookings(Protocol):
    async def create(
        self,
        user_id: int,
        slot_id: int,
        now: datetime,
        phone: str | None = None,
        programme_id: int | None = None,
    ) -> Booking: ...

    async def get(self, booking_id: int) -> tuple[Booking, Slot] | None: ...

    async def upcoming(self, user_id: int, now: datetime) -> list[tuple[Booking, Slot]]: ...

    async def overlapping(self, user_id: int, slot: Slot) -> list[tuple[Booking, Slot]]: ...

    async def set_state(
        self, booking_id: int, state: str, now: datetime, only_from: str | None = ACTIVE
    ) -> bool: ...

    async def starting_between(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[tuple[Booking, Slot]]: ...

    async def within_scope(self, booking_id: int, scope: Scope) -> bool: ...

    async def counts(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> dict[str, int]: ...

    async def erase_phones(self, user_id: int) -> None: ...

    async def lock_user(self, user_id: int) -> None: ...


class Waitlist(Protocol):
    async def join(self, slot_id: int, user_id: int, now: datetime) -> WaitlistEntry: ...

    async def get(self, entry_id: int) -> WaitlistEntry | None: ...

    async def first_waiting(self, slot_id: int) -> WaitlistEntry | None: ...

    async def for_user(self, user_id: int) -> list[WaitlistEntry]: ...

    async def expired_offers(self, now: datetime) -> list[WaitlistEntry]: ...

    async def set_state(
        self, entry_id: int, state: str, only_from: str, offered_until: datetime | None = None
    ) -> bool: ...


class Outbox(Protocol):
    async def enqueue(
        self,
        key: str,
        user_id: int,
        kind: str,
        payload: dict[str, Any],
        due_at: datetime,
        via: str | None = None,
    ) -> bool: ...

    async def cancel(self, key: str) -> None: ...

    async def cancel_for_user(self, user_id: int) -> None: ...

    async def mark_sent(self, message_id: int, now: datetime) -> None: ...

    async def mark(self, message_id: int, state: str, error: str | None = None) -> None: ...

    async def pending_for(self, user_id: int, now: datetime) -> list[OutboxMessage]: ...


class PhoneNotices(Protocol):
    async def route(self, user_id: int, by_phone: bool) -> int: ...

    async def forget_phone(self, user_id: int) -> None: ...
