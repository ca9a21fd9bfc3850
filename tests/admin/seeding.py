"""Data the admin tests need beyond the demo catalogue: a booking today, a person's profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.records import Profile
from storage.tables import centres, programmes
from storage.uow import UnitOfWork

SEOUL = ZoneInfo("Asia/Seoul")


async def centre_with_hours(engine) -> int:
    async with UnitOfWork(engine) as uow:
        query = select(centres.c.id).where(centres.c.opens_at.is_not(None)).order_by(centres.c.id)
        return (await uow.connection.execute(query)).scalars().first()


async def booking_today(
    engine, person: str = "web-user-1", sido: str = "경기도", programme: bool = False
) -> int:
    """A person with a profile and an active booking of a slot later today (about the first
    programme, which she viewed and subscribed to, with `programme`); the booking's id."""
    now = datetime.now(UTC)
    starts = now.astimezone(SEOUL).replace(minute=0, second=0, microsecond=0)
    starts = min(starts + timedelta(hours=1), starts.replace(hour=23))
    async with UnitOfWork(engine) as uow:
        user = await uow.users.seen("web", person, now)
        await uow.profiles.save(Profile(user_id=user.id, sido=sido), now)
        slot = await uow.slots.add(
            centre_id=await _first(uow, centres),
            mode="visit",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
            capacity=2,
            taken=1,
        )
        programme_id = await _first(uow, programmes) if programme else None
        if programme_id is not None:
            await uow.subscriptions.add(user.id, "programme", str(programme_id), now)
            await uow.views.count(programme_id, now.astimezone(SEOUL).date())
        booking = await uow.bookings.create(
            user.id, slot, now, phone="010-1234-5678", programme_id=programme_id
        )
        await uow.commit()
    return booking.id


async def _first(uow, table) -> int:
    query = select(table.c.id).order_by(table.c.id)
    return (await uow.connection.execute(query)).scalars().first()


async def subscribers(
    engine,
    channel: str,
    first_id: int,
    count: int,
    region: str,
    language: str | None = "ko",
    **alert: str,
) -> list[str]:
    """`count` people of `channel` (external ids from `first_id`) who agreed to personal data,
    live in `region` ("경기도 광명시") and asked for its news, plus the `kind=target` alerts
    given; their external ids."""
    now = datetime.now(UTC)
    people = [str(first_id + n) for n in range(count)]
    async with UnitOfWork(engine) as uow:
        for external_id in people:
            user = await uow.users.seen(channel, external_id, now)
            if language:
                await uow.users.set_language(user.id, language)
            await uow.users.set_consent(user.id, now)
            await uow.profiles.save(Profile(user.id, *region.split(" ", 1)), now)
            await uow.subscriptions.add(user.id, "region", region, now)
            for kind, target in alert.items():
                await uow.subscriptions.add(user.id, kind, target, now)
        await uow.commit()
    return people


async def first_programme(engine) -> tuple[int, str]:
    """The first programme's id and title."""
    async with UnitOfWork(engine) as uow:
        query = select(programmes.c.id, programmes.c.title).order_by(programmes.c.id)
        row = (await uow.connection.execute(query)).first()
    return row.id, row.title


async def programme_titled(engine, title: str) -> int:
    async with UnitOfWork(engine) as uow:
        query = select(programmes.c.id).where(programmes.c.title == title)
        return (await uow.connection.execute(query)).scalar_one()
