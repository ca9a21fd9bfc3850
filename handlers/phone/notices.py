"""A booking's reminder for her phone: the template of her language (or Korean) filled in with
the day, place and kind of counselling and a signed link to see, change or cancel it in the web
chat. The same checks as the chat's reminder decide whether it is still due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from handlers.booking.notices import due_booking, when_text
from handlers.booking.places import MODE_NAMES, place_of
from handlers.i18n import _, speaking
from handlers.phone.templates import KIND, LINK, PLACE, REMINDER, WHEN, fill
from handlers.turn import FlowSettings
from storage.ports.stores import BookingStore
from storage.records import OutboxMessage, User


class NoPhone(Exception):
    """She has no number any more (deleted, withdrawn): the message cannot go by phone."""


@dataclass(frozen=True, slots=True)
class PhoneNotice:
    """One message for a phone: the template (by language), its variables and the text they
    make, the number (E.164) and the custom id the provider keeps it under (the outbox key)."""

    to: str
    custom_id: str
    template: str  # "reminder"
    language: str
    variables: dict[str, str] = field(default_factory=dict)
    text: str = ""
    attempt: int = 1  # more than 1: it may have gone already; ask the provider first


async def phone_of(uow: BookingStore, user: User) -> str:
    profile = await uow.profiles.get(user.id)
    if profile is None or not profile.phone or not profile.phone_notices:
        raise NoPhone("no number, or she no longer wants messages by phone")
    return profile.phone


async def booking_reminder(
    uow: BookingStore,
    message: OutboxMessage,
    user: User,
    settings: FlowSettings,
    language: str,
    now: datetime,
) -> PhoneNotice:
    """The reminder in `language` (one with an approved template); raises NoLongerDue or
    NoPhone when it should not go."""
    booking, slot = await due_booking(uow, message, settings, now)
    to = await phone_of(uow, user)
    where = await place_of(uow, slot)
    with speaking(settings.translator, language):
        values = {
            WHEN: when_text(slot, settings),
            PLACE: where.name if where else "-",
            KIND: _(MODE_NAMES[slot.mode]),
            LINK: settings.links.booking_url(booking.id, booking.secret),
        }
    template = REMINDER[language]
    return PhoneNotice(
        to, message.key, "reminder", language, values, fill(template, values), message.attempts
    )
