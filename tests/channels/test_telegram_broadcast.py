"""A broadcast started from Telegram, whole: the staff member composes it in the chat, the
real application sends it through the fake Bot API, her progress message is edited to the final
report, and people who blocked the bot are made inactive, unsubscribed and counted."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import subscriptions, users
from storage.uow import UnitOfWork
from tests.conftest import app_with_telegram, prepared_database
from tests.fakes.bot_api import FakeBotApi

STAFF = 7770001
READERS = [7780000 + n for n in range(40)]
BLOCKED = set(READERS[:3])


async def readers_and_staff(url: str) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    try:
        async with UnitOfWork(engine) as uow:
            for reader in READERS:
                user = await uow.users.seen("telegram", str(reader), now)
                await uow.users.set_language(user.id, "ko")
                await uow.users.set_consent(user.id, now)
                await uow.subscriptions.add(user.id, "region", "경기도", now)
            await uow.staff.grant("telegram", str(STAFF), "admin", now)  # reaches every reader
            await uow.commit()
    finally:
        await engine.dispose()


@pytest.fixture
async def broadcasting(sqlite_url):
    await prepared_database(sqlite_url)
    await readers_and_staff(sqlite_url)
    async with app_with_telegram(sqlite_url) as (_app, fake):
        fake.blocked |= BLOCKED
        yield fake, sqlite_url


async def test_a_broadcast_from_telegram_reports_its_progress_and_drops_blocked_readers(
    broadcasting,
):
    fake, url = broadcasting
    sent = 0

    async def step(update: dict) -> dict:
        nonlocal sent
        await fake.post_webhook(update)
        sent = len(await fake.wait_for_messages(STAFF, sent + 1))
        return fake.sent_messages(STAFF)[-1]

    await step(fake.message_update(STAFF, "/start"))
    await step(fake.tap_update(STAFF, "한국어"))
    await step(fake.tap_update(STAFF, "동의하지 않고 둘러볼게요"))
    await step(fake.message_update(STAFF, "/broadcast"))
    await step(fake.message_update(STAFF, "광명시 콜센터 과정 새 기수를 모집해요."))
    for label in ("둘 다 아니에요", "지역", "경기"):
        last = await step(fake.tap_update(STAFF, label))
    assert "보낼까요" in last["text"]
    preview = "\n".join(m["text"] for m in fake.sent_messages(STAFF)[-3:])
    assert "40명" in preview
    await step(fake.tap_update(STAFF, "지금 보내기"))

    delivered = [r for r in READERS if r not in BLOCKED]
    for reader in delivered:
        messages = await fake.wait_for_messages(reader, 1, timeout=30)
        assert messages[0]["text"].startswith("[일터 안내] 광명시 콜센터 과정")
    report = await wait_for_report(fake)
    assert "보냄 37 · 실패 3 · 남음 0 (전체 40)" in report
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            inactive = (
                await connection.execute(select(func.count()).where(users.c.active.is_(False)))
            ).scalar_one()
            alerts = await connection.execute(select(func.count()).select_from(subscriptions))
            assert inactive == 3 and alerts.scalar_one() == 37
    finally:
        await engine.dispose()


async def wait_for_report(fake: FakeBotApi, timeout_s: float = 30) -> str:
    """The staff member's progress message once it says the broadcast is finished."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while loop.time() < deadline:
        for message in fake.sent_messages(STAFF):
            if "다 보냈어요" in message.get("text", ""):
                return message["text"]
        await asyncio.sleep(0.2)
    raise AssertionError([m.get("text") for m in fake.sent_messages(STAFF)][-3:])
