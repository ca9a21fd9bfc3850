"""A talk with a counsellor in Telegram, whole: the real application and python-telegram-bot
against the fake Bot API. While she waits and while the counsellor holds the chat the bot says
nothing (this test fails if it answers); the counsellor's reply reaches her chat by the outbox;
after she ends the talk the bot answers her again."""

from __future__ import annotations

import pytest

from handlers.flows.handoff.delivery import deliver_staff_message
from storage.database import create_engine
from storage.records import EVERYTHING, StaffIdentity
from storage.uow import UnitOfWork
from tests.chat import Clock, make_settings
from tests.conftest import app_with_telegram, prepared_database

USER = 5550123


@pytest.fixture
async def telegram_bot(database_url):
    await prepared_database(database_url)
    async with app_with_telegram(database_url, Clock()) as (app, fake):
        yield app, fake


async def _counsellor_replies(database_url: str, text: str, clock: Clock) -> None:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            admin_id = await uow.staff.grant("web", "admin", "admin", clock())
            admin = StaffIdentity(admin_id, "admin", EVERYTHING, 0)
            her = await uow.users.find("telegram", str(USER))
            handoff = await uow.handoffs.open_for(her.id)
            assert await uow.handoffs.claim(handoff.id, admin, clock())
            settings = make_settings(push_channels=("telegram",))
            assert await deliver_staff_message(uow, handoff.id, admin, text, clock(), settings)
            await uow.commit()
    finally:
        await engine.dispose()


async def test_the_bot_is_silent_while_a_counsellor_holds_the_chat(telegram_bot, database_url):
    _app, fake = telegram_bot
    sent = 0

    async def send(update: dict, answers: int = 1) -> list[dict]:
        nonlocal sent
        assert await fake.post_webhook(update) == 200
        if answers:
            sent = len(await fake.wait_for_messages(USER, sent + answers))
        return fake.sent_messages(USER)

    await send(fake.message_update(USER, "/start"))
    for label in ("한국어", "동의해요", "그만하기"):
        await send(fake.tap_update(USER, label))
    asked = (await send(fake.message_update(USER, "상담원 연결해 주세요")))[-1]
    assert "ho:end" in str(asked.get("reply_markup"))
    for text in ("이력서 쓰는 걸 도와주세요", "메뉴", "버스 언제 와요?", "네"):
        await send(fake.message_update(USER, text), answers=0)
    hello = "안녕하세요, 상담사예요. 어떤 점이 궁금하세요?"
    await _counsellor_replies(database_url, hello, Clock())
    messages = await fake.wait_for_messages(USER, sent + 1)
    # Had the bot answered any of her four messages, that answer would come before this one.
    assert messages[sent]["text"].startswith("상담 선생님: 안녕하세요, 상담사예요")
    sent += 1
    ended = (await send(fake.message_update(USER, "상담 끝내기")))[-1]
    assert "상담을 끝냈어요" in ended["text"]
    assert len(fake.sent_messages(USER)) == sent  # nothing else came in between
    bus = (await send(fake.message_update(USER, "버스 언제 와요?")))[-1]
    assert "버스" in bus["text"]
