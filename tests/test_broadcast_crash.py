"""A broadcast survives its sending process being SIGKILLed: every recipient gets the
announcement, and only the messages in flight at the kill can reach someone twice.

A real `ilteo serve` sends a queued broadcast to 300 subscribers through the fake Bot API, which
answers the first 100 sendMessage calls and holds the rest unanswered. Once the 100 are
committed as sent and a few calls are held, the process is killed. A held call counts as
delivered (the worst case: Telegram got it, the process never learnt so), so those are the
messages in flight; a new process (OUTBOX_LEASE=2s) takes over the dead one's claims and sends
the rest. The test prints how many were in flight and how many went twice.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import outbox
from storage.uow import UnitOfWork
from tests.conftest import prepared_database
from tests.fakes.bot_api import FakeBotApi
from tests.test_outbox_processes import HELD_S, eventually, held, sent_count_is, serving

FIRST_CHAT = 810000
READERS, ANSWERED = 300, 100
TEXT = "광명시 콜센터 과정 새 기수를 모집해요."


async def subscribers_and_broadcast(url: str) -> int:
    """READERS Korean Telegram users who asked for news of 경기도, and a broadcast to them,
    queued (one outbox row each); returns its id."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with UnitOfWork(engine) as uow:
            for n in range(READERS):
                user = await uow.users.seen("telegram", str(FIRST_CHAT + n), now)
                await uow.users.set_language(user.id, "ko")
                await uow.users.set_consent(user.id, now)
                await uow.subscriptions.add(user.id, "region", "경기도", now)
            broadcast_id = await uow.broadcasts.create(
                author="staff",
                texts={"ko": TEXT},
                audience={"kind": "region", "target": "경기도"},
                now=now,
            )
            assert await uow.broadcasts.queue(broadcast_id, now) == READERS
            await uow.commit()
        return broadcast_id
    finally:
        await engine.dispose()


async def recorded_sent(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(outbox.c.state == "sent")
            return (await connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def broadcast_state(url: str, broadcast_id: int) -> tuple[str, dict[str, int]]:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            broadcast = await uow.broadcasts.get(broadcast_id)
            return broadcast.state, await uow.broadcasts.progress(broadcast_id)
    finally:
        await engine.dispose()


def reached(fake: FakeBotApi) -> list[int]:
    """The chat of every announcement that reached the fake, answered or held."""
    calls = [call.params for call in fake.calls_to("sendMessage") if "chat_id" in call.params]
    assert all(TEXT in params["text"] for params in calls)
    return [int(params["chat_id"]) for params in calls]


async def test_a_kill_mid_broadcast_reaches_everyone_and_repeats_only_what_was_in_flight(
    database_url, tmp_path
):
    await prepared_database(database_url, demo=False)
    broadcast_id = await subscribers_and_broadcast(database_url)
    async with FakeBotApi() as first:
        for seconds in [0] * ANSWERED + [HELD_S] * READERS:
            first.stall_next("sendMessage", seconds)
        async with serving(database_url, first, tmp_path / "first.log") as process:
            await eventually(lambda: held(first, ANSWERED + 5), "a few sends are held")
            await eventually(lambda: sent_count_is(database_url, ANSWERED), "answers committed")
            process.kill()  # SIGKILL mid-broadcast: some held, some claimed, most not claimed
            await process.wait()
        before = reached(first)  # before stopping the fake lets the held calls through
    in_flight = len(before) - await recorded_sent(database_url)

    async def finished() -> bool:
        return await broadcast_state(database_url, broadcast_id) == ("done", {"sent": READERS})

    async with FakeBotApi() as second:
        async with serving(database_url, second, tmp_path / "second.log"):
            await eventually(finished, "the broadcast is done, every message sent", seconds=120)
        after = reached(second)
    received = Counter(before + after)
    twice = sum(count - 1 for count in received.values())
    print(
        f"\nbroadcast SIGKILL ({database_url.split(':')[0]}): {READERS} recipients,"
        f" in flight at the kill {in_flight}, sent twice {twice}"
    )
    assert set(received) == {FIRST_CHAT + n for n in range(READERS)}
    assert in_flight >= 5 and twice <= in_flight
