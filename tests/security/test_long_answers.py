"""Issue 12, item 5: the engine reads no more than it can use. An answer over 500 characters,
at every question (and over 4,096 where a long text is the point, a staff broadcast), gets a
polite reply in her language before any reader sees it, and changes nothing: not her place in
the conversation, not her answers, not the buttons she may type. A newcomer's over-long first
message creates nobody. Through the web chat's real HTTP route and the Telegram webhook, on
SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.input_limits import MAX_ANSWER, MAX_MESSAGE, longest_text
from handlers.router import QUESTIONS
from storage.database import create_engine
from storage.records import Conversation
from storage.tables import conversations, profiles, subscriptions, users
from storage.uow import UnitOfWork
from tests.chat import Clock
from tests.conftest import app_with_telegram, prepared_database
from tests.security.web import chat_app, texts, visitor

TOO_LONG_KO = "너무 길어서"
# A long answer of the kind that cost most: digits, Korean words and numbers mixed.
FILLER = "1234567890 마흔두 살 6년 주말 오전 광명 다음주 목요일 오후 2시 "


def long_answer(length: int) -> str:
    return (FILLER * (length // len(FILLER) + 1))[:length]


async def snapshot(engine, user_id: int) -> list:
    """Everything of hers a step could change."""
    rows = []
    async with UnitOfWork(engine) as uow:
        for table, key in (
            (users, users.c.id),
            (conversations, conversations.c.user_id),
            (profiles, profiles.c.user_id),
            (subscriptions, subscriptions.c.user_id),
        ):
            found = await uow.connection.execute(select(table).where(key == user_id))
            rows.append(sorted(tuple(row) for row in found))
    return rows


async def put_her_at(engine, user_id: int, flow: str, step: str) -> None:
    data = {"question": "age", "labels": {"예": "me:yes"}} if flow == "intake" else {}
    async with UnitOfWork(engine) as uow:
        await uow.conversations.save(Conversation(user_id, flow, step, data), Clock().now)
        await uow.commit()


async def her_id(engine) -> int:
    async with UnitOfWork(engine) as uow:
        query = select(users.c.id).where(users.c.channel == "web")
        return (await uow.connection.execute(query)).scalar_one()


async def test_an_over_long_answer_at_every_question_is_refused_and_changes_nothing(database_url):
    engine = create_engine(database_url)
    try:
        async with chat_app(database_url) as (app, _slots), visitor(app) as her:
            await her.say(text="/start")
            await her.tap("한국어")
            await her.tap("동의해요")
            user_id = await her_id(engine)
            for flow, step in QUESTIONS:
                await put_her_at(engine, user_id, flow, step)
                before = await snapshot(engine, user_id)
                limit = longest_text(flow, step)
                shown = texts(await her.say(text=long_answer(limit + 1)))
                assert TOO_LONG_KO in shown and f"{limit}자" in shown, (flow, step)
                assert await snapshot(engine, user_id) == before, (flow, step)
    finally:
        await engine.dispose()


async def test_a_newcomers_over_long_first_message_creates_nobody(database_url):
    async with chat_app(database_url) as (app, _slots), visitor(app) as stranger:
        stranger.headers["Accept-Language"] = "en"
        said = await stranger.say(text=long_answer(MAX_ANSWER + 1))
        shown = texts(said)
        assert "too long" in shown and "500" in shown
        way_out = [button for row in said[-1]["buttons"] for button in row]
        assert [button["data"] for button in way_out] == ["menu:home"]  # never a dead end
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            assert (await uow.connection.execute(select(users))).first() is None
    finally:
        await engine.dispose()


@pytest.mark.parametrize("length", [MAX_ANSWER + 1, MAX_MESSAGE])
async def test_a_long_telegram_message_in_the_intake_gets_a_polite_reply(sqlite_url, length):
    await prepared_database(sqlite_url)
    async with app_with_telegram(sqlite_url) as (_app, fake):
        user = 4242
        await fake.post_webhook(fake.message_update(user, "/start"))
        await fake.post_webhook(fake.tap_update(user, "한국어"))
        await fake.post_webhook(fake.tap_update(user, "동의해요"))
        assert "어디에 사세요" in fake.sent_messages(user)[-1]["text"]  # the first question
        assert await fake.post_webhook(fake.message_update(user, long_answer(length))) == 200
        assert TOO_LONG_KO in fake.sent_messages(user)[-1]["text"]
        await fake.post_webhook(fake.message_update(user, "광명이요"))  # still that question
        assert "광명" in fake.sent_messages(user)[-1]["text"]
