"""Retention on SQLite and PostgreSQL: a person inactive for RETENTION_DAYS loses every piece of
personal data, yet the centre keeps its attended / no-show counts; someone active keeps all."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select

from storage.repositories.retention import forget_inactive
from storage.tables import (
    bookings,
    centres,
    chat_log,
    conversations,
    outbox,
    profiles,
    slots,
    subscriptions,
    users,
    waitlist_entries,
)
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
PERSONAL = (profiles, subscriptions, conversations, waitlist_entries, chat_log)


async def person(connection, external_id: str, last_seen: datetime, slot_id: int) -> int:
    """A consented person with a profile and phone, a subscription, a half-done conversation,
    a line of her log with the bot, a waitlist place, two bookings (one attended, one no-show)
    and one reminder still to go."""
    seen = {"consent_at": last_seen, "created_at": last_seen, "last_seen_at": last_seen}
    values = {"channel": "telegram", "external_id": external_id, "language": "ko", **seen}
    user_id = (await connection.execute(insert(users).values(values))).inserted_primary_key[0]
    rows = [
        (
            profiles,
            {
                "interests": ["cooking"],
                "availability": [],
                "constraints": [],
                "phone": "010-1234-5678",
                "updated_at": last_seen,
            },
        ),
        (subscriptions, {"kind": "region", "target": "서울특별시", "created_at": last_seen}),
        (conversations, {"flow": "intake", "step": "age", "data": {}, "updated_at": last_seen}),
        (waitlist_entries, {"slot_id": slot_id, "state": "waiting", "created_at": last_seen}),
        (chat_log, {"at": last_seen, "who": "her", "text": "요리 교육 받고 싶어요"}),
        (
            bookings,
            {
                "slot_id": slot_id,
                "state": "attended",
                "phone": "010-1234-5678",
                "created_at": last_seen,
                "updated_at": last_seen,
            },
        ),
        (
            bookings,
            {
                "slot_id": slot_id,
                "state": "no_show",
                "phone": "010-1234-5678",
                "created_at": last_seen,
                "updated_at": last_seen,
            },
        ),
        (
            outbox,
            {
                "key": f"r:{external_id}",
                "kind": "reminder",
                "payload": {"type": "nudge"},
                "due_at": NOW + timedelta(days=1),
                "state": "pending",
            },
        ),
        (
            outbox,
            {
                "key": f"s:{external_id}",
                "kind": "reminder",
                "payload": {"type": "nudge"},
                "due_at": last_seen,
                "state": "sent",
                "sent_at": last_seen,
            },
        ),
    ]
    for table, row in rows:
        await connection.execute(insert(table).values(user_id=user_id, **row))
    return user_id


async def slot(connection) -> int:
    centre = {
        "key": "c1",
        "name": "새일센터",
        "kind": "saeil",
        "sido": "서울특별시",
        "source": "demo",
        "opens_at": time(9),
        "closes_at": time(18),
    }
    centre_id = (await connection.execute(insert(centres).values(centre))).inserted_primary_key[0]
    starts = NOW - YEAR * 2
    values = {
        "centre_id": centre_id,
        "mode": "visit",
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=30),
        "capacity": 5,
        "taken": 0,
    }
    return (await connection.execute(insert(slots).values(values))).inserted_primary_key[0]


async def setup(engine) -> tuple[int, int]:
    async with UnitOfWork(engine) as uow:
        slot_id = await slot(uow.connection)
        gone = await person(uow.connection, "1001", NOW - YEAR - timedelta(days=1), slot_id)
        here = await person(uow.connection, "1002", NOW - YEAR + timedelta(days=1), slot_id)
        await uow.commit()
    return gone, here


async def count(connection, table, user_id: int, *where) -> int:
    query = select(func.count()).select_from(table).where(table.c.user_id == user_id, *where)
    return (await connection.execute(query)).scalar_one()


async def test_an_inactive_person_is_forgotten_but_the_centres_counts_survive(engine):
    gone, _here = await setup(engine)
    async with UnitOfWork(engine) as uow:
        assert await forget_inactive(uow.connection, before=NOW - YEAR) == 1
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        c = uow.connection
        for table in PERSONAL:
            assert await count(c, table, gone) == 0, table.name
        assert await count(c, outbox, gone, outbox.c.state == "pending") == 0
        assert await count(c, outbox, gone, outbox.c.state == "sent") == 1  # history, no data
        states = select(bookings.c.state, bookings.c.phone).where(bookings.c.user_id == gone)
        assert sorted((await c.execute(states)).all()) == [("attended", None), ("no_show", None)]
        user = await uow.users.get(gone)
        assert (user.external_id, user.consent_at, user.language) == (
            f"forgotten:{gone}",
            None,
            None,
        )
        assert (
            await uow.users.find("telegram", "1001") is None
        )  # returning: a new, unconsented user


async def test_someone_active_within_the_retention_keeps_everything(engine):
    _gone, here = await setup(engine)
    async with UnitOfWork(engine) as uow:
        await forget_inactive(uow.connection, before=NOW - YEAR)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        c = uow.connection
        for table in PERSONAL:
            assert await count(c, table, here) == 1, table.name
        assert await count(c, bookings, here, bookings.c.phone.is_not(None)) == 2
        assert await count(c, outbox, here, outbox.c.state == "pending") == 1
        user = await uow.users.find("telegram", "1002")
        assert user is not None and user.consent_at is not None


async def test_forgetting_twice_forgets_nobody_new(engine):
    await setup(engine)
    for expected in (1, 0):
        async with UnitOfWork(engine) as uow:
            assert await forget_inactive(uow.connection, before=NOW - YEAR) == expected
            await uow.commit()


async def test_the_daily_job_forgets_those_inactive_for_the_retention_period(engine):
    from bot.scheduler import forget
    from storage.uow import UnitOfWorkFactory

    gone, _here = await setup(engine)
    assert await forget(UnitOfWorkFactory(engine), lambda: NOW, retention=YEAR) == 1
    async with UnitOfWork(engine) as uow:
        assert (await uow.users.get(gone)).consent_at is None
