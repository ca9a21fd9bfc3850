"""Booking in the web chat, through its JSON API on the real server: the confirmation links
the calendar file (the page cannot receive files), the link serves valid iCalendar, a forged
link is 404 (said in Korean), and a person coming back sees her next booking."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest
from icalendar import Calendar

from storage.database import create_engine
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import day_label, open_day
from tests.handlers.booking_setup import add_slots, centre_id
from tests.security.web import Visitor


@pytest.fixture
async def web_booking(sqlite_url):
    await prepared_database(sqlite_url)
    day = open_day(timedelta(days=3))  # the only day with a time: 오후 2시
    engine = create_engine(sqlite_url)
    try:
        await add_slots(engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14,))
    finally:
        await engine.dispose()
    async with running_app(database_url=sqlite_url, port=free_port()) as app:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(base_url=app.url, cookie_jar=jar) as session:
            yield session, day_label(day)


async def send(session, **body) -> list[dict]:
    async with session.post("/api/chat", json=body) as response:
        assert response.status == 200
        return (await response.json())["messages"]


async def test_book_in_the_web_chat_and_fetch_the_calendar_file(web_booking):
    session, day = web_booking
    her = Visitor(session)
    await her.agree()
    await her.choose_time(day, "오후 2시")
    await her.tap("네, 예약할게요")
    messages = await her.say(text="010-1234-5678")
    booked = next(m for m in messages if "예약했어요" in m["text"])
    link = booked["attachment"]["url"]
    assert link.startswith("http://127.0.0.1:") and link.endswith(".ics")
    async with session.get(link) as response:
        assert response.status == 200
        assert response.content_type == "text/calendar"
        event = Calendar.from_ical(await response.read()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").hour == 14 and "광명시여성새일센터" in str(event["SUMMARY"])

    forged = link.replace("/ics/", "/ics/9").rsplit("_", 1)[0] + "_AAAAAAAAAAAAAAAA.ics"
    async with session.get(forged) as response:
        assert response.status == 404
        assert "예약" in await response.text()  # said in Korean, the default

    back = await send(session, data="sys:resume")
    assert any("다가오는 상담" in m["text"] for m in back)
