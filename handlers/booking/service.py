"""The booking use cases: book, cancel, move, and the waitlist's offers.

Each runs inside the caller's unit of work and changes everything it touches or nothing. A
seat is taken by a conditional UPDATE (`taken < capacity`), so concurrent requests never
overbook; a person's own bookings are serialised by locking her user row (PostgreSQL) or by
SQLite's exclusive write transaction, so she never holds two at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from handlers.booking.policy import BookingPolicy
from handlers.booking.reminders import cancel_reminders, queue_reminders, reminder_way
from handlers.opening_days import OpenDays
from storage.ports.stores import BookingStore
from storage.records import Booking, Slot, WaitlistEntry


class Refusal(Enum):
    NO_SLOT = "no_slot"  # the slot does not exist (a stale or forged button)
    OUT_OF_WINDOW = "out_of_window"  # too soon (BOOKING_MIN_NOTICE) or too far ahead
    FULL = "full"
    ALREADY = "already"  # she has booked this very slot
    CLASH = "clash"  # she has another booking at that time
    CLOSED = "closed"  # the centre closed that day after the slot was made
    TOO_MANY = "too_many"  # she already holds MAX_OPEN bookings (in any of her chats)


MAX_OPEN = 3  # open bookings one person may hold: nobody can take every seat of a centre


@dataclass(frozen=True, slots=True)
class Booked:
    booking: Booking
    slot: Slot


@dataclass(frozen=True, slots=True)
class Clash:
    """Refused because of her other booking at that time (shown to her)."""

    booking: Booking
    slot: Slot
    refusal: Refusal = Refusal.CLASH


async def book(
    uow: BookingStore,
    user_id: int,
    slot_id: int,
    now: datetime,
    policy: BookingPolicy,
    phone: str | None = None,
    *,
    held: bool = False,
    replacing: int | None = None,
) -> Booked | Clash | Refusal:
    """Take a seat and record the booking, with its reminders. `held`: the seat is already
    hers (a waitlist offer); `replacing`: the booking being moved, which may overlap."""
    slot = await uow.slots.get(slot_id)
    if slot is None:
        return Refusal.NO_SLOT
    first, last = policy.window(now)
    if not (first <= slot.starts_at <= last or (held and slot.starts_at > now)):
        return Refusal.OUT_OF_WINDOW
    if await closed_day(uow, slot, policy):
        return Refusal.CLOSED
    await uow.bookings.lock_user(user_id)
    if await too_many_open(uow, user_id, now, replacing):
        return Refusal.TOO_MANY
    for other, other_slot in await uow.bookings.overlapping(user_id, slot):
        if other.id == replacing:
            continue
        return Refusal.ALREADY if other_slot.id == slot.id else Clash(other, other_slot)
    if not held and not await uow.slots.take_seat(slot.id):
        return Refusal.FULL
    booking = await uow.bookings.create(user_id, slot.id, now, phone=phone)
    via = await reminder_way(uow, user_id, policy.by_phone)
    await queue_reminders(uow, booking, slot, now, policy.reminder_offsets, via)
    return Booked(booking, slot)


async def too_many_open(
    uow: BookingStore, user_id: int, now: datetime, replacing: int | None = None
) -> bool:
    """She already holds MAX_OPEN bookings still ahead (a booking being moved is not counted:
    moving never adds one)."""
    upcoming = await uow.bookings.upcoming(user_id, now)
    return sum(1 for booking, _slot in upcoming if booking.id != replacing) >= MAX_OPEN


async def closed_day(uow: BookingStore, slot: Slot, policy: BookingPolicy) -> bool:
    """A centre's slot on a day closed since it was made (the bus keeps its own plan)."""
    if slot.centre_id is None:
        return False
    local_day = slot.starts_at.astimezone(policy.timezone).date()
    closures = await uow.slots.closures_between(local_day, local_day)
    return not OpenDays(closures, slot.centre_id).is_open(local_day)


async def own_booking(
    uow: BookingStore, user_id: int, booking_id: int, now: datetime
) -> tuple[Booking, Slot] | None:
    """Her active booking that is still ahead; None for anyone else's, a past or closed one."""
    found = await uow.bookings.get(booking_id)
    if found is None:
        return None
    booking, slot = found
    if booking.user_id != user_id or booking.state != "active" or slot.starts_at <= now:
        return None
    return found


