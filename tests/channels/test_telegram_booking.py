"""Booking in Telegram, whole: the real application and python-telegram-bot against the fake
Bot API. The confirmation carries the .ics as a document; the reminder comes once, when the
application's (moved) clock reaches it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from storage.database import create_engine
from tests.chat import Clock
from tests.conftest import app_with_telegram, prepared_database
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, at, centre_id

USER = 5550077


def button_data(message: dict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button.get("callback_data") for row in rows for button in row]


@pytest.fixture
async def booking_bot(sqlite_url):
    await prepared_database(sqlite_url)
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    day = open_day(timedelta(days=3))  # the only day with a time: 오후 2시
    engine = create_engine(sqlite_url)
    try:
        await add_slots(engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14,))
    finally:
        await engine.dispose()
    async with app_with_telegram(sqlite_url, clock) as (_app, fake):
        yield fake, clock, day_label(day), at(day, 14)


async def chat(fake: FakeBotApi, update: dict, expect: int) -> dict:
    assert await fake.post_webhook(update) == 200
    return (await fake.wait_for_messages(USER, expect))[-1]


async def test_book_get_the_calendar_file_and_one_reminder(booking_bot):
    fake, clock, day, starts_at = booking_bot
    sent = 0

    async def say(text: str) -> dict:
        nonlocal sent
        before = sent
        await fake.post_webhook(fake.message_update(USER, text))
        sent = len(await fake.wait_for_messages(USER, before + 1))
        return fake.sent_messages(USER)[-1]

    async def tap(label: str) -> dict:
        nonlocal sent
        before = sent
        await fake.post_webhook(fake.tap_update(USER, label))
        sent = len(await fake.wait_for_messages(USER, before + 1))
        await asyncio.sleep(0.2)  # a reply may be several messages (text, then the document)
        sent = len(fake.sent_messages(USER))
        return fake.sent_messages(USER)[-1]

    await say("/start")
    for label in ("한국어", "동의해요", "그만하기", "상담 예약", day, "오후 2시"):
        await tap(label)
    confirm = fake.sent_messages(USER)[-1]
    assert "맞으세요" in confirm["text"]
    await tap("네, 예약할게요")
    await say("+82 10 1234 5678")
    await asyncio.sleep(0.3)
    messages = fake.sent_messages(USER)
    booked = next(m for m in reversed(messages) if "예약했어요" in m.get("text", ""))
    assert "010-1234-5678" in booked["text"]
    assert any(data.startswith("bk:c:") for data in button_data(booked))
    document = messages[-1]["document"]
    assert document["file_name"].endswith(".ics")
    event = Calendar.from_ical(fake.uploads[document["file_id"]]).walk("VEVENT")[0]
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Seoul"
    assert event.decoded("DTSTART").hour == 14

    before = len(fake.sent_messages(USER))
    clock.now = starts_at - timedelta(hours=23)  # past the day-before reminder, not the hour-before
    reminder = (await fake.wait_for_messages(USER, before + 1, timeout=15))[-1]
    assert "내일 오후 2시" in reminder["text"] and "상담이 있어요" in reminder["text"]
    await asyncio.sleep(3)  # the dispatcher runs again; nothing more may come
    texts = [m.get("text", "") for m in fake.sent_messages(USER)[before:]]
    assert sum("상담이 있어요" in text for text in texts) == 1
