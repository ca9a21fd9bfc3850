"""`kill -9` of `ilteo serve` in the middle of a batch of 500 reminders by 알림톡: after the
restart each is sent exactly once, as the fake SOLAPI counts them. The fake answers the first
sends, then takes a few without answering (they reach the phone, the process never learns it),
then takes nothing more. The process is killed; the next one claims the rest again after the
lease, asks SOLAPI by custom id about those that may have gone (found: not sent again), and
sends the others."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from handlers.booking.reminders import reminder_key
from storage.database import create_engine
from storage.records import Profile
from storage.tables import outbox
from storage.uow import UnitOfWork
from tests.conftest import free_port, prepared_database
from tests.fakes.kakao import open_day
from tests.fakes.solapi import FakeSolapi
from tests.handlers.booking_setup import add_slots, at, centre_id
from tests.test_process import ILTEO, ROOT, environment, wait_healthy

COUNT, ANSWERED, IN_FLIGHT = 500, 150, 6
DAY_BEFORE = timedelta(hours=24)


async def seed(url: str) -> None:
    """500 web-chat users who said yes, each booked, each reminder by phone due a minute ago."""
    engine, now = create_engine(url), datetime.now(UTC)
    day = open_day(timedelta(days=3))
    try:
        centre = await centre_id(engine, "광명시여성새일센터")
        slot = (await add_slots(engine, centre, [day], hours=(14,), capacity=COUNT))[(day, 14)]
        async with UnitOfWork(engine) as uow:
            for n in range(COUNT):
                user = await uow.users.seen("web", f"phone-crash-{n:04d}", now)
                await uow.users.set_language(user.id, "ko")
                await uow.users.set_consent(user.id, now)
                phone = f"+82105555{n:04d}"
                await uow.profiles.save(Profile(user.id, phone=phone, phone_notices=True), now)
                booking = await uow.bookings.create(user.id, slot, now, phone=phone)
                payload = {
                    "type": "booking",
                    "booking_id": booking.id,
                    "before_s": DAY_BEFORE.total_seconds(),
                }
                await uow.outbox.enqueue(
                    reminder_key(booking.id, DAY_BEFORE),
                    user.id,
                    "reminder",
                    payload,
                    now - timedelta(minutes=1),
                    via="sms",
                )
            await uow.commit()
    finally:
        await engine.dispose()
    assert at(day, 14) - now > timedelta(hours=25)  # only the day-before reminder is due


async def count_sent(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(outbox.c.state == "sent")
            return (await connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def eventually(check, what: str, seconds: float = 90) -> None:
    for _ in range(int(seconds / 0.1)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting until {what}")


@contextlib.asynccontextmanager
async def serving(url: str, fake: FakeSolapi, log: Path):
    port = free_port()
    env = {
        **environment(url, port),
        **fake.environment(),
        "OUTBOX_LEASE": "2s",
        "SMS_RATE": "200",
        "SMS_HOURS": "00:00-24:00",
        "SECRET_KEY": "k" * 40,
    }
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *ILTEO, "serve", env=env, cwd=ROOT, stdout=out, stderr=out
        )
    try:
        await wait_healthy(port, process, seconds=60)
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


async def test_a_kill_mid_batch_sends_each_reminder_once_after_the_restart(sqlite_url, tmp_path):
    await prepared_database(sqlite_url)
    await seed(sqlite_url)
    async with FakeSolapi() as fake:
        fake.hold_next(IN_FLIGHT, taken=True, after=ANSWERED)
        fake.hold_rest = True
        async with serving(sqlite_url, fake, tmp_path / "first.log") as process:
            await eventually(lambda: _taken(fake, ANSWERED + IN_FLIGHT), "some are in flight")
            await eventually(lambda: _sent(sqlite_url, ANSWERED), "the answered are recorded")
            process.kill()
            await process.wait()
        assert len(fake.sent) == ANSWERED + IN_FLIGHT
        fake.hold_rest = False
        async with serving(sqlite_url, fake, tmp_path / "second.log"):
            await eventually(lambda: _sent(sqlite_url, COUNT), "every reminder is sent")
        counts = fake.count_by_id()
        assert len(counts) == COUNT and set(counts.values()) == {1}
        assert fake.requests.count("list") >= IN_FLIGHT  # those in flight were looked up
        assert fake.refused == []


async def _taken(fake: FakeSolapi, count: int) -> bool:
    return len(fake.sent) >= count


async def _sent(url: str, count: int) -> bool:
    return await count_sent(url) == count
