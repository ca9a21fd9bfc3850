"""Issue 12, item 3: who a web chat visitor is. The server issues a random id and signs it; it
never adopts an id it did not issue (fixation), forged, unsigned and expired cookies make a new
visitor, the cookie lives 90 days after her last message or until the day after her last
appointment, is `__Host-` and Secure on https, and "end the chat on this device" forgets it
while her data stays. Through the real HTTP routes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from storage.database import create_engine
from storage.tables import bookings, users
from storage.uow import UnitOfWork
from tests.chat import Clock
from tests.fakes.kakao import day_label
from tests.handlers.booking_setup import SEOUL, THURSDAY, add_slots, centre_id
from tests.security.web import chat_app, set_cookie, texts, visitor

CHOSEN = "ChosenByTheClientAAAAAAAAAAAAAAA"  # 32 characters, as an issued id looks
NINETY_DAYS = 90 * 24 * 3600


async def web_ids(database_url: str) -> set[str]:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(users.c.external_id).where(users.c.channel == "web")
            return set((await uow.connection.execute(query)).scalars())
    finally:
        await engine.dispose()


def issued_id(value: str | None) -> str:
    assert value, "the server must issue a cookie"
    return value.split(".", 1)[0]


async def test_a_client_chosen_id_is_never_adopted(database_url):
    async with chat_app(database_url) as (app, _slots), visitor(app) as her:
        for value in (CHOSEN, f"{CHOSEN}.9999999999.{'A' * 43}"):
            her.session.cookie_jar.clear()
            her.session.cookie_jar.update_cookies({"ilteo_uid": value})
            response = await her.post(text="/start")
            assert issued_id(set_cookie(response)["ilteo_uid"].value) != CHOSEN
    assert CHOSEN not in await web_ids(database_url)


async def test_unsigned_forged_or_altered_cookies_are_a_new_visitor(database_url):
    async with chat_app(database_url) as (app, _slots), visitor(app) as her:
        await her.say(text="/start")
        await her.tap("한국어")
        await her.tap("동의해요")
        hers = her.cookie()
        her_id, expires, signature = hers.split(".")
        forged_signature = ("B" if signature[0] != "B" else "C") + signature[1:]
        for value in (
            her_id,
            f"{her_id}.{expires}.{forged_signature}",
            f"{her_id}.{int(expires) + 86400}.{signature}",
        ):
            async with visitor(app) as stranger:
                stranger.session.cookie_jar.update_cookies({"ilteo_uid": value})
                response = await stranger.post(data="sys:resume")
                shown = texts((await response.json())["messages"])
                assert issued_id(set_cookie(response)["ilteo_uid"].value) != her_id
                assert (
                    "보관 기간" not in shown and "언어를 골라" in shown
                )  # a greeting, not her intake
        assert "언어를 골라" not in texts(await her.say(data="sys:resume"))  # she is still herself


async def test_the_cookie_lives_ninety_days_after_her_last_message(database_url):
    clock = Clock()
    async with chat_app(database_url, clock) as (app, _slots), visitor(app) as her:
        response = await her.post(text="/start")
        cookie = set_cookie(response)["ilteo_uid"]
        assert cookie["max-age"] == str(NINETY_DAYS)
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
        first = issued_id(her.cookie())
        clock.advance(days=89)
        await her.say(data="sys:resume")  # a message: another 90 days from now
        assert issued_id(her.cookie()) == first
        clock.advance(days=89)
        await her.say(data="sys:resume")
        assert issued_id(her.cookie()) == first
        clock.advance(days=91)
        await her.say(data="sys:resume")  # the cookie her browser still sends has expired
        assert issued_id(her.cookie()) != first


async def test_the_cookie_lasts_until_the_day_after_her_last_appointment(database_url):
    clock = Clock()
    async with (
        chat_app(database_url, clock, slots=True, booking_horizon="20w") as (app, _),
        visitor(app) as her,
    ):
        later = clock.now + timedelta(days=120)
        engine = create_engine(database_url)
        try:
            centre = await centre_id(engine, "광명시여성새일센터")
            day = later.astimezone(SEOUL).date()
            await add_slots(engine, centre, [day], hours=(14,))
        finally:
            await engine.dispose()
        await her.agree()
        await her.choose_time(day_label(day), "오후 2시")
        await her.tap("네, 예약할게요")
        response = await her.post(text="010-1234-5678")
        assert "예약했어요" in texts((await response.json())["messages"])
        max_age = int(set_cookie(response)["ilteo_uid"]["max-age"])
        day_after = datetime.combine(day + timedelta(days=2), time(), SEOUL)  # its end
        assert max_age == int((day_after - clock.now).total_seconds())
        first = issued_id(her.cookie())
        clock.advance(days=100)  # 90 days after her last message, but before the appointment
        assert "다가오는 상담" in texts(await her.say(data="sys:resume"))
        assert issued_id(her.cookie()) == first


async def test_on_https_the_cookie_is_host_prefixed_and_secure(database_url):
    async with chat_app(database_url, public_url="https://chat.example.kr") as (app, _slots):
        async with visitor(app, Origin="https://chat.example.kr") as her:
            response = await her.post(text="/start")
    cookie = set_cookie(response)
    assert "ilteo_uid" not in cookie
    attributes = cookie["__Host-ilteo_uid"]
    assert attributes["secure"] and attributes["path"] == "/" and not attributes["domain"]
    assert attributes["samesite"] == "Lax"


async def test_ending_the_chat_on_this_device_forgets_it_and_keeps_her_data(database_url):
    async with chat_app(database_url) as (app, _slots), visitor(app) as her:
        await her.say(text="/start")
        await her.tap("한국어")
        await her.tap("동의해요")
        her_id = issued_id(her.cookie())
        response = await her.post("/api/chat/forget")
        assert response.status == 200
        said = texts((await response.json())["messages"])
        assert "365일" in said and "지워져요" in said
        assert set_cookie(response)["ilteo_uid"]["max-age"] == "0"
        assert her.cookie() is None
        shown = texts(await her.say(data="sys:resume"))
        assert "언어를 골라" in shown  # the next person starts anew
        assert issued_id(her.cookie()) != her_id
    assert her_id in await web_ids(database_url)  # until retention or her deletion


async def test_chat_and_forget_refuse_what_is_not_json_from_our_page(database_url):
    async with chat_app(database_url) as (app, _slots), visitor(app) as her:
        for path in ("/api/chat", "/api/chat/forget"):
            for body, kind in (
                (b'{"text": "hi"}', "text/plain"),
                (b"text=hi", "application/x-www-form-urlencoded"),
            ):
                headers = {"Content-Type": kind}
                async with her.session.post(path, data=body, headers=headers) as response:
                    assert response.status == 415
            for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
                async with her.session.post(path, json={"text": "hi"}, headers=headers) as response:
                    assert response.status == 403
        async with her.session.post(
            "/api/chat", json={"text": "hi"}, headers={"Origin": app.url}
        ) as response:
            assert response.status == 200


async def test_a_booking_keeps_the_person_not_the_cookie(database_url):
    """Forgetting the device changes nothing of hers: her booking stays in the database."""
    async with chat_app(database_url, slots=True) as (app, slots), visitor(app) as her:
        slot = slots[(THURSDAY, 10)]
        await her.agree()
        await her.choose_time("11월 26일(목)", "오전 10시")  # THURSDAY, 10:00
        await her.tap("네, 예약할게요")
        await her.say(text="010-1234-5678")
        assert (await her.post("/api/chat/forget")).status == 200
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(bookings.c.state).where(bookings.c.slot_id == slot)
            assert list((await uow.connection.execute(query)).scalars()) == ["active"]
    finally:
        await engine.dispose()
