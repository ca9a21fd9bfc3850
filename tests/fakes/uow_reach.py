"""A staff member's reach over the fake's tables, as `storage/repositories/reach.py` writes
it in SQL: her centres' slots (every bus slot for a bus centre), her centres' programmes, and
her centres' people (a booking or a waitlist place on one of her slots or a booking of her
programmes, or an alert for one of her programmes or, for a bus centre, any bus alert)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.records import Scope, Slot
from storage.repositories.reach import BUS_ALERTS

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


def has_bus(storage: FakeStorage, ids: frozenset[int]) -> bool:
    return any(c.id in ids and c.kind == "mobile" for c in storage.rows("centres"))


def slot_within(storage: FakeStorage, scope: Scope, slot: Slot) -> bool:
    if scope.centres is None:
        return True
    ids = scope.centres
    if not ids:
        return False
    return slot.centre_id in ids or (slot.visit_id is not None and has_bus(storage, ids))


def programme_within(storage: FakeStorage, scope: Scope, programme_id: int) -> bool:
    if scope.centres is None:
        return True
    programme = storage.table("programmes").get(programme_id)
    return programme is not None and programme.centre_id in scope.centres


def person_within(storage: FakeStorage, scope: Scope, user_id: int) -> bool:
    if scope.centres is None:
        return True
    if not scope.centres:
        return False
    slots = storage.table("slots")
    her_slots = {key for key, slot in slots.items() if slot_within(storage, scope, slot)}
    programmes = {p.id for p in storage.rows("programmes") if p.centre_id in scope.centres}
    booked = any(
        b.user_id == user_id and (b.slot_id in her_slots or b.programme_id in programmes)
        for b in storage.rows("bookings")
    )
    waiting = any(w.user_id == user_id and w.slot_id in her_slots for w in storage.rows("waitlist"))
    return booked or waiting or _alerted(storage, scope.centres, programmes, user_id)


def _alerted(storage: FakeStorage, ids: frozenset[int], programmes: set[int], user_id: int) -> bool:
    targets = {str(each) for each in programmes}
    bus = has_bus(storage, ids)
    return any(
        s.user_id == user_id
        and ((s.kind == "programme" and s.target in targets) or (s.kind in BUS_ALERTS and bus))
        for s in storage.rows("subscriptions")
    )
