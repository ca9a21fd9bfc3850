"""A step waits for the same person's step elsewhere, and not past PERSON_WAIT.

On PostgreSQL every step holds an advisory lock on the person (the primary of her linked
chats). Here another connection holds it, as a step in another process would: the step gives
up after its wait, changes nothing and asks her to send it again; once the lock is free, the
same message works.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from handlers.engine import ConversationEngine
from storage.database import create_engine
from storage.migrate import upgrade
from storage.repositories.person_locks import PERSON_KEYS
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.chat import Clock, Person, make_settings, shown_button, text_of

BUSY = "잠시 후 다시 보내 주세요"
ASKS_WHERE = "어디에 사세요?"


async def engine_on(url: str):
    engine = create_engine(url)
    await upgrade(engine)
    return engine


def person_on(engine, external_id: str, channel: str = "web") -> Person:
    settings = make_settings()
    conversation = ConversationEngine(
        UnitOfWorkFactory(engine), settings.translator, settings, Clock(), person_wait_s=0.3
    )
    return Person(conversation, external_id=external_id, channel=channel)


async def user_id(engine, channel: str, external_id: str) -> int:
    async with UnitOfWork(engine) as uow:
        return (await uow.users.find(channel, external_id)).id


async def hold_person(engine, person_id: int):
    """A connection holding the person's lock, as another process's step would (until it is
    closed: its transaction ends)."""
    connection = await engine.connect()
    await connection.begin()
    await connection.execute(
        text("SELECT pg_advisory_xact_lock(:key)"), {"key": PERSON_KEYS + person_id}
    )
    return connection


async def test_a_step_that_cannot_have_its_person_in_time_changes_nothing(postgres_url):
    engine = await engine_on(postgres_url)
    try:
        person = person_on(engine, "lock-1")
        await person.say("/start")
        agree = shown_button(await person.tap("한국어"), "동의해요")
        other = await hold_person(engine, await user_id(engine, "web", "lock-1"))
        try:
            assert BUSY in text_of(await person.tap("동의해요"))
        finally:
            await other.close()  # the other step is done
        assert ASKS_WHERE in text_of(await person.press(agree))  # the same button: unchanged
    finally:
        await engine.dispose()


async def test_a_linked_chat_waits_for_the_person_it_belongs_to(postgres_url):
    engine = await engine_on(postgres_url)
    try:
        primary = person_on(engine, "lock-primary", channel="telegram")
        await primary.say("/start")
        agree = shown_button(
            await primary.tap("한국어"), "동의해요"
        )  # her linked web chat presses it
        alias = person_on(engine, "lock-alias", channel="web")
        async with UnitOfWork(engine) as uow:
            first = await uow.users.find("telegram", "lock-primary")
            second = await uow.users.seen("web", "lock-alias", datetime.now(UTC))
            await uow.account_links.link(second.id, first.id, datetime.now(UTC))
            await uow.commit()
        other = await hold_person(engine, first.id)
        try:
            assert BUSY in text_of(await alias.press(agree))
        finally:
            await other.close()
        assert ASKS_WHERE in text_of(await alias.press(agree))
    finally:
        await engine.dispose()
