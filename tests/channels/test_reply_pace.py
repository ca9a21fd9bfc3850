"""Replies are never lost to Telegram's per-chat rate: a person tapping every 0.4 s through the
intake, against a fake Bot API that allows a chat one message a second with a burst of five
(past it, an API call gets 429 and a webhook answer is dropped), gets every reply."""

from __future__ import annotations

import asyncio

from tests.conftest import app_with_telegram, prepared_database
from tests.fakes.chat_limit import ChatLimit

INTAKE = (
    "/start",
    "한국어",
    "동의해요",
    "경기",
    "광명시",
    "40대",
    "이전",
    "40대",
    "구직 중",
    "상담·콜센터",
    "요리·조리",
    "다 골랐어요",
    "언제든 괜찮아요",
    "없어요",
)
CALM, HURRIED = 6100001, 6100002


async def test_a_person_tapping_every_0_4_s_gets_every_reply_some_late(sqlite_url):
    await prepared_database(sqlite_url)
    async with app_with_telegram(sqlite_url) as (_app, fake):
        for text in INTAKE:  # one answer at a time, with no limit: what she should read
            await fake.post_webhook(fake.message_update(CALM, text))
        expected = [message["text"] for message in fake.sent_messages(CALM)]
        fake.chat_limit = ChatLimit(per_second=1, burst=5)
        taps = []
        for text in INTAKE:
            taps.append(asyncio.create_task(fake.post_webhook(fake.message_update(HURRIED, text))))
            await asyncio.sleep(0.4)
        assert await asyncio.gather(*taps) == [200] * len(INTAKE)
        got = [message["text"] for message in fake.sent_messages(HURRIED)]
    assert fake.dropped_answers == []
    assert got == expected  # every reply, in order
    limited = [call for call in fake.calls_to("sendMessage") if call.error]
    assert limited and all("Too Many Requests" in call.error for call in limited)  # some late
