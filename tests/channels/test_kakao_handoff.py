"""Asking for a counsellor in KakaoTalk on the real server, over HTTP, on SQLite and
PostgreSQL: the skill must answer every request (within 5 s), so while a counsellor is asked
for, each of her messages is answered with one line, "상담사에게 전했어요.", and kept for the
counsellor; "상담 끝내기" gives her back to the bot."""

from __future__ import annotations

import aiohttp
import pytest

from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import KakaoUser, shown_text

SECRET = "kakao-skill-secret-for-tests"
KAKAO_ID = "9d5c0b53-handoff"


@pytest.fixture
async def kakao(database_url):
    await prepared_database(database_url)
    async with running_app(
        database_url=database_url, port=free_port(), kakao_skill_secret=SECRET
    ) as app:
        async with aiohttp.ClientSession() as session:
            yield KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", KAKAO_ID)


async def _said_to_the_counsellor(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            her = await uow.users.person("kakao", KAKAO_ID)
            handoff = await uow.handoffs.latest_for(her.id)
            said = await uow.handoffs.messages(handoff.id)
    finally:
        await engine.dispose()
    return [message.text for message in said if message.author == "person"]


async def test_kakao_gets_one_line_while_a_counsellor_is_asked_for(kakao, database_url):
    await kakao.open()
    await kakao.press("한국어")
    await kakao.press("동의해요")
    asked = await kakao.say("상담원 연결해 주세요")
    assert "상담 선생님" in shown_text(asked)
    for text in ("이력서 쓰는 걸 도와주세요", "버스 언제 와요?"):
        assert shown_text(await kakao.say(text)) == "상담사에게 전했어요."
    ended = await kakao.say("상담 끝내기")
    assert "다시 일터가 도와드릴게요" in shown_text(ended)
    assert await _said_to_the_counsellor(database_url) == [
        "상담원 연결해 주세요",
        "이력서 쓰는 걸 도와주세요",
        "버스 언제 와요?",
    ]
