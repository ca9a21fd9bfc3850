"""A person who booked in the web chat (which cannot remind her) is offered Telegram when she
comes back; opening the link there shows what would move and, when she says yes, brings her
booking and its reminders along. A used or forged link changes nothing. The flows need no
database: they run on the in-memory fake storage."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.chat import Person, make_engine, text_of
from tests.fakes.uow import FakeStorage, FakeUnitOfWork
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, choose_time, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401


async def test_a_web_booking_moves_to_telegram_with_its_reminders(database, clock):
    engine = make_engine(database, clock, telegram_username=lambda: "ilteo_bot")
    await add_slots(
        database, await centre_id(database, "광명시여성새일센터"), [THURSDAY], hours=(14,)
    )
    web = Person(engine, "web-visitor")
    await consented(web)
    await choose_time(web, "11월 26일(목)", "오후 2시")
    await web.tap("네, 예약할게요")
    await web.say("010-1234-5678")

    back = await web.open()
    assert "다가오는 상담" in text_of(back)
    link = next(b.url for m in back.messages for row in m.buttons for b in row if b.url)
    assert link.startswith("https://t.me/ilteo_bot?start=w")
    payload = parse_qs(urlparse(link).query)["start"][0]
    assert len(payload) <= 64 and all(c.isalnum() or c in "_-" for c in payload)

    telegram = Person(engine, "777", channel="telegram")
    asked = await telegram.say(f"/start {payload}")
    assert "예약 1건" in text_of(asked) and "끝자리 5678" in text_of(asked)
    assert "010-1234-5678" not in text_of(asked) and await _user(database, "web", "web-visitor")
    reply = await telegram.say("네")
    assert "웹 채팅" in text_of(reply) and "예약" in text_of(reply)
    (owner,) = [booking.user_id for booking in database.rows("bookings")]
    reminder_owners = {message.user_id for message in database.rows("outbox")}
    channels = {user.channel for user in database.rows("users")}
    telegram_user = await _user(database, "telegram", "777")
    assert owner == telegram_user and reminder_owners == {telegram_user}
    assert "web" not in channels  # the web identity is gone

    again = await Person(engine, "888", channel="telegram").say(f"/start {payload}")
    assert "이미 쓴 링크" in text_of(again) and "안녕하세요" in text_of(again)
    forged = await Person(engine, "999", channel="telegram").say("/start w1_forged")
    assert "이미 쓴 링크" in text_of(forged) and "안녕하세요" in text_of(forged)


async def _user(database: FakeStorage, channel: str, external_id: str) -> int | None:
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find(channel, external_id)
        return user.id if user else None


async def test_without_the_kakao_event_api_a_kakao_booking_offers_telegram(database, clock):
    engine = make_engine(
        database, clock, telegram_username=lambda: "ilteo_bot", push_channels=("telegram",)
    )
    await add_slots(
        database, await centre_id(database, "광명시여성새일센터"), [THURSDAY], hours=(14,)
    )
    kakao = Person(engine, "kakao-user-key", channel="kakao")
    await consented(kakao)
    await choose_time(kakao, "11월 26일(목)", "오후 2시")
    await kakao.tap("네, 예약할게요")
    reply = await kakao.say("010-1234-5678")
    assert "알림을 보내 드릴 수 없어요" in text_of(reply)
    link = next(b.url for m in reply.messages for row in m.buttons for b in row if b.url)
    assert link.startswith("https://t.me/ilteo_bot?start=w")
