"""A sample of issue 14's examples in the web chat (its JSON API on the real server) and in
Telegram (python-telegram-bot against the fake Bot API): typed words are understood, a
correction at the read-back is read back again and never booked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from storage.database import create_engine
from tests.chat import Clock
from tests.conftest import app_with_telegram, free_port, prepared_database, running_app
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, centre_id
from tests.security.web import Visitor

USER = 5550114


@pytest.fixture
async def web_chat(sqlite_url):
    await prepared_database(sqlite_url)
    day = open_day(timedelta(days=3))  # the only day with times: 오후 2시 and 4시
    engine = create_engine(sqlite_url)
    try:
        await add_slots(
            engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14, 16)
        )
    finally:
        await engine.dispose()
    async with running_app(database_url=sqlite_url, port=free_port()) as app:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(base_url=app.url, cookie_jar=jar) as session:
            yield Visitor(session), day_label(day)


def data_in(messages: list[dict]) -> set[str]:
    return {b.get("data") for m in messages for row in m.get("buttons", []) for b in row}


async def test_the_web_chat_reads_a_situation_and_keeps_a_correction_from_booking(web_chat):
    her, day = web_chat
    await her.say(text="/start")
    await her.tap("한국어")
    await her.say(text="네, 동의합니다")
    await her.tap("경기")
    await her.tap("광명시")
    messages = await her.say(text="72년생")
    assert "in:a:career_break" in data_in(messages)
    messages = await her.say(text="그만둔 지 오래됐어요")
    assert "in:a:over_10y" in data_in(messages)
    await her.tap("그만하기")
    await her.choose_time(day, "오후 2시")
    messages = await her.say(text="네 시로 바꿔 주세요")
    text = "\n".join(m["text"] for m in messages)
    assert "오후 4시" in text and "맞으세요" in text and "예약했어요" not in text


@pytest.fixture
async def telegram(sqlite_url):
    await prepared_database(sqlite_url)
    async with app_with_telegram(sqlite_url, Clock(datetime.now(UTC))) as (_app, fake):
        yield fake


async def test_telegram_reads_a_birth_year_and_a_wish_for_a_person(telegram):
    fake = telegram

    async def said(update: dict) -> dict:
        before = len(fake.sent_messages(USER))
        assert await fake.post_webhook(update) == 200
        return (await fake.wait_for_messages(USER, before + 1))[-1]

    await said(fake.message_update(USER, "/start"))
    await said(fake.tap_update(USER, "한국어"))
    await said(fake.message_update(USER, "동의해요"))
    await said(fake.tap_update(USER, "서울"))
    await said(fake.tap_update(USER, "관악구"))
    message = await said(fake.message_update(USER, "1965년생"))
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    assert "in:a:job_seeking" in {button.get("callback_data") for row in rows for button in row}
    before = len(fake.sent_messages(USER))
    assert await fake.post_webhook(fake.message_update(USER, "사람이랑 통화하고 싶어요")) == 200
    asked = (await fake.wait_for_messages(USER, before + 1))[-1]  # her request for a counsellor
    assert "상담 선생님" in asked.get("text", "")
