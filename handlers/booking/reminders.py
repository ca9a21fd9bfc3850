"""A booking's reminders in the outbox: one row per offset (REMINDER_OFFSETS), keyed by the
booking, so they are queued once, and cancelled or moved with the booking."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.ports.stores import BookingStore
from storage.records import Booking, Slot
from storage.repositories.phone_notices import BY_PHONE


def reminder_key(booking_id: int, offset: timedelta) -> str:
    return f"booking:{booking_id}:before:{int(offset.total_seconds())}s"


async def reminder_way(uow: BookingStore, user_id: int, by_phone: bool) -> str | None:
    """ "sms" when her reminders go to her phone by 알림톡/SMS (it is set up, she said yes and
    gave a number); None for her chat."""
    if not by_phone:
        return None
    profile = await uow.profiles.get(user_id)
    return BY_PHONE if profile and profile.phone_notices and profile.phone else None


async def queue_reminders(
    uow: BookingStore,
    booking: Booking,
    slot: Slot,
    now: datetime,
    offsets: tuple[timedelta, ...],
    via: str | None = None,
) -> int:
    """One reminder per offset still ahead; an offset already past at booking time is skipped
    (booking at 13:30 for 14:00 gets no "tomorrow" reminder). `via`: see `reminder_way`."""
    queued = 0
    for offset in offsets:
        due = slot.starts_at - offset
        if due <= now:
            continue
        payload = {"type": "booking", "booking_id": booking.id, "before_s": offset.total_seconds()}
        key = reminder_key(booking.id, offset)
        queued += await uow.outbox.enqueue(key, booking.user_id, "reminder", payload, due, via)
    return queued


async def cancel_reminders(
    uow: BookingStore, booking_id: int, offsets: tuple[timedelta, ...]
) -> None:
    for offset in offsets:
        await uow.outbox.cancel(reminder_key(booking_id, offset))