async def cancel(
    uow: BookingStore, user_id: int, booking_id: int, now: datetime, policy: BookingPolicy
) -> tuple[Booking, Slot] | None:
    """Cancel her booking and free its seat at once (for the first in line, if any)."""
    found = await own_booking(uow, user_id, booking_id, now)
    if found is None or not await uow.bookings.set_state(booking_id, "cancelled", now):
        return None
    await cancel_reminders(uow, booking_id, policy.reminder_offsets)
    await seat_freed(uow, found[1], now, policy)
    return found


async def move(
    uow: BookingStore,
    user_id: int,
    booking_id: int,
    slot_id: int,
    now: datetime,
    policy: BookingPolicy,
) -> Booked | Clash | Refusal | None:
    """Take the new seat first; only then is the old one given up (all in one transaction).
    None when the old booking is no longer hers to move."""
    found = await own_booking(uow, user_id, booking_id, now)
    if found is None:
        return None
    old, old_slot = found
    result = await book(uow, user_id, slot_id, now, policy, old.phone, replacing=old.id)
    if not isinstance(result, Booked):
        return result
    await uow.bookings.set_state(old.id, "moved", now)
    await cancel_reminders(uow, old.id, policy.reminder_offsets)
    await seat_freed(uow, old_slot, now, policy)
    return result


def offer_key(entry: WaitlistEntry) -> str:
    return f"waitlist:{entry.id}:offer:{int(entry.created_at.timestamp())}"


async def seat_freed(uow: BookingStore, slot: Slot, now: datetime, policy: BookingPolicy) -> None:
    """A seat came free: hold it for the first in line (and tell her), or give it back."""
    if slot.starts_at > now + policy.min_notice:
        while (entry := await uow.waitlist.first_waiting(slot.id)) is not None:
            until = min(now + policy.waitlist_hold, slot.starts_at - policy.min_notice)
            if await uow.waitlist.set_state(entry.id, "offered", "waiting", offered_until=until):
                payload = {"type": "waitlist", "entry_id": entry.id}
                await uow.outbox.enqueue(offer_key(entry), entry.user_id, "waitlist", payload, now)
                return
    await uow.slots.free_seat(slot.id)


async def accept_offer(
    uow: BookingStore, user_id: int, entry_id: int, now: datetime, policy: BookingPolicy
) -> Booked | Clash | Refusal | None:
    """Take the seat held for her; None when the offer is not hers or has passed."""
    entry = await uow.waitlist.get(entry_id)
    if entry is None or entry.user_id != user_id or entry.state != "offered":
        return None
    if entry.offered_until is None or entry.offered_until <= now:
        return None
    result = await book(uow, user_id, entry.slot_id, now, policy, held=True)
    if isinstance(result, Booked):
        await uow.waitlist.set_state(entry.id, "accepted", "offered")
    return result


async def decline_offer(
    uow: BookingStore, user_id: int, entry_id: int, now: datetime, policy: BookingPolicy
) -> bool:
    entry = await uow.waitlist.get(entry_id)
    if entry is None or entry.user_id != user_id:
        return False
    if await uow.waitlist.set_state(entry.id, "left", "offered"):
        slot = await uow.slots.get(entry.slot_id)
        if slot is not None:
            await seat_freed(uow, slot, now, policy)
        return True
    return await uow.waitlist.set_state(entry.id, "left", "waiting")


async def expire_offers(uow: BookingStore, now: datetime, policy: BookingPolicy) -> int:
    """Offers nobody took in time pass to the next in line (a scheduler job)."""
    expired = 0
    for entry in await uow.waitlist.expired_offers(now):
        if await uow.waitlist.set_state(entry.id, "expired", "offered"):
            expired += 1
            slot = await uow.slots.get(entry.slot_id)
            if slot is not None:
                await seat_freed(uow, slot, now, policy)
    return expired


async def mark_attendance(uow: BookingStore, booking_id: int, state: str, now: datetime) -> bool:
    """Staff: she came (attended) or did not (no_show); a mistake can be corrected."""
    assert state in ("attended", "no_show")
    found = await uow.bookings.get(booking_id)
    if found is None or found[0].state not in ("active", "attended", "no_show"):
        return False
    return await uow.bookings.set_state(booking_id, state, now, only_from=found[0].state)
