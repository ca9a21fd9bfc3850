"""Linked chats through the real channels: a code shown in Telegram (the fake Bot API), typed in
KakaoTalk (skill requests over HTTP) and approved in Telegram, which is sent the request at
once. Each answer goes back to the chat that asked; KakaoTalk then sees the Telegram person's
data and is told that reminders come to Telegram."""

from __future__ import annotations

import re

import aiohttp
import pytest

from tests.conftest import app_with_telegram, prepared_database
from tests.fakes.kakao import KakaoUser, shown_text

SECRET = "kakao-skill-secret-for-link-tests"
USER = 5550101


@pytest.fixture
async def both_apps(sqlite_url):
    await prepared_database(sqlite_url)
    overrides = dict(kakao_skill_secret=SECRET, kakao_block_id="65d2f0c4a1b2c3d4e5f60001")
    async with app_with_telegram(sqlite_url, **overrides) as (app, fake):
        async with aiohttp.ClientSession() as session:
            kakao = KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", "9d5c0b53-linker")
            yield fake, kakao


async def test_a_telegram_code_typed_in_kakaotalk_links_the_two_chats(both_apps):
    fake, kakao = both_apps
    sent = 0

    async def telegram(update: dict) -> str:
        nonlocal sent
        assert await fake.post_webhook(update) == 200
        sent = len(await fake.wait_for_messages(USER, sent + 1))
        return fake.sent_messages(USER)[-1].get("text", "")

    await telegram(fake.message_update(USER, "/start"))
    for label in ("한국어", "동의해요", "그만하기", "내 정보"):
        await telegram(fake.tap_update(USER, label))
    shown = await telegram(fake.tap_update(USER, "다른 채팅 연결"))
    (code,) = set(re.findall(r"\b\d{4} \d{4}\b", shown))

    await kakao.open()
    for step in ("한국어", "동의해요"):
        await kakao.say(step)
    asked = await kakao.say(f"/link {code}")
    assert "요청을 보냈어요" in shown_text(asked)
    request = (await fake.wait_for_messages(USER, sent + 1))[-1]  # pushed to Telegram
    assert "카카오톡에서" in request["text"]
    sent += 1
    approved = await telegram(fake.tap_update(USER, "연결하기"))
    assert "연결했어요" in approved

    mine = shown_text(await kakao.press("내 정보"))
    assert "알림 받는 곳: 텔레그램" in mine and "카카오톡" in mine
