"""ilteo in Telegram, whole: `Ilteo` registers its webhook with the fake Bot API and answers.

The real python-telegram-bot Application talks HTTP to `FakeBotApi`; the fake posts updates
to our webhook as Telegram does, with the secret header.
"""

from __future__ import annotations

import pytest

from tests.conftest import app_with_telegram, prepared_database

USER = 5550001


def button_data(message: dict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button.get("callback_data") for row in rows for button in row]


@pytest.fixture
async def telegram_bot(sqlite_url):
    await prepared_database(sqlite_url)
    async with app_with_telegram(sqlite_url) as (_app, fake):
        yield fake


async def test_serve_registers_the_webhook_with_its_secret(telegram_bot):
    fake = telegram_bot
    assert fake.webhook.url.endswith("/telegram/webhook")
    assert fake.webhook.secret_token and len(fake.webhook.secret_token) >= 32


async def test_start_language_consent_menu_with_working_buttons(telegram_bot):
    fake = telegram_bot
    assert await fake.post_webhook(fake.message_update(USER, "/start")) == 200
    greeting = (await fake.wait_for_messages(USER, 1))[-1]
    assert "안녕하세요" in greeting["text"]
    assert "lang:ko" in button_data(greeting)

    await fake.post_webhook(fake.tap_update(USER, "한국어"))
    consent = (await fake.wait_for_messages(USER, 2))[-1]
    assert "consent:yes" in button_data(consent)

    await fake.post_webhook(fake.tap_update(USER, "동의해요"))
    question = (await fake.wait_for_messages(USER, 3))[-1]  # thanks and the first question
    assert "in:a:경기도" in button_data(question)
    await fake.post_webhook(fake.tap_update(USER, "그만하기"))
    menu = (await fake.wait_for_messages(USER, 4))[-1]
    assert "멈출게요" in menu["text"]
    assert {"menu:programmes", "menu:bus", "menu:booking", "menu:mydata"} <= set(button_data(menu))
    assert len(fake.answered_callbacks) == 3  # every press stops the button's spinner


async def test_the_same_update_delivered_twice_gets_one_reply(telegram_bot):
    fake = telegram_bot
    update = fake.message_update(USER, "/start")
    assert await fake.post_webhook(update) == 200
    assert await fake.post_webhook(update) == 200
    await fake.wait_for_messages(USER, 1)
    again = fake.message_update(USER, "/help")  # a later update proves the first is done
    await fake.post_webhook(again)
    messages = await fake.wait_for_messages(USER, 2)
    greetings = [m for m in messages if "안녕하세요" in m["text"]]
    assert len(greetings) == 1


async def test_a_wrong_or_missing_secret_gets_403_and_stores_nothing(telegram_bot, sqlite_url):
    from storage.database import create_engine
    from storage.uow import UnitOfWork

    fake = telegram_bot
    assert await fake.post_webhook(fake.message_update(USER, "/start"), secret="wrong") == 403
    assert await fake.post_webhook(fake.message_update(USER, "/start"), secret=None) == 403
    assert fake.sent_messages(USER) == []
    database = create_engine(sqlite_url)
    try:
        async with UnitOfWork(database) as uow:
            assert await uow.users.find("telegram", str(USER)) is None
    finally:
        await database.dispose()


async def test_bus_schedule_arrives_with_a_map_pin(telegram_bot):
    fake = telegram_bot
    await fake.post_webhook(fake.message_update(USER, "/start"))
    await fake.wait_for_messages(USER, 1)
    await fake.post_webhook(fake.message_update(USER, "한국어"))
    await fake.post_webhook(fake.message_update(USER, "동의해요"))
    await fake.wait_for_messages(USER, 3)
    await fake.post_webhook(fake.message_update(USER, "그만"))  # stop the intake for now
    await fake.wait_for_messages(USER, 4)
    await fake.post_webhook(fake.message_update(USER, "상담 버스 언제 와요"))
    await fake.wait_for_messages(USER, 6)
    assert fake.calls_to("sendVenue"), "a bus visit comes with a venue pin"


async def test_the_gwangmyeong_intake_by_buttons_in_telegram(telegram_bot):
    fake = telegram_bot
    await fake.post_webhook(fake.message_update(USER, "/start"))
    await fake.wait_for_messages(USER, 1)
    await fake.post_webhook(fake.tap_update(USER, "한국어"))
    await fake.wait_for_messages(USER, 2)
    await fake.post_webhook(fake.tap_update(USER, "동의해요"))
    seen = len(await fake.wait_for_messages(USER, 3))
    presses = [  # each button's label, and the data it must carry
        ("경기", "in:a:경기도"),
        ("광명시", "in:a:광명시"),
        ("40대", "in:a:40s"),
        ("경력단절", "in:a:career_break"),
        ("5~10년", "in:a:5_10y"),
        ("상담·콜센터", "in:t:call_centre"),
        ("다 골랐어요", "in:done"),
        ("언제든 괜찮아요", "in:none"),
        ("없어요", "in:none"),
        ("이대로 추천 받기", "in:ok"),
    ]
    for label, data in presses:
        last = fake.sent_messages(USER)[-1]
        assert data in button_data(last), f"{data} not offered in {button_data(last)}"
        await fake.post_webhook(fake.tap_update(USER, label))
        seen = len(await fake.wait_for_messages(USER, seen + 1))
    last = fake.sent_messages(USER)[-1]
    recommendation = last["text"]
    assert len(presses) <= 12
    assert "① 콜센터 전문상담원 과정" in recommendation  # cards and their buttons share a mark
    labels = [b["text"] for row in last["reply_markup"]["inline_keyboard"] for b in row]
    assert labels[0] == "① 자세히" and labels[-1] == "처음으로"
    assert "대전" not in recommendation  # another 시/도, while 광명 has more for her
    assert "경력단절여성 대상 · 광명시" in recommendation
