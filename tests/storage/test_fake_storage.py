"""The in-memory fake (tests/fakes/uow.py) answers as the database does: one story of a
person told to the real unit of work (SQLite and PostgreSQL) and to the fake gives the same
answers, so flow tests on the fake test what the flows would do on a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.records import Conversation, Profile
from storage.uow import UnitOfWork
from tests.fakes.uow import FakeStorage, FakeUnitOfWork

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


async def a_persons_story(uow) -> list:
    """What storage answers as a person arrives, answers, subscribes, is reminded and goes."""
    seen = []
    user, state = await uow.users.arrive("web", "story-1", NOW)
    seen.append((user.channel, user.external_id, user.language, state))
    await uow.users.set_language(user.id, "ko")
    await uow.conversations.save(Conversation(user.id, "intake", "age", {"sido": "경기도"}), NOW)
    again, state = await uow.users.arrive("web", "story-1", NOW + timedelta(minutes=5))
    seen.append((again.id == user.id, again.language, state.flow, state.step, state.data))
    await uow.profiles.save(Profile(user.id, sido="경기도", interests=("cooking",)), NOW)
    seen.append((await uow.profiles.get(user.id)).interests)
    seen.append([await uow.subscriptions.add(user.id, "field", "cooking", NOW) for _ in "ab"])
    seen.append([(s.kind, s.target) for s in await uow.subscriptions.of_user(user.id)])
    for key in ("nudge:1", "nudge:1", "nudge:2"):
        seen.append(await uow.outbox.enqueue(key, user.id, "nudge", {}, NOW, None))
    await uow.outbox.cancel("nudge:2")
    seen.append([m.key for m in await uow.outbox.pending_for(user.id, NOW)])
    seen.append([(c.flow, c.step) for c, _ in await uow.conversations.idle_in("intake", NOW)])
    await uow.users.delete(user.id)
    seen.append(await uow.users.find("web", "story-1"))
    seen.append((await uow.profiles.get(user.id), await uow.subscriptions.of_user(user.id)))
    seen.append(await uow.outbox.pending_for(user.id, NOW))
    return seen


async def test_the_fake_answers_a_persons_story_as_the_database_does(engine):
    async with UnitOfWork(engine) as uow:
        on_the_database = await a_persons_story(uow)
    async with FakeUnitOfWork(FakeStorage()) as fake:
        on_the_fake = await a_persons_story(fake)
    assert on_the_fake == on_the_database


async def test_the_fake_forgets_what_was_not_committed():
    storage = FakeStorage()
    async with FakeUnitOfWork(storage) as uow:
        await uow.users.arrive("web", "kept", NOW)
        await uow.commit()
        await uow.users.arrive("web", "dropped", NOW)
    async with FakeUnitOfWork(storage) as uow:
        assert await uow.users.find("web", "kept") is not None
        assert await uow.users.find("web", "dropped") is None
