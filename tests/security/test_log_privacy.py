"""No phone number, typed text or saved answer in any log line, even when a write fails while a
phone is in play: `ilteo serve` runs as a real process, a person books in the web chat, the
database refuses the booking's row (a trigger on SQLite; on PostgreSQL a check whose error
repeats the whole row), and the process's log is read. The failure is logged, by its types and
places only."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import aiohttp
from sqlalchemy import text

from bot.log_privacy import describe_exception
from handlers.phones import mask_phones
from storage.database import create_engine
from tests.conftest import free_port, prepared_database
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, centre_id
from tests.security.web import Visitor
from tests.test_process import environment, start_serving

PHONE = "010-2345-6789"
TRACES = ("2345-6789", "23456789", "2345")
REFUSE = {
    "sqlite": "CREATE TRIGGER refuse_bookings BEFORE INSERT ON bookings "
    "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    "postgresql": "ALTER TABLE bookings ADD CONSTRAINT refuse_phones CHECK (phone IS NULL)",
}


async def a_slot_that_cannot_be_booked(url: str) -> str:
    """오후 2시 at 광명시여성새일센터 on the first open day three days ahead (its button's label
    returned), the only time offered; the database refuses its booking."""
    day = open_day(timedelta(days=3))
    engine = create_engine(url)
    try:
        await add_slots(engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14,))
        async with engine.begin() as connection:
            await connection.execute(text(REFUSE[engine.dialect.name]))
    finally:
        await engine.dispose()
    return day_label(day)


async def test_a_failing_write_with_a_phone_in_play_leaves_no_phone_in_the_log(database_url):
    await prepared_database(database_url)
    day = await a_slot_that_cannot_be_booked(database_url)
    port = free_port()
    process = await start_serving(environment(database_url, port))
    try:
        async with aiohttp.ClientSession(
            base_url=f"http://127.0.0.1:{port}", cookie_jar=aiohttp.CookieJar(unsafe=True)
        ) as chat:
            her = Visitor(chat)
            await her.say(text="/start")
            await her.tap("한국어")
            await her.tap("동의해요")
            await her.say(text="광명이요")
            await her.tap("그만하기")
            await her.choose_time(day, "오후 2시")
            await her.tap("네, 예약할게요")
            async with chat.post("/api/chat", json={"text": PHONE}) as response:
                last = response.status, await response.text()
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=15)
    log = (await process.stderr.read()).decode()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    failed = [line for line in lines if "failed" in line["event"]]
    assert failed and "exception" in failed[0], log  # the failure is there, with its trace
    assert "(message hidden)" in failed[0]["exception"]
    assert last[0] == 200 and PHONE not in last[1]
    for trace in TRACES:
        assert trace not in log
    assert "광명이요" not in log  # a typed answer


def test_an_exception_is_described_without_its_message():
    try:
        try:
            raise ValueError("010-2345-6789 is not a slot")
        except ValueError as error:
            raise RuntimeError("while saving 광명이요") from error
    except RuntimeError as error:
        described = describe_exception(error)
    assert "ValueError" in described and "RuntimeError" in described
    assert "2345" not in described and "광명이요" not in described
    assert mask_phones("call +82 10 2345 6789 or 01023456789") == "call [phone] or [phone]"
