"""Personal data kept no longer than needed: a booking's phone is erased BOOKING_PHONE_DAYS
after the appointment (the daily retention job, with a moved clock) and at once when consent is
withdrawn; her log of the conversation with the bot goes 30 days after it was written; SQLite
overwrites what it deletes. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text

from bot.scheduler import forget
from storage.database import create_engine
from storage.migrate import upgrade
from storage.tables import bookings, chat_log
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.chat import Person, make_engine
from tests.fakes.kakao import day_label
from tests.handlers.booking_setup import SEOUL, add_slots, centre_id, choose_time, consented

PHONE, STORED = "010-2345-6789", "+821023456789"
DAYS = timedelta(days=30)
YEAR = timedelta(days=365)


async def phones(engine) -> list[str | None]:
    async with UnitOfWork(engine) as uow:
        query = select(bookings.c.phone).order_by(bookings.c.id)
        return list((await uow.connection.execute(query)).scalars())


async def booked(database, clock, person: Person, days_ahead: int = 2) -> None:
    day = (clock() + timedelta(days=days_ahead)).astimezone(SEOUL).date()
    await add_slots(database, await centre_id(database, "광명시여성새일센터"), [day], hours=(14,))
    await consented(person)
    await choose_time(person, day_label(day), "오후 2시")
    await person.tap("네, 예약할게요")
    await person.say(PHONE)


async def test_a_bookings_phone_is_erased_thirty_days_after_the_appointment(database, clock):
    person = Person(make_engine(database, clock))
    await booked(database, clock, person)
    assert await phones(database) == [STORED]
    uows = UnitOfWorkFactory(database)
    clock.advance(days=2 + 29)  # 29 days after the appointment: still needed
    await forget(uows, clock, YEAR, DAYS)
    assert await phones(database) == [STORED]
    clock.advance(days=1, hours=6)  # the appointment ended at 14:30 Seoul time
    await forget(uows, clock, YEAR, DAYS)
    assert await phones(database) == [None]


async def test_withdrawing_consent_erases_the_bookings_phone_at_once(database, clock):
    person = Person(make_engine(database, clock))
    await booked(database, clock, person)
    await person.from_menu("내 정보")
    await person.tap("동의 취소")
    assert await phones(database) == [None]


async def log_lines(engine) -> list[str]:
    async with UnitOfWork(engine) as uow:
        query = select(chat_log.c.text).order_by(chat_log.c.id)
        return list((await uow.connection.execute(query)).scalars())


async def test_her_log_with_the_bot_is_deleted_thirty_days_after_it_was_written(database, clock):
    person = Person(make_engine(database, clock))
    await consented(person)
    await person.say("요리 교육 받고 싶어요")
    clock.advance(days=20)
    await person.say("버스 언제 와요?")
    uows = UnitOfWorkFactory(database)
    clock.advance(days=9, hours=23)  # the first line is 29 days and 23 hours old: kept
    await forget(uows, clock, YEAR, DAYS)
    assert "요리 교육 받고 싶어요" in await log_lines(database)
    clock.advance(hours=2)
    await forget(uows, clock, YEAR, DAYS)
    left = await log_lines(database)
    assert "요리 교육 받고 싶어요" not in left and "버스 언제 와요?" in left
    clock.advance(days=21)
    await forget(uows, clock, YEAR, DAYS)
    async with UnitOfWork(database) as uow:
        query = select(func.count()).select_from(chat_log)
        assert (await uow.connection.execute(query)).scalar_one() == 0


async def test_sqlite_overwrites_what_it_deletes(sqlite_url):
    engine = create_engine(sqlite_url)
    try:
        await upgrade(engine)
        async with UnitOfWork(engine) as uow:  # the units of work's own connections
            assert (await uow.connection.execute(text("PRAGMA secure_delete"))).scalar_one() == 1
        async with engine.connect() as connection:  # the engine's (migrations, the CLI)
            assert (await connection.execute(text("PRAGMA secure_delete"))).scalar_one() == 1
    finally:
        await engine.dispose()
