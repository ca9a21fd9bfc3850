"""A message's arrival in one read: the chat's person (a new chat is created), her
conversation, and `last_seen_at` written at most once a minute, or at once when she had
blocked the bot and writes again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.records import Conversation
from storage.uow import UnitOfWork

T0 = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)


async def arrive(engine, now: datetime, external_id: str = "4242"):
    async with UnitOfWork(engine) as uow:
        user, state = await uow.users.arrive("telegram", external_id, now)
        await uow.commit()
    return user, state


async def seen_at(engine, user_id: int) -> datetime:
    async with UnitOfWork(engine) as uow:
        return (await uow.users.get(user_id)).last_seen_at


async def test_a_new_chat_is_created_and_then_found_with_its_conversation(engine):
    user, state = await arrive(engine, T0)
    assert state is None and user.channel == "telegram" and user.external_id == "4242"
    async with UnitOfWork(engine) as uow:
        await uow.conversations.save(Conversation(user.id, "intake", "age", {"sido": "경기도"}), T0)
        await uow.commit()
    again, state = await arrive(engine, T0 + timedelta(seconds=5))
    assert again.id == user.id
    assert (state.flow, state.step, state.data) == ("intake", "age", {"sido": "경기도"})


async def test_last_seen_is_written_once_a_minute_and_a_blocked_person_is_active_again(engine):
    user, _state = await arrive(engine, T0)
    await arrive(engine, T0 + timedelta(seconds=30))
    assert await seen_at(engine, user.id) == T0
    later, _state = await arrive(engine, T0 + timedelta(minutes=2))
    assert await seen_at(engine, user.id) == later.last_seen_at == T0 + timedelta(minutes=2)

    async with UnitOfWork(engine) as uow:
        await uow.users.deactivate(user.id)
        await uow.commit()
    back, _state = await arrive(engine, T0 + timedelta(minutes=2, seconds=10))
    assert back.active
    async with UnitOfWork(engine) as uow:
        assert (await uow.users.get(user.id)).active


async def test_the_person_of_a_linked_chat_is_read_without_marking_her_seen(engine):
    kakao, _state = await arrive(engine, T0, external_id="k-1")
    async with UnitOfWork(engine) as uow:
        web = await uow.users.seen("web", "w-1", T0)
        await uow.users.set_language(kakao.id, "vi")
        await uow.account_links.link(web.id, kakao.id, T0)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        person = await uow.users.person("web", "w-1")
        assert (person.id, person.language) == (kakao.id, "vi")
        assert await uow.users.person("web", "never-seen") is None
    assert await seen_at(engine, kakao.id) == T0
