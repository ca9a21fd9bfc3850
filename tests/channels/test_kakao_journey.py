"""The whole journey in KakaoTalk on the real server, over HTTP, on SQLite and PostgreSQL, with
block buttons (KAKAO_BLOCK_ID set: presses carry their data) and with message buttons (presses
only say their text): opening the chat, language, consent, the intake, a recommendation and a
booking whose calendar file is a link. Every answer is checked against the skill response format
and Kakao's limits (tests/fakes/kakao.py)."""

from __future__ import annotations

from datetime import timedelta

import aiohttp
import pytest
from icalendar import Calendar

from storage.database import create_engine
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import DAY_LABEL, KakaoUser, links, open_day, pressables, shown_text
from tests.handlers.booking_setup import add_slots, centre_id

SECRET = "kakao-skill-secret-for-tests"


@pytest.fixture(params=["block", "message"])
async def kakao(request, database_url):
    await prepared_database(database_url)
    day = open_day(timedelta(days=2))
    engine = create_engine(database_url)
    try:
        await add_slots(engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14,))
    finally:
        await engine.dispose()
    block = {"kakao_block_id": "65d2f0c4a1b2c3d4e5f60001"} if request.param == "block" else {}
    async with running_app(
        database_url=database_url, port=free_port(), kakao_skill_secret=SECRET, **block
    ) as app:
        async with aiohttp.ClientSession() as session:
            yield KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", "9d5c0b53-journey"), request


async def test_from_the_welcome_to_a_booked_counselling_with_its_calendar_link(kakao):
    person, mode = kakao
    greeting = await person.open()
    assert "일터" in shown_text(greeting) and person.find("한국어")
    await person.press("한국어")
    assert "동의하지 않아도" in shown_text(person.last)
    await person.press("동의해요")
    assert "(1/8)" in shown_text(person.last)

    await person.say("경기")  # typed: the intake reads text as well as presses
    await person.press("광명시")
    await person.press("40대")
    for _question in range(4):
        await person.press("건너뛰기")
    assert "경기도 광명시" in shown_text(person.last)
    recommended = await person.press("이대로 추천 받기")
    carousel = next(o["carousel"] for o in recommended["template"]["outputs"] if "carousel" in o)
    assert carousel["type"] == "textCard"
    assert any("광명시여성새일센터" in card["title"] for card in carousel["items"])
    if mode.param == "block":
        assert all(b.get("extra", {}).get("data") for b in pressables(recommended))

    await person.press("상담 예약")  # the card's own button
    days = [b["label"] for b in pressables(person.last) if DAY_LABEL.match(b["label"])]
    await person.press(days[0])
    await person.press("오후 2시")
    assert "맞으세요" in shown_text(person.last)
    await person.press("네, 예약할게요")
    booked = await person.say("010-1234-5678")

    assert "예약했어요" in shown_text(booked) and "010-1234-5678" in shown_text(booked)
    assert {"시간 바꾸기", "예약 취소"} <= {b["label"] for b in pressables(booked)}
    (calendar,) = [link for link in links(booked) if link.endswith(".ics")]
    async with person.session.get(calendar) as response:
        assert response.status == 200 and response.content_type == "text/calendar"
        event = Calendar.from_ical(await response.read()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").hour == 14


async def test_opening_the_chat_again_carries_on_where_she_was(kakao):
    person, _mode = kakao
    await person.open()
    await person.press("한국어")
    back = await person.open()
    assert "다시 오셨네요" in shown_text(back) or "이어서" in shown_text(back)
    assert person.find("동의해요")
