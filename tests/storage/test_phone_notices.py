"""Messages by phone on SQLite and PostgreSQL: saying yes or no moves only her bookings'
waiting reminders (never a bus reminder or a broadcast); a message by phone is claimed for the
phone even though her chat (the web) cannot be pushed; a delivery report changes only a message
that went, and a report that came before the send was recorded is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.tables import outbox
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def her_messages(engine) -> int:
    async with UnitOfWork(engine) as uow:
        user = await uow.users.seen("web", "web-her", NOW)
        for key, kind, payload in (
            ("booking:1:before:86400s", "reminder", {"type": "booking", "booking_id": 1}),
            ("bus-visit:1:user:1", "reminder", {"type": "bus_visit", "visit_id": 1}),
            ("nudge:1", "nudge", {"type": "nudge"}),
        ):
            await uow.outbox.enqueue(key, user.id, kind, payload, NOW)
        await uow.commit()
    return user.id


async def ways(engine) -> dict[str, str | None]:
    async with UnitOfWork(engine) as uow:
        return dict((await uow.connection.execute(select(outbox.c.key, outbox.c.via))).all())


async def test_yes_and_no_move_only_her_booking_reminders(engine):
    user_id = await her_messages(engine)
    async with UnitOfWork(engine) as uow:
        assert await uow.phone_notices.route(user_id, True) == 1
        await uow.commit()
    assert await ways(engine) == {
        "booking:1:before:86400s": "sms",
        "bus-visit:1:user:1": None,
        "nudge:1": None,
    }
    async with UnitOfWork(engine) as uow:
        claimed = await uow.outbox.claim(NOW, "w1", LEASE, ("sms",))
        await uow.commit()
    assert [m.key for m in claimed] == ["booking:1:before:86400s"]  # a web user, by phone
    async with UnitOfWork(engine) as uow:
        await uow.outbox.release([claimed[0].id])
        assert await uow.phone_notices.route(user_id, False) == 1
        await uow.commit()
    assert set((await ways(engine)).values()) == {None}


async def test_a_report_changes_only_a_message_that_went(engine):
    user_id = await her_messages(engine)
    key = "booking:1:before:86400s"
    async with UnitOfWork(engine) as uow:
        await uow.phone_notices.route(user_id, True)
        assert not await uow.phone_notices.report(key, "delivered", "ATA", None)  # still waiting
        [message] = await uow.outbox.claim(NOW, "w1", LEASE, ("sms",))
        assert await uow.phone_notices.report(key, "delivered", "ATA", None)  # before "sent"
        await uow.outbox.mark_sent_many([(message.id, NOW)])
        assert not await uow.phone_notices.report("booking:2:before:3600s", "failed", None, "x")
        counts = await uow.phone_notices.sent_by_kind()
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        row = (await uow.connection.execute(select(outbox).where(outbox.c.key == key))).one()
    assert (row.state, row.sent_as) == ("delivered", "ATA")  # the early report was kept
    assert counts == {("ATA", "delivered"): 1}
