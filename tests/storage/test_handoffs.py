"""Handoff storage on SQLite and PostgreSQL: a request, a claim, replies, a transfer and a
close, each with its event and audit row; the inbox's reach by centre; two counsellors
claiming at once (exactly one wins); presence; deletion with her data and after retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from storage.records import EVERYTHING, Scope, StaffIdentity
from storage.repositories.retention import forget_inactive
from storage.tables import audit_log, centres, handoff_messages, handoffs, users
from storage.uow import UnitOfWork

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


async def _centre(connection, key: str) -> int:
    values = {"key": key, "name": key, "kind": "saeil", "sido": "경기도", "source": "test"}
    return (await connection.execute(insert(centres).values(values))).inserted_primary_key[0]


async def _staff(uow, name: str, role: str, centre_ids) -> StaffIdentity:
    staff_id = await uow.staff.grant("telegram", name, role, NOW, centre_ids)
    scope = EVERYTHING if role == "admin" else Scope(frozenset(centre_ids))
    return StaffIdentity(staff_id, role, scope, 0)


async def _person(connection, external_id: str) -> int:
    values = {
        "channel": "telegram",
        "external_id": external_id,
        "language": "ko",
        "consent_at": NOW,
        "created_at": NOW,
        "last_seen_at": NOW,
    }
    return (await connection.execute(insert(users).values(values))).inserted_primary_key[0]


async def world(engine):
    """Two centres, a counsellor of each, an admin, and one person."""
    async with UnitOfWork(engine) as uow:
        gwangmyeong = await _centre(uow.connection, "광명")
        suwon = await _centre(uow.connection, "수원")
        kim = await _staff(uow, "kim", "staff", [gwangmyeong])
        lee = await _staff(uow, "lee", "staff", [suwon])
        park = await _staff(uow, "park", "staff", [gwangmyeong])
        admin = await _staff(uow, "admin", "admin", [])
        her = await _person(uow.connection, "100")
        await uow.commit()
    return gwangmyeong, suwon, kim, lee, park, admin, her


async def test_a_request_goes_through_claim_reply_transfer_and_close(engine):
    centre, _, kim, lee, park, _, her = await world(engine)
    async with UnitOfWork(engine) as uow:
        context = (("system", "She was looking at a cooking course"),)
        handoff, new = await uow.handoffs.open_request(
            her, her, centre, "이력서", NOW, context=context
        )
        again, again_new = await uow.handoffs.open_request(her, her, centre, None, NOW)
        await uow.handoffs.add_message(handoff.id, "person", "안녕하세요", NOW, chat_id=her)
        await uow.commit()
    assert new and not again_new and again.id == handoff.id
    assert handoff.state == "waiting" and handoff.topic == "이력서"
    async with UnitOfWork(engine) as uow:
        assert [row.handoff.id for row in await uow.handoffs.waiting(kim)] == [handoff.id]
        assert [row.unread for row in await uow.handoffs.waiting(kim)] == [1]
        assert await uow.handoffs.waiting(lee) == []
        assert await uow.handoffs.transcript(handoff.id, lee) is None
        assert not await uow.handoffs.claim(handoff.id, lee, NOW)  # not her centre
        assert await uow.handoffs.reply(handoff.id, kim, "no claim yet", NOW) is None
        assert await uow.handoffs.claim(handoff.id, kim, NOW + MINUTE)
        assert await uow.handoffs.state_of(her) == "human"
        assert await uow.handoffs.reply(handoff.id, kim, "네, 말씀하세요", NOW + 2 * MINUTE)
        assert await uow.handoffs.mark_read(handoff.id, kim, NOW + 2 * MINUTE) == 1
        assert not await uow.handoffs.transfer(handoff.id, kim, lee.id, NOW)  # lee: other centre
        assert await uow.handoffs.transfer(handoff.id, kim, park.id, NOW + 3 * MINUTE)
        assert [row.handoff.id for row in await uow.handoffs.mine(park)] == [handoff.id]
        assert await uow.handoffs.reply(handoff.id, kim, "not hers any more", NOW) is None
        closed = await uow.handoffs.close(handoff.id, "staff", NOW + 4 * MINUTE, park)
        await uow.commit()
    assert closed is not None and closed.state == "closed" and closed.closed_reason == "staff"
    assert closed.waited(NOW + YEAR) == MINUTE
    async with UnitOfWork(engine) as uow:
        transcript = await uow.handoffs.transcript(handoff.id, park)
        events = await uow.handoffs.events_after(0, kim)
        undelivered = await uow.handoffs.undelivered(her)
        actions = (await uow.connection.execute(select(audit_log.c.action))).scalars().all()
        assert await uow.handoffs.state_of(her) == "bot"
    assert [m.author for m in transcript.messages] == ["system", "person", "staff"]
    kinds = [event.kind for event in events]
    assert kinds == ["requested", "message", "claimed", "message", "read", "transferred", "closed"]
    assert events == sorted(events, key=lambda event: event.id)
    assert all("text" not in event.payload for event in events)
    assert [m.text for m in undelivered] == ["네, 말씀하세요"]
    assert {"handoff.claimed", "handoff.replied", "handoff.transferred", "handoff.closed"} <= set(
        actions
    )


YEAR = timedelta(days=365)


async def test_the_shared_queue_is_the_admins(engine):
    _, _, kim, _, _, admin, her = await world(engine)
    async with UnitOfWork(engine) as uow:
        handoff, _ = await uow.handoffs.open_request(her, her, None, None, NOW)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert await uow.handoffs.waiting(kim) == []
        assert await uow.handoffs.events_after(0, kim) == []
        assert [row.handoff.id for row in await uow.handoffs.waiting(admin)] == [handoff.id]
        assert len(await uow.handoffs.events_after(0, admin)) == 1
        assert await uow.handoffs.claim(handoff.id, admin, NOW)


async def _claim_at_once(engine, handoff_id: int, rivals) -> list[bool]:
    started = asyncio.Barrier(len(rivals))

    async def claim(who: StaffIdentity) -> bool:
        async with UnitOfWork(engine) as uow:
            if engine.dialect.name == "postgresql":
                await started.wait()  # both transactions open before either updates
            won = await uow.handoffs.claim(handoff_id, who, NOW)
            await uow.commit()
            return won

    return list(await asyncio.gather(*(claim(who) for who in rivals)))


async def test_two_counsellors_claiming_at_once_one_wins(engine):
    _, _, kim, _, park, _, her = await world(engine)
    async with UnitOfWork(engine) as uow:
        handoff, _ = await uow.handoffs.open_request(her, her, *(None, None), NOW)
        await uow.commit()
    async with UnitOfWork(engine) as uow:  # give it to their centre
        await uow.connection.execute(
            handoffs.update().values(centre_id=next(iter(kim.scope.centres)))
        )
        await uow.commit()
    results = await _claim_at_once(engine, handoff.id, [kim, park])
    assert sorted(results) == [False, True]
    async with UnitOfWork(engine) as uow:
        held = await uow.handoffs.get(handoff.id)
        claims = await uow.connection.execute(
            select(func.count()).where(audit_log.c.action == "handoff.claimed")
        )
        assert claims.scalar_one() == 1
    assert held.staff_id == (kim, park)[results.index(True)].id


async def test_on_duty_means_the_inbox_was_open_a_moment_ago(engine):
    centre, suwon, kim, _, _, admin, _ = await world(engine)
    async with UnitOfWork(engine) as uow:
        assert not await uow.handoffs.on_duty(centre, NOW)
        await uow.handoffs.mark_present(kim.id, NOW)
        await uow.handoffs.mark_present(kim.id, NOW + MINUTE)
        assert await uow.handoffs.on_duty(centre, NOW + 2 * MINUTE)
        assert not await uow.handoffs.on_duty(suwon, NOW + 2 * MINUTE)
        assert not await uow.handoffs.on_duty(centre, NOW + 10 * MINUTE)
        assert not await uow.handoffs.on_duty(None, NOW + MINUTE)
        await uow.handoffs.mark_present(admin.id, NOW)
        assert await uow.handoffs.on_duty(None, NOW + MINUTE)


async def test_her_transcript_goes_with_her_data_and_after_retention(engine):
    centre, _, kim, _, _, _, her = await world(engine)
    async with UnitOfWork(engine) as uow:
        other = await _person(uow.connection, "200")
        first, _ = await uow.handoffs.open_request(her, her, centre, "비밀", NOW)
        await uow.handoffs.add_message(first.id, "person", "제 전화는 010-1234-5678", NOW)
        await uow.handoffs.open_request(other, other, centre, None, NOW)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert await uow.handoffs.forget(her, NOW) == 1
        await uow.users.delete(her)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        left = (await uow.connection.execute(select(handoffs.c.user_id))).scalars().all()
        texts = (await uow.connection.execute(select(handoff_messages.c.text))).scalars().all()
        events = await uow.handoffs.events_after(0, kim)
        assert left == [other] and texts == []
        assert events[-1].kind == "removed" and events[-1].handoff_id == first.id
        await forget_inactive(uow.connection, NOW + YEAR)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert (await uow.connection.execute(select(func.count(handoffs.c.id)))).scalar_one() == 0
        assert len(await uow.handoffs.events_after(0, kim)) == 4  # ids only; pruned on their own
        assert await uow.handoffs.prune_events(NOW + MINUTE) == 4


async def test_timeouts_find_the_unanswered_and_the_idle(engine):
    centre, _, kim, _, _, _, her = await world(engine)
    async with UnitOfWork(engine) as uow:
        other = await _person(uow.connection, "200")
        waiting, _ = await uow.handoffs.open_request(her, her, centre, None, NOW)
        held, _ = await uow.handoffs.open_request(other, other, centre, None, NOW)
        await uow.handoffs.claim(held.id, kim, NOW + MINUTE)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        assert [h.id for h in await uow.handoffs.unanswered_since(NOW + MINUTE)] == [waiting.id]
        assert await uow.handoffs.idle_since(NOW + MINUTE) == []
        assert [h.id for h in await uow.handoffs.idle_since(NOW + 2 * MINUTE)] == [held.id]
        figures = await uow.handoffs.figures(NOW - MINUTE, NOW + MINUTE)
    assert [(f.centre_id, f.requested, f.handled, f.waits) for f in figures] == [
        (centre, 2, 1, (60.0,))
    ]
