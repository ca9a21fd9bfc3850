"""Reminders by KakaoTalk 알림톡 with SMS fallback, end to end: the real app with a moved clock,
the web chat over HTTP, and the strict fake SOLAPI (which checks the signature, the request and
the template, and posts delivery reports back to /sms/report/<secret>)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, date, datetime, timedelta

import aiohttp
import pytest
from sqlalchemy import select

from bot.config import load_settings
from storage.database import create_engine
from storage.tables import outbox, profiles
from storage.uow import UnitOfWork
from tests.chat import Clock
from tests.conftest import free_port, prepared_database, running_app
from tests.fakes.kakao import day_label, open_day
from tests.fakes.solapi import TEMPLATE_IDS, FakeSolapi
from tests.handlers.booking_setup import add_slots, at, centre_id
from tests.security.web import Visitor

NUMBER = "01012345678"
CENTRE = "광명시여성새일센터"
YES = "네, 알려 주세요"  # the 알림톡/SMS question's yes


@contextlib.asynccontextmanager
async def phone_app(url: str, **overrides):
    """The app on `url` with the fake SOLAPI; yields (app, fake, clock, chat session, the day
    of its one time, 오후 2시 at 광명시여성새일센터)."""
    await prepared_database(url)
    day = open_day(timedelta(days=3))
    engine = create_engine(url)
    try:
        await add_slots(engine, await centre_id(engine, CENTRE), [day], hours=(14,))
    finally:
        await engine.dispose()
    clock = Clock(datetime.now(UTC))
    async with FakeSolapi() as fake:
        settings = {k.lower(): v for k, v in fake.environment().items()}
        async with running_app(
            clock, database_url=url, port=free_port(), **{**settings, **overrides}
        ) as app:
            secret = load_settings(
                secret_key="test-secret-key-of-at-least-32-chars"
            ).sms_report_path_secret("test-secret-key-of-at-least-32-chars")
            fake.report_to(f"{app.url}/sms/report/{secret}")
            jar = aiohttp.CookieJar(unsafe=True)
            async with aiohttp.ClientSession(base_url=app.url, cookie_jar=jar) as session:
                yield app, fake, clock, session, day


async def book(session, day: date, tap: str = YES, typed: str | None = None) -> Visitor:
    """Book 오후 2시 on `day` in the web chat, give a number, and answer the 알림톡/SMS
    question: its button `tap`, or `typed` words."""
    her = Visitor(session)
    await her.agree()
    await her.choose_time(day_label(day), "오후 2시")
    await her.tap("네, 예약할게요")
    asked = await her.say(text="010-1234-5678")
    assert "알림톡" in asked[-1]["text"]
    await (her.say(text=typed) if typed else her.tap(tap))
    return her


async def dispatch_at(app, clock: Clock, moment: datetime) -> None:
    clock.now = moment
    await app.scheduler._dispatcher.run_once()


async def rows(url: str) -> list:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(outbox).order_by(outbox.c.due_at)
            return list((await uow.connection.execute(query)).all())
    finally:
        await engine.dispose()


async def until(check, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_yes_gets_the_day_before_reminder_as_alimtalk_and_its_report(database_url):
    sqlite_url = database_url  # (and PostgreSQL)
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        booked = (await book(session, day)).shown
        assert "카카오톡이나 문자로" in booked[-1]["text"]
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        [message] = fake.to(NUMBER)
        assert message["type"] == "ATA"
        assert message["kakaoOptions"]["templateId"] == TEMPLATE_IDS["ko"]
        assert CENTRE in message["text"] and "/b/" in message["text"]
        assert fake.refused == []
        await until(lambda: _states(sqlite_url, "delivered"))
        reminder = (await rows(sqlite_url))[0]
        assert reminder.sent_as == "ATA" and reminder.via == "sms"
        async with session.get("/metrics") as response:
            assert 'ilteo_phone_messages{kind="ATA",state="delivered"} 1.0' in await response.text()
        await opens_her_booking_on_another_browser(app, message["kakaoOptions"]["variables"])


async def opens_her_booking_on_another_browser(app, variables: dict) -> None:
    """The link in the message opens her bookings in the phone's browser; a forged one doesn't."""
    link = variables["#{링크}"]
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as phone:
        async with phone.get(link.replace("_", "_x"), allow_redirects=False) as response:
            assert response.status == 302 and response.headers["Location"] == "/"
            assert "ilteo_uid" not in response.cookies
        async with phone.get(link, allow_redirects=False) as response:
            assert response.headers["Location"] == "/?do=bk:list"
        opened = {"data": "bk:list"}  # what the page it opens sends for its `do`
        async with phone.post(f"{app.url}/api/chat", json=opened) as response:
            shown = (await response.json())["messages"]
    assert any(CENTRE in m["text"] for m in shown)


async def _states(url: str, *wanted: str) -> bool:
    return [row.state for row in await rows(url)][: len(wanted)] == list(wanted)


async def test_a_refused_alimtalk_goes_as_a_text_message(sqlite_url):
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        await book(session, day, typed="네")
        fake.refuse_alimtalk = True
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        [message] = fake.to(NUMBER)
        assert message["requestedType"] == "ATA" and message["type"] == "LMS"
        await until(lambda: _states(sqlite_url, "delivered"))
        assert (await rows(sqlite_url))[0].sent_as == "LMS"


async def test_no_means_nothing_by_phone(sqlite_url):
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        booked = (await book(session, day, typed="아니요")).shown
        assert "카카오톡이나 문자로" not in booked[-1]["text"]
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=1))
        assert fake.sent == [] and fake.requests == []
        assert all(row.via is None for row in await rows(sqlite_url))


async def test_a_reminder_due_at_night_goes_at_eight(sqlite_url):
    async with phone_app(sqlite_url, reminder_offsets="15h") as (
        app,
        fake,
        clock,
        session,
        day,
    ):
        await book(session, day)
        due = at(day, 14) - timedelta(hours=15)  # 23:00 the day before
        assert due.hour == 23
        await dispatch_at(app, clock, due)
        await dispatch_at(app, clock, at(day, 7, 59))
        assert fake.sent == []
        await dispatch_at(app, clock, at(day, 8))
        assert len(fake.to(NUMBER)) == 1


async def test_reports_need_the_secret(database_url):
    sqlite_url = database_url  # (and PostgreSQL)
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        await book(session, day)
        fake.report_to(None)  # reports posted by hand below
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        [message] = fake.sent
        failed = [
            {
                "data": {
                    **{k: message[k] for k in ("messageId", "to", "customFields")},
                    "type": "ATA",
                    "statusCode": "3104",
                }
            }
        ]
        async with session.post("/sms/report/wrong-secret", json=failed) as response:
            assert response.status == 403
        assert (await rows(sqlite_url))[0].state == "sent"
        secret = load_settings().sms_report_path_secret("test-secret-key-of-at-least-32-chars")
        async with session.post(f"/sms/report/{secret}", json=failed) as response:
            assert response.status == 200 and (await response.json())["changed"] == 1
        reminder = (await rows(sqlite_url))[0]
        assert reminder.state == "pending"  # failed, and tried again after a pause
        assert reminder.due_at > clock.now


async def test_deleting_everything_removes_the_number_and_the_pending_messages(sqlite_url):
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        her = await book(session, day)
        assert len(await rows(sqlite_url)) == 2
        await her.from_menu("내 정보")
        await her.tap("내 정보 모두 지우기")
        await her.tap("네, 지워 주세요")
        assert await rows(sqlite_url) == []
        engine = create_engine(sqlite_url)
        try:
            async with engine.connect() as connection:
                assert (await connection.execute(select(profiles))).all() == []
        finally:
            await engine.dispose()
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        assert fake.sent == []


@pytest.mark.parametrize("choice", ["알림톡·문자 끄기", "동의 취소"])
async def test_saying_no_later_or_withdrawing_stops_the_phone(sqlite_url, choice):
    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        her = await book(session, day)
        shown = await her.from_menu("내 정보")
        assert "카카오톡·문자 알림: 받아요" in shown[-1]["text"]
        await her.tap(choice)
        await dispatch_at(app, clock, at(day, 14) - timedelta(hours=24))
        assert fake.sent == []


async def test_a_message_that_may_have_gone_is_shown_to_staff_not_sent_again(sqlite_url):
    from tests.admin.client import AdminClient
    from tests.admin.conftest import ADMIN, add_web_login

    async with phone_app(sqlite_url) as (app, fake, clock, session, day):
        await book(session, day)
        due = at(day, 14) - timedelta(hours=24)
        fake.fail_sends = 1  # the first try fails (it might have gone, for all ilteo knows)
        await dispatch_at(app, clock, due)
        fake.lookups_fail = True  # and SOLAPI cannot tell when asked before the second
        await dispatch_at(app, clock, due + timedelta(minutes=1))
        assert fake.sent == [] and fake.requests == ["send", "list"]
        assert (await rows(sqlite_url))[0].state == "unknown"
        await dispatch_at(app, clock, due + timedelta(minutes=30))
        assert fake.requests == ["send", "list"]  # never tried again
        await add_web_login(sqlite_url, *ADMIN, "admin")
        staff = AdminClient(app.url)
        try:
            await staff.sign_in(*ADMIN)
            page = await staff.get("/admin/bookings")
            assert "알림톡·문자 전송 여부 모름" in page.text
        finally:
            await staff.close()
