"""The outbox on SQLite and PostgreSQL: due messages are claimed oldest first and only once,
even by claimers running at the same time; a dead claim comes back after the lease, a live one
is kept by renewing it; a message given back costs no attempt."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.tables import outbox
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def queue(
    engine, count: int, *, channel: str = "telegram", due: datetime = NOW, first: int = 0
) -> None:
    """`count` nudges for as many people of `channel`, due at `due` (a second apart after)."""
    async with UnitOfWork(engine) as uow:
        for n in range(first, first + count):
            user = await uow.users.seen(channel, f"{channel}-{n}", NOW)
            at = due + timedelta(seconds=n - first)
            await uow.outbox.enqueue(f"nudge:{n}", user.id, "nudge", {"type": "nudge"}, at)
        await uow.commit()


async def claim(engine, now=NOW, worker="w1", limit=50, channels=("telegram",)):
    async with UnitOfWork(engine) as uow:
        claimed = await uow.outbox.claim(now, worker, LEASE, channels, limit)
        await uow.commit()
    return claimed


async def states(engine) -> dict[str, str]:
    async with UnitOfWork(engine) as uow:
        rows = await uow.connection.execute(select(outbox.c.key, outbox.c.state))
        return dict(rows.all())


async def test_due_messages_are_claimed_oldest_first_and_only_once(engine):
    await queue(engine, 3, due=NOW - timedelta(seconds=10))
    await queue(engine, 1, due=NOW + timedelta(minutes=5), first=10)  # not due yet
    first = await claim(engine, limit=2)
    assert [m.key for m in first] == ["nudge:0", "nudge:1"]
    assert all(m.state == "claimed" and m.attempts == 1 and m.claimed_by == "w1" for m in first)
    assert [m.key for m in await claim(engine)] == ["nudge:2"]
    assert await claim(engine) == []


async def test_only_users_of_the_given_channels_are_claimed(engine):
    await queue(engine, 2, channel="web")
    await queue(engine, 1, channel="telegram", first=5)
    assert [m.key for m in await claim(engine)] == ["nudge:5"]


async def test_a_dead_claim_is_due_again_after_the_lease(engine):
    await queue(engine, 1)
    assert len(await claim(engine, worker="dead")) == 1
    assert await claim(engine, now=NOW + LEASE - timedelta(seconds=1)) == []
    again = await claim(engine, now=NOW + LEASE + timedelta(seconds=1), worker="alive")
    assert [(m.claimed_by, m.attempts) for m in again] == [("alive", 2)]


async def test_a_renewed_claim_is_not_taken_over(engine):
    await queue(engine, 1)
    [message] = await claim(engine, worker="slow")
    async with UnitOfWork(engine) as uow:
        await uow.outbox.renew([message.id], "slow", NOW + timedelta(seconds=50))
        await uow.outbox.renew([message.id], "someone-else", NOW + timedelta(hours=1))
        await uow.commit()
    assert await claim(engine, now=NOW + LEASE + timedelta(seconds=1)) == []
    assert len(await claim(engine, now=NOW + timedelta(seconds=111))) == 1


async def test_a_message_given_back_costs_no_attempt_and_waits_until_due(engine):
    await queue(engine, 1)
    [message] = await claim(engine)
    async with UnitOfWork(engine) as uow:
        await uow.outbox.release([message.id], due_at=NOW + timedelta(seconds=30))
        assert await uow.outbox.next_due(NOW) == NOW + timedelta(seconds=30)
        await uow.commit()
    assert await claim(engine) == []
    [again] = await claim(engine, now=NOW + timedelta(seconds=30))
    assert again.attempts == 1


async def test_sent_messages_are_recorded_together_each_with_its_time(engine):
    await queue(engine, 3, due=NOW - timedelta(seconds=10))
    claimed = await claim(engine)
    async with UnitOfWork(engine) as uow:
        sent = [(m.id, NOW + timedelta(seconds=i)) for i, m in enumerate(claimed[:2])]
        await uow.outbox.mark_sent_many(sent)
        await uow.commit()
    assert await states(engine) == {"nudge:0": "sent", "nudge:1": "sent", "nudge:2": "claimed"}
    async with UnitOfWork(engine) as uow:
        assert await uow.outbox.depth(NOW) == (1, NOW - timedelta(seconds=8))


async def test_claimers_at_the_same_time_never_take_the_same_message(engine):
    await queue(engine, 120)

    async def drain(worker: str) -> list[str]:
        taken = []
        while batch := await claim(engine, worker=worker, limit=7, now=NOW + timedelta(hours=1)):
            taken += [m.key for m in batch]
            await asyncio.sleep(0)
        return taken

    results = await asyncio.gather(*(drain(f"w{n}") for n in range(4)))
    everything = [key for taken in results for key in taken]
    assert len(everything) == len(set(everything)) == 120
    assert set((await states(engine)).values()) == {"claimed"}
