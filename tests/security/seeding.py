"""Two centres, each with one consented person who booked counselling there today at 14:00
(Seoul) and asked for news of 경기도; a counsellor tied to the first centre only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.uow import UnitOfWork
from tests.handlers.booking_setup import SEOUL, add_slots, centre_id

OURS = "광명시여성새일센터"
THEIRS = "인천광역여성새로일하기센터"
OUR_PHONE, THEIR_PHONE = "010-1111-2222", "010-3333-4444"


@dataclass(frozen=True)
class TwoCentres:
    ours: int  # the counsellor's centre
    theirs: int
    our_booking: int
    their_booking: int


async def two_centres(engine, now: datetime) -> TwoCentres:
    today = now.astimezone(SEOUL).date()
    ours, theirs = await centre_id(engine, OURS), await centre_id(engine, THEIRS)
    our_slot = (await add_slots(engine, ours, [today], hours=(14,)))[(today, 14)]
    their_slot = (await add_slots(engine, theirs, [today], hours=(14,)))[(today, 14)]
    bookings = []
    async with UnitOfWork(engine) as uow:
        for person, slot, phone in (
            ("88000", our_slot, OUR_PHONE),
            ("88001", their_slot, THEIR_PHONE),
        ):
            user = await uow.users.seen("telegram", person, now)
            await uow.users.set_language(user.id, "ko")
            await uow.users.set_consent(user.id, now)
            await uow.subscriptions.add(user.id, "region", "경기도", now)
            booking = await uow.bookings.create(user.id, slot, now, phone=phone)
            bookings.append(booking.id)
        await uow.commit()
    return TwoCentres(ours, theirs, *bookings)


async def counsellor_of(engine, now: datetime, channel_id: str, centre: int) -> None:
    async with UnitOfWork(engine) as uow:
        await uow.staff.grant("telegram", channel_id, "staff", now, [centre])
        await uow.commit()
