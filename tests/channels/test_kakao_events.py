"""Messages the bot starts (reminders, broadcasts) reach Kakao users through the Event API: the
documented body (event name, the text in its data, botUserKey users), at most 100 users a
request, Kakao's 429 as a pause; a booking's reminder and a counsellor's reply (sent from the
inbox) through the outbox, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp import web

from bot.app import Ilteo
from bot.channels.kakao import EventApi, KakaoNotifier
from bot.channels.kakao.notifier import EventApiError
from bot.config import load_settings
from bot.ratelimit import SlowDown
from handlers.i18n import Translator
from handlers.messages import Button, Message, Reply
from handlers.turn import FlowSettings
from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login
from tests.chat import LOCALES, Clock
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import (
    BOT_ID,
    DAY_LABEL,
    REST_API_KEY,
    FakeEventApi,
    KakaoUser,
    open_day,
    pressables,
    shown_text,
)
from tests.handlers.booking_setup import add_slots, at, centre_id

SECRET = "kakao-skill-secret-for-tests"
COUNSELLOR = ("counsellor.kakao", "kakao-password-1")
NOTICE = Reply.of(
    Message(
        text="내일 오후 2시에 광명시여성새일센터에서 상담이 있어요.",
        buttons=((Button("처음으로", "menu:home"),),),
    )
)


@pytest.fixture
async def event_api():
    async with FakeEventApi() as api:
        yield api


def notifier_for(api: FakeEventApi, **options) -> KakaoNotifier:
    return KakaoNotifier(EventApi(api.url, BOT_ID, REST_API_KEY, "ilteo_notice"), **options)


async def test_an_event_has_the_documented_body(event_api):
    notifier = notifier_for(event_api, linger_s=0.01)
    try:
        await notifier.send("bot-user-key-1", NOTICE)
    finally:
        await notifier.close()
    (event,) = event_api.events
    assert event == {
        "event": {
            "name": "ilteo_notice",
            "data": {"text": "내일 오후 2시에 광명시여성새일센터에서 상담이 있어요."},
        },
        "user": [{"type": "botUserKey", "id": "bot-user-key-1"}],
    }


async def test_sends_of_one_text_go_together_at_most_100_a_request(event_api):
    notifier = notifier_for(event_api, linger_s=0.2)
    other = Reply.of(Message(text="새 기수 모집을 시작했어요."))
    try:
        await asyncio.gather(
            *(notifier.send(f"user-{n}", NOTICE) for n in range(250)),
            *(notifier.send(f"user-{n}", other) for n in range(3)),
        )
    finally:
        await notifier.close()
    sizes = sorted(len(event["user"]) for event in event_api.events)
    assert sizes == [3, 50, 100, 100]
    assert sorted(event_api.users_of("상담이 있어요")) == sorted(f"user-{n}" for n in range(250))


async def test_kakao_asking_to_slow_down_pauses_and_a_failure_fails_the_send(event_api):
    notifier = notifier_for(event_api, linger_s=0.01)
    try:
        event_api.fail_next = [429, 500]
        with pytest.raises(SlowDown) as slow:
            await notifier.send("user-1", NOTICE)
        assert slow.value.seconds == pytest.approx(0.1)
        with pytest.raises(EventApiError):
            await notifier.send("user-1", NOTICE)
        await notifier.send("user-1", NOTICE)
    finally:
        await notifier.close()
    assert event_api.users_of() == ["user-1"]


async def test_a_wrong_key_is_an_error_not_a_success(event_api):
    notifier = KakaoNotifier(
        EventApi(event_api.url, BOT_ID, "wrong-key", "ilteo_notice"), linger_s=0.01
    )
    try:
        with pytest.raises(EventApiError):
            await notifier.send("user-1", NOTICE)
    finally:
        await notifier.close()
    assert event_api.refused == ["authorization"] and not event_api.events


def test_the_event_api_is_used_only_when_configured():
    kakao = {"kakao_skill_secret": SECRET, "kakao_bot_id": BOT_ID}
    without = load_settings(**kakao)
    assert Ilteo._kakao(without, object(), None, web.Application(), _flow_settings()) is None
    configured = load_settings(
        **kakao, kakao_rest_api_key=REST_API_KEY, kakao_event_api_url="https://bot-api.kakao.com"
    )
    notifier = Ilteo._kakao(configured, object(), None, web.Application(), _flow_settings())
    assert isinstance(notifier, KakaoNotifier)
    assert notifier._api.url == f"https://bot-api.kakao.com/v2/bots/{BOT_ID}/talk"


def _flow_settings() -> FlowSettings:
    return FlowSettings(
        languages=("ko",), timezone=ZoneInfo("Asia/Seoul"), translator=Translator(LOCALES)
    )


async def test_a_booking_reminder_reaches_her_in_kakao_once(sqlite_url, event_api):
    await prepared_database(sqlite_url)
    day = open_day(timedelta(days=2))
    engine = create_engine(sqlite_url)
    try:
        await add_slots(engine, await centre_id(engine, "광명시여성새일센터"), [day], hours=(14,))
    finally:
        await engine.dispose()
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    settings = dict(
        database_url=sqlite_url,
        port=free_port(),
        kakao_skill_secret=SECRET,
        kakao_bot_id=BOT_ID,
        kakao_rest_api_key=REST_API_KEY,
        kakao_event_api_url=event_api.url,
    )
    async with running_app(clock=clock, **settings) as app:
        async with aiohttp.ClientSession() as session:
            person = KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", "bot-user-key-77")
            await person.open()
            await person.press("한국어")
            await person.press("동의해요")
            await person.press("그만하기")
            await person.say("상담 예약")
            days = [b["label"] for b in pressables(person.last) if DAY_LABEL.match(b["label"])]
            await person.press(days[0])
            await person.press("오후 2시")
            await person.press("네, 예약할게요")
            await person.say("010-1234-5678")
        clock.now = at(day, 14).astimezone(UTC) - timedelta(hours=23)
        assert await event_api.wait_for_users(1, within_s=15) == ["bot-user-key-77"]
        await asyncio.sleep(2.5)  # the dispatch runs again: nothing more may go
    (event,) = event_api.events
    assert "상담이 있어요" in event["event"]["data"]["text"]


async def test_a_counsellors_reply_reaches_her_kakao_through_the_event_api(database_url, event_api):
    """With the Event API configured her counsellor's reply is sent to her KakaoTalk at once
    (through the outbox, once), not kept for her next message."""
    await prepared_database(database_url)
    await add_web_login(database_url, *COUNSELLOR, "admin")
    settings = dict(
        database_url=database_url,
        port=free_port(),
        kakao_skill_secret=SECRET,
        kakao_bot_id=BOT_ID,
        kakao_rest_api_key=REST_API_KEY,
        kakao_event_api_url=event_api.url,
    )
    async with running_app(**settings) as app:
        async with aiohttp.ClientSession() as session:
            person = KakaoUser(session, f"{app.url}/kakao/skill/{SECRET}", "bot-user-key-88")
            await person.open()
            await person.press("한국어")
            await person.press("동의해요")
            await person.say("상담원 연결해 주세요")
            async with UnitOfWork(app.database) as uow:
                her = await uow.users.person("kakao", "bot-user-key-88")
                handoff = (await uow.handoffs.open_for(her.id)).id
            counsellor = AdminClient(app.url)
            try:
                assert (await counsellor.sign_in(*COUNSELLOR)).status == 303
                await counsellor.get(f"/admin/inbox/{handoff}")
                assert (await counsellor.post(f"/admin/inbox/{handoff}/claim")).status == 303
                said = {"text": "안녕하세요, 상담사예요."}
                assert (await counsellor.post(f"/admin/inbox/{handoff}/reply", said)).status == 303
            finally:
                await counsellor.close()
            assert await event_api.wait_for_users(1, within_s=15) == ["bot-user-key-88"]
            (event,) = event_api.events
            assert "안녕하세요, 상담사예요." in event["event"]["data"]["text"]
            # already delivered: her next message is not answered with it again
            assert "상담사예요" not in shown_text(await person.say("고맙습니다"))
        await asyncio.sleep(2.5)  # the dispatch runs again: nothing more may go
    assert len(event_api.events) == 1
