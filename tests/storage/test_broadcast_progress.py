"""A broadcast's progress as staff see it: readers who blocked the bot are told apart from
other failures, and readers of the web chat (who see it when they come back) do not keep the
broadcast from finishing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.tables import outbox
from storage.uow import UnitOfWork
from tests.admin.seeding import subscribers

PUSH = ("telegram",)


async def queued(engine) -> int:
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        broadcast_id = await uow.broadcasts.create(
            author="web:kim", texts={"ko": "새 기수 모집"}, audience={"kind": "all"}, now=now
        )
        assert await uow.broadcasts.queue(broadcast_id, now) == 5
        await uow.commit()
    return broadcast_id


async def settle(engine, broadcast_id: int, *outcomes: tuple[str, str | None]) -> None:
    """Give the broadcast's Telegram messages, in id order, these (state, error) outcomes."""
    async with UnitOfWork(engine) as uow:
        rows = await uow.connection.execute(
            select(outbox.c.id)
            .where(
                outbox.c.broadcast_id == broadcast_id,
                outbox.c.key.in_(await telegram_keys(uow, broadcast_id)),
            )
            .order_by(outbox.c.id)
        )
        for (message_id,), (state, error) in zip(rows.all(), outcomes, strict=True):
            await uow.outbox.mark(message_id, state, error)
        await uow.commit()


async def telegram_keys(uow, broadcast_id: int) -> list[str]:
    users = await uow.connection.execute(
        select(outbox.c.key, outbox.c.user_id).where(outbox.c.broadcast_id == broadcast_id)
    )
    keys = []
    for key, user_id in users.all():
        if (await uow.users.get(user_id)).channel == "telegram":
            keys.append(key)
    return keys


async def test_blocked_and_web_readers_are_counted_apart_and_the_broadcast_finishes(engine):
    await subscribers(engine, "telegram", 7000, 3, "경기도")
    await subscribers(engine, "web", 8000, 2, "경기도")
    broadcast_id = await queued(engine)
    async with UnitOfWork(engine) as uow:
        assert await uow.broadcasts.progress(broadcast_id, PUSH) == {"pending": 3, "on_return": 2}
        assert await uow.broadcasts.progress(broadcast_id) == {"pending": 5}
        assert not await uow.broadcasts.finish_if_done(broadcast_id, datetime.now(UTC), PUSH)

    await settle(engine, broadcast_id, ("sent", None), ("failed", "blocked"), ("failed", "Boom"))
    async with UnitOfWork(engine) as uow:
        progress = await uow.broadcasts.progress(broadcast_id, PUSH)
        assert progress == {"sent": 1, "blocked": 1, "failed": 1, "on_return": 2}
        assert not await uow.broadcasts.finish_if_done(broadcast_id, datetime.now(UTC))
        assert await uow.broadcasts.finish_if_done(broadcast_id, datetime.now(UTC), PUSH)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert (await uow.broadcasts.get(broadcast_id)).state == "done"
