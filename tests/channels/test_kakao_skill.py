"""The skill endpoint answers every request correctly and crashes on none: a wrong secret (403,
nothing stored), a malformed body (400), a body over 64 KiB (413), a person it has never seen
(a greeting), emoji only (a helpful reply), and a label typed instead of pressed (understood)."""

from __future__ import annotations

import json

import aiohttp
import pytest
from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import conversations, users
from storage.uow import UnitOfWork
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import KakaoUser, pressables, problems, shown_text, skill_request

SECRET = "kakao-skill-secret-for-tests"
BLOCK = "65d2f0c4a1b2c3d4e5f60001"


@pytest.fixture
async def skill(sqlite_url):
    await prepared_database(sqlite_url)
    async with running_app(
        database_url=sqlite_url, port=free_port(), kakao_skill_secret=SECRET, kakao_block_id=BLOCK
    ) as app:
        async with aiohttp.ClientSession() as session:
            yield app, session, sqlite_url


async def stored(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            count = [
                (await uow.connection.execute(select(func.count()).select_from(table))).scalar_one()
                for table in (users, conversations)
            ]
    finally:
        await engine.dispose()
    return count[0], count[1]


def person(app, session, key: str = "user-key-1") -> KakaoUser:
    return KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", key)


async def test_a_wrong_secret_is_refused_and_nothing_is_stored(skill):
    app, session, url = skill
    body = skill_request("intruder", "안녕하세요")
    for wrong in ("wrong", SECRET[:-1], SECRET + "x", "%20"):
        async with session.post(f"{app.url}/kakao/skill/{wrong}", json=body) as response:
            assert response.status == 403
    async with session.post(f"{app.url}/kakao/skill/", json=body) as response:
        assert response.status in (403, 404, 405)
    assert await stored(url) == (0, 0)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        json.dumps({"bot": {"id": "x"}}).encode(),
        json.dumps({"userRequest": {"utterance": "hi", "user": {}}}).encode(),
        json.dumps({"userRequest": {"utterance": 42, "user": {"id": "k"}}}).encode(),
        json.dumps({"userRequest": {"utterance": "hi", "user": {"id": "k" * 101}}}).encode(),
        json.dumps({"userRequest": {"utterance": "hi", "user": {"id": "k"}}, "action": 3}).encode(),
    ],
    ids=["broken", "not-utf8", "array", "no-request", "no-user", "number", "long-id", "action"],
)
async def test_a_malformed_body_is_400_and_nothing_is_stored(skill, body):
    app, session, url = skill
    async with session.post(
        f"{app.url}/kakao/skill/{SECRET}", data=body, headers={"Content-Type": "application/json"}
    ) as response:
        assert response.status == 400
        assert "error" in await response.json()
    assert await stored(url) == (0, 0)


async def test_a_body_over_64_kib_is_413(skill):
    app, session, url = skill
    body = json.dumps(skill_request("big", "가" * 70_000)).encode()
    async with session.post(f"{app.url}/kakao/skill/{SECRET}", data=body) as response:
        assert response.status == 413
    assert await stored(url) == (0, 0)


async def test_a_person_never_seen_is_greeted_whatever_she_says(skill):
    app, session, _url = skill
    for number, first_words in enumerate(("안녕하세요", "콜센터 교육 받고 싶어요", "/start")):
        answer = await person(app, session, f"new-{number}").say(first_words)
        assert "일터" in shown_text(answer)
        assert {"한국어", "English"} <= {b["label"] for b in pressables(answer)}


async def test_emoji_only_gets_a_helpful_reply(skill):
    app, session, _url = skill
    newcomer = person(app, session, "emoji-new")
    assert "일터" in shown_text(await newcomer.say("😀👍"))
    assert pressables(newcomer.last)

    member = person(app, session, "emoji-member")
    await member.open()
    await member.press("한국어")
    await member.press("동의해요")
    await member.press("그만하기")
    answer = await member.say("🙏🙏")
    assert shown_text(answer).strip() and not problems(answer)
    assert {"교육 찾기", "상담 버스 일정"} <= {b["label"] for b in pressables(answer)}
    asked = await member.say("❤️")
    assert pressables(asked)


async def test_a_typed_label_does_what_its_button_does(skill):
    app, session, _url = skill
    pressing, typing = person(app, session, "presses"), person(app, session, "types")
    for someone in (pressing, typing):
        await someone.open()
        await someone.press("한국어")
        await someone.press("동의하지 않고 둘러볼게요")
        await someone.press("교육 찾기")
    (listed,) = [o["listCard"] for o in pressing.last["template"]["outputs"] if "listCard" in o]
    title = listed["items"][0]["title"]
    pressed = await pressing.press(title)
    typed = await typing.say(typing.find(title)["messageText"])  # no extra: only the words
    assert shown_text(typed) == shown_text(pressed)
    assert title.split(" — ")[0] in shown_text(pressed)


async def test_more_shows_the_rest_of_a_long_answer(skill):
    app, session, _url = skill
    someone = person(app, session, "pages")
    await someone.open()
    await someone.press("한국어")
    await someone.press("동의해요")
    await someone.say("서울")
    pages = await someone.read_all()
    # 12 districts and the intake's own "more", 6 a page, the way out on each
    assert len(pages) == 3
    for page in pages:
        assert [b["label"] for b in pressables(page)][-3:] == ["이전", "건너뛰기", "그만하기"]
    first = [b["label"] for page in pages for b in pressables(page) if b["label"].endswith("구")]
    assert len(first) == 12 and "강남구" in first
    following = await someone.press("더 보기")  # the intake's next twelve
    assert "중랑구" not in first and "(2/8)" in shown_text(following)
    rest = [b["label"] for page in await someone.read_all() for b in pressables(page)]
    assert "중랑구" in rest or "종로구" in rest


async def test_another_process_that_never_showed_the_buttons_still_understands_her(skill):
    """Two servers on one database (as behind a load balancer): the first never rendered the
    buttons she presses, so it reads what they say as text: a label of the buttons kept with
    her conversation is that press."""
    app, session, url = skill
    first = person(app, session, "two-processes")
    await first.open()
    await first.press("한국어")
    async with running_app(database_url=url, port=free_port(), kakao_skill_secret=SECRET) as other:
        second = person(other, session, "two-processes")
        agreed = await second.say(first.find("동의해요")["messageText"])
        assert "(1/8)" in shown_text(agreed)
        asked = await second.say("경기")
        assert "(2/8)" in shown_text(asked)
        on_screen = second.find("광명시")["messageText"]
    back = await first.say(on_screen)  # her next press reaches the first server again
    assert "(3/8)" in shown_text(back)  # the label is one of the buttons kept with her step
