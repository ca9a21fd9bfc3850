"""Retention (PIPA): the personal data of people inactive for RETENTION_DAYS is deleted, and a
booking's phone number BOOKING_PHONE_DAYS after its appointment (`erase_booking_phones`).

Deleted: the intake profile (the phone lives there), subscriptions, conversation state, waitlist
entries, a self-report of a job, handoffs to a counsellor with their transcripts, her log of
the conversation with the bot, messages not yet sent, the phone on bookings, the consent and
the language. Kept: the user row and the bookings with their states, so a centre's attended /
no-show counts survive.
The row becomes anonymous: its external id (a Telegram chat id, a Kakao or web id) is replaced
by `forgotten:<id>`, so a person who returns is a new, unconsented user with no link to the old
bookings.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, and_, cast, delete, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import (
    bookings,
    chat_log,
    conversations,
    handoffs,
    outbox,
    profiles,
    self_reports,
    slots,
    subscriptions,
    users,
    waitlist_entries,
)

FORGOTTEN = "forgotten:"
UNSENT = ("pending", "claimed")


def _inactive(before: datetime):
    """People last seen before `before` whose data is still here."""
    return and_(users.c.last_seen_at < before, users.c.external_id.not_like(f"{FORGOTTEN}%"))


async def forget_inactive(connection: AsyncConnection, before: datetime) -> int:
    """Forget everyone last seen before `before`; returns how many people were forgotten."""
    people = select(users.c.id).where(_inactive(before)).scalar_subquery()
    tables = (
        profiles,
        subscriptions,
        conversations,
        waitlist_entries,
        self_reports,
        handoffs,
        chat_log,
    )
    for table in tables:
        await connection.execute(delete(table).where(table.c.user_id.in_(people)))
    await connection.execute(
        delete(outbox).where(outbox.c.user_id.in_(people), outbox.c.state.in_(UNSENT))
    )
    await connection.execute(
        update(bookings)
        .where(bookings.c.user_id.in_(people), bookings.c.phone.is_not(None))
        .values(phone=None)
    )
    anonymous = literal(FORGOTTEN) + cast(users.c.id, String)
    result = await connection.execute(
        update(users)
        .where(_inactive(before))
        .values(
            external_id=anonymous, consent_at=None, language=None, notifications=False, active=False
        )
    )
    return result.rowcount


async def erase_booking_phones(connection: AsyncConnection, ended_before: datetime) -> int:
    """The phone of every booking whose appointment ended before `ended_before` is erased;
    returns how many."""
    ended = select(slots.c.id).where(slots.c.ends_at < ended_before)
    result = await connection.execute(
        update(bookings)
        .where(bookings.c.phone.is_not(None), bookings.c.slot_id.in_(ended))
        .values(phone=None)
    )
    return result.rowcount
