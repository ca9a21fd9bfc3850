"""A booking as a calendar file (.ics): sent as a document where the channel can send files,
and linked (`/ics/<signed token>.ics`) where it cannot."""

from __future__ import annotations

from datetime import datetime

from handlers.booking.places import MODE_NAMES, place_of
from handlers.calendar import booking_calendar
from handlers.i18n import N_, _
from handlers.messages import Attachment
from handlers.turn import FlowSettings
from storage.ports.stores import BookingStore

# TRANSLATORS: the calendar file's name as she sees it; keep the ".ics" ending.
FILENAME = N_("booking.ics")
MIME_TYPE = "text/calendar"


def calendar_filename() -> str:
    """The file's name in the current language ("예약.ics"); the English one when the
    translation is no plain file name (a path, a quote, no .ics ending)."""
    name = _(FILENAME)
    plain = name.isprintable() and not any(mark in name for mark in '/\\"')
    return name if plain and name.endswith(".ics") and len(name) > len(".ics") else FILENAME


async def booking_ics(
    uow: BookingStore, booking_id: int, settings: FlowSettings, now: datetime
) -> bytes | None:
    """The calendar file of an active booking, in the current language; None otherwise."""
    found = await uow.bookings.get(booking_id)
    if found is None or found[0].state != "active":
        return None
    booking, slot = found
    where = await place_of(uow, slot)
    name = where.name if where else ""
    description = _(MODE_NAMES[slot.mode])
    if where and where.phone:
        description += "\n" + _("Phone: {phone}", phone=where.phone)
    return booking_calendar(
        uid=f"booking-{booking.id}@ilteo",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Counselling: {place}", place=name),
        location=(where.address if where else None) or name,
        description=description,
        tz=settings.timezone,
        stamp=now,
        alarms=settings.booking.reminder_offsets,
    )


async def booking_attachment(
    uow: BookingStore, booking_id: int, settings: FlowSettings, now: datetime
) -> Attachment | None:
    content = await booking_ics(uow, booking_id, settings, now)
    found = await uow.bookings.get(booking_id)
    if content is None or found is None:
        return None
    return Attachment(
        calendar_filename(),
        content,
        MIME_TYPE,
        url=settings.links.ics_url(booking_id, found[0].secret),
    )
