"""200 people press "book" for the same 5 seats at the same moment: exactly 5 get a seat and
the others hear kindly that it is full — on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from handlers.messages import Incoming
from storage.records import Conversation, Profile
from storage.tables import bookings, slots
from storage.uow import UnitOfWork
from tests.chat import make_engine
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id

PEOPLE = 200
SEATS = 5


async def ready_people(engine, clock) -> list[str]:
    """People who agreed and gave a phone number, as if they had chatted before."""
    names = [f"racer-{n}" for n in range(PEOPLE)]
    async with UnitOfWork(engine) as uow:
        for name in names:
            user = await uow.users.seen("web", name, clock())
            await uow.users.set_language(user.id, "ko")
            await uow.users.set_consent(user.id, clock())
            await uow.profiles.save(Profile(user_id=user.id, phone="+821012345678"), clock())
            await uow.conversations.save(Conversation(user.id, "menu", "idle"), clock())
        await uow.commit()
    return names


async def test_two_hundred_people_race_for_five_seats(database, clock):
    centre = await centre_id(database, "광명시여성새일센터")
    slot = (await add_slots(database, centre, [THURSDAY], hours=(14,), capacity=SEATS))[
        (THURSDAY, 14)
    ]
    names = await ready_people(database, clock)
    engine = make_engine(database, clock)
    replies = await asyncio.gather(
        *(engine.handle(Incoming("web", name, data=f"bk:y:{slot}")) for name in names)
    )
    texts = [reply.messages[-1].text for reply in replies]
    assert sum("예약했어요" in text for text in texts) == SEATS
    full = [text for text in texts if "자리가 다 찼" in text]
    assert len(full) == PEOPLE - SEATS, {text for text in texts if "예약했어요" not in text}
    async with UnitOfWork(database) as uow:
        taken = (await uow.connection.execute(select(slots.c.taken))).scalar_one()
        active = (
            await uow.connection.execute(select(func.count()).where(bookings.c.state == "active"))
        ).scalar_one()
    assert taken == SEATS and active == SEATS
