"""Slots for booking tests, added straight to the storage: two centres, a few times. Each
helper takes a real engine or the in-memory fake storage (tests/fakes/uow.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from handlers.messages import Reply
from storage.tables import centres, outbox
from storage.uow import UnitOfWork
from tests.chat import Person, units_of_work
from tests.fakes.uow import FakeStorage

SEOUL = ZoneInfo("Asia/Seoul")
# The clock of tests.chat starts on Monday 23 November 2026, 10:00 in Seoul.
THURSDAY = date(2026, 11, 26)
NEXT_THURSDAY = date(2026, 12, 3)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SEOUL)


async def centre_id(database, name: str) -> int:
    if isinstance(database, FakeStorage):
        (found,) = [centre.id for centre in database.rows("centres") if centre.name == name]
        return int(found)
    async with UnitOfWork(database) as uow:
        query = select(centres.c.id).where(centres.c.name == name)
        return (await uow.connection.execute(query)).scalar_one()


async def add_slots(
    database, centre: int, days: list[date], hours=(10, 14, 15), capacity=2, mode="visit"
) -> dict[tuple[date, int], int]:
    """Slots of 30 minutes; returns their ids by (day, hour)."""
    ids = {}
    async with units_of_work(database)() as uow:
        for day in days:
            for hour in hours:
                start = at(day, hour)
                ids[(day, hour)] = await uow.slots.add(
                    centre_id=centre,
                    mode=mode,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    capacity=capacity,
                    taken=0,
                )
        await uow.commit()
    return ids


async def consented(person: Person) -> None:
    """A person who chose Korean and agreed, then left the intake for the menu."""
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의해요")
    await person.start_over()


async def choose_time(person: Person, day: str, time: str, place: str | None = None) -> Reply:
    """From the menu, as she taps it: 상담 예약, the place (when several have free times, the
    test names it), the day ("11월 26일(목)") and the time ("오후 2시"); returns the question
    that reads it back."""
    await person.from_menu("상담 예약")
    if place is not None:
        await person.tap(place)
    await person.tap(day)
    return await person.tap(time)


async def outbox_rows(database, **where) -> list:
    """The outbox's messages with these values, soonest due first."""
    if isinstance(database, FakeStorage):
        found = [m for m in database.rows("outbox") if _matches(m, where)]
        return sorted(found, key=lambda message: message.due_at)
    async with UnitOfWork(database) as uow:
        query = select(outbox).order_by(outbox.c.due_at)
        for name, value in where.items():
            query = query.where(outbox.c[name] == value)
        return list((await uow.connection.execute(query)).all())


def _matches(record, where: dict) -> bool:
    return all(getattr(record, name) == value for name, value in where.items())
