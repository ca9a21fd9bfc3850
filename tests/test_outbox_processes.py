"""Reminders across real `ilteo serve` processes and a fake Bot API over HTTP.

A process SIGKILLed while reminders go out sends none twice and loses none once started again:
the fake answers the first few sendMessage calls and holds the rest unanswered (a held call
counts as not delivered: the process never learnt of it). The test waits until the answered
ones are committed, kills the process, and a new one (OUTBOX_LEASE=2s) sends the rest. Two
processes on one PostgreSQL share a batch of reminders and send each exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import outbox
from storage.uow import UnitOfWork
from tests.conftest import free_port, prepared_database
from tests.fakes.bot_api import FakeBotApi
from tests.test_process import ILTEO, ROOT, environment, wait_healthy, wait_webhook

FIRST_CHAT = 800000
HELD_S = 600  # longer than any test: a held call is never answered


def place(n: int) -> str:
    return f"정류장 {n:04d}번"


async def seed(
    url: str,
    upcoming: int,
    over: int,
    reminders: bool = True,
    due_in: timedelta = timedelta(minutes=-1),
) -> None:
    """One Korean Telegram user per bus visit, each with a reminder due a minute ago (or in
    `due_in`); the first `upcoming` visits are tomorrow, the next `over` ended an hour ago
    (their reminder is missed)."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with UnitOfWork(engine) as uow:
            zone = await uow.bus.upsert_zone(code="west", name="서남권", districts=["금천구"])
            for n in range(upcoming + over):
                starts = now + (timedelta(days=1) if n < upcoming else -timedelta(hours=3))
                site = await uow.bus.upsert_site(
                    key=f"site-{n}", name=place(n), zone_id=zone, district="금천구"
                )
                visit = await uow.bus.upsert_visit(
                    key=f"visit-{n}",
                    site_id=site,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    services=["job"],
                )
                user = await uow.users.seen("telegram", str(FIRST_CHAT + n), now)
                await uow.users.set_language(user.id, "ko")
                if reminders:
                    await uow.outbox.enqueue(
                        f"bus-visit:{visit}:user:{user.id}",
                        user.id,
                        "reminder",
                        {"type": "bus_visit", "visit_id": visit},
                        now + due_in,
                    )
            await uow.commit()
    finally:
        await engine.dispose()


async def queue_all(url: str) -> None:
    """A reminder, due now, for every user's visit (seeded without reminders)."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with UnitOfWork(engine) as uow:
            for listing in await uow.bus.upcoming(now, limit=10_000):
                n = int(listing.site.key.removeprefix("site-"))
                user = await uow.users.find("telegram", str(FIRST_CHAT + n))
                payload = {"type": "bus_visit", "visit_id": listing.visit.id}
                await uow.outbox.enqueue(
                    f"bus-visit:{listing.visit.id}:user:{user.id}",
                    user.id,
                    "reminder",
                    payload,
                    now,
                )
            await uow.commit()
    finally:
        await engine.dispose()


async def outbox_rows(url: str) -> list[tuple[str, str | None]]:
    """(state, claimed_by) of every outbox row."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(outbox.c.state, outbox.c.claimed_by))
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


async def sent_count_is(url: str, expected: int) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(outbox.c.state == "sent")
            return (await connection.execute(query)).scalar_one() == expected
    finally:
        await engine.dispose()


async def eventually(check: Callable, what: str, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


async def held(fake: FakeBotApi, calls: int) -> bool:
    return len(fake.calls_to("sendMessage")) >= calls


async def all_done(url: str) -> bool:
    return all(state in ("sent", "missed") for state, _worker in await outbox_rows(url))


@contextlib.asynccontextmanager
async def serving(url: str, fake: FakeBotApi, log: Path) -> AsyncIterator:
    """`ilteo serve` with Telegram on the fake, a 2 s lease; SIGTERM (or killed) on the way out."""
    port = free_port()
    env = {**environment(url, port, fake), "OUTBOX_LEASE": "2s"}
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


def texts(fake: FakeBotApi, chats: range) -> dict[int, list[str]]:
    return {chat: [m["text"] for m in fake.sent_messages(chat)] for chat in chats}


async def test_a_kill_while_reminders_go_out_sends_none_twice_and_loses_none(
    database_url, tmp_path
):
    upcoming, over, answered = 40, 5, 12
    await prepared_database(database_url, demo=False)
    await seed(database_url, upcoming, over)
    chats = range(FIRST_CHAT, FIRST_CHAT + upcoming + over)
    async with FakeBotApi() as first:
        for seconds in [0] * answered + [HELD_S] * (upcoming + over):
            first.stall_next("sendMessage", seconds)
        async with serving(database_url, first, tmp_path / "first.log") as process:
            await eventually(lambda: held(first, answered + 3), "a few calls are held")
            await eventually(lambda: sent_count_is(database_url, answered), "answers committed")
            process.kill()  # SIGKILL while the rest are held, queued or not claimed yet
            await process.wait()
        before = texts(first, chats)  # before stopping the fake lets held calls through
    async with FakeBotApi() as second:
        async with serving(database_url, second, tmp_path / "second.log"):
            await eventually(lambda: all_done(database_url), "every reminder is sent or missed")
        after = texts(second, chats)
    delivered = {chat: before[chat] + after[chat] for chat in chats}
    for n, chat in enumerate(chats):
        if n < upcoming:
            assert len(delivered[chat]) == 1 and place(n) in delivered[chat][0], chat
        else:
            assert delivered[chat] == [], chat  # the visit is over: missed, not sent
    states = sorted(state for state, _worker in await outbox_rows(database_url))
    assert states == ["missed"] * over + ["sent"] * upcoming


async def test_two_processes_share_the_reminders_and_send_each_exactly_once(postgres_url, tmp_path):
    count = 320
    await prepared_database(postgres_url, demo=False)
    await seed(postgres_url, count, 0, reminders=False)
    chats = range(FIRST_CHAT, FIRST_CHAT + count)
    async with FakeBotApi() as fake:
        async with (
            serving(postgres_url, fake, tmp_path / "a.log"),
            serving(postgres_url, fake, tmp_path / "b.log"),
        ):
            await wait_webhook(fake, 1)  # both connected to Telegram
            await queue_all(postgres_url)
            await eventually(lambda: all_done(postgres_url), "every reminder is sent")
        sent = [text for chat_texts in texts(fake, chats).values() for text in chat_texts]
    assert len(sent) == len(set(sent)) == count  # each text once, none missing
    rows = await outbox_rows(postgres_url)
    assert [state for state, _worker in rows] == ["sent"] * count
    processes = {worker.split(":")[1] for _state, worker in rows}
    assert len(processes) == 2  # both did part of the work
