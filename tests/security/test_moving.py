"""Moving a web chat to Telegram hands nobody else's data over (issue 12, item 1), through the
real web chat API, the fake Bot API and Kakao skill requests, on SQLite and PostgreSQL.

The attacker's path: he links his KakaoTalk to his web chat, books, and sends the web chat's
"continue in Telegram" link to a victim. Before, opening it moved his web person into her
Telegram chat at once, his KakaoTalk following: his KakaoTalk then spoke as her. Now the link
asks first, never moves into a chat that has data of its own, leaves linked chats behind,
works once and for ten minutes only."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import account_links, audit_log, bookings, users
from storage.uow import UnitOfWork
from tests.chat import Clock
from tests.security.chats import (
    KakaoChat,
    TelegramChat,
    WebChat,
    booking_day,
    code_in,
    the_app,
)

VICTIM, OTHER = 7770001, 7770002


async def _count(database_url: str, table, **where) -> int:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(func.count()).select_from(table)
            for name, value in where.items():
                query = query.where(table.c[name] == value)
            return (await uow.connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def _owner_channel_of_bookings(database_url: str) -> set[str]:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(users.c.channel).join(bookings, bookings.c.user_id == users.c.id)
            return set((await uow.connection.execute(query)).scalars())
    finally:
        await engine.dispose()


async def test_an_attackers_link_moves_nothing_into_his_victims_telegram(database_url):
    async with the_app(database_url) as (app, fake, session, kakao_url):
        day = await booking_day(database_url)
        attacker = WebChat(app.url)
        kakao = KakaoChat(session, kakao_url, "attacker-kakao-key")
        try:
            await attacker.agree()
            await kakao.agree()
            await attacker.from_menu("내 정보")
            code = code_in(await attacker.tap("다른 채팅 연결"))
            assert "요청을 보냈어요" in await kakao.say(f"/link {code}")
            await attacker.open()  # the request waiting for him shows with his next message
            assert "연결했어요" in await attacker.tap("연결하기")
            await attacker.book(day)
            await attacker.open()
            payload = attacker.telegram_payload()
        finally:
            await attacker.close()

        victim = TelegramChat(fake, VICTIM)
        await victim.agree()
        await victim.tap("내 정보")
        answers = ("답변 바꾸기", "경기", "광명시", "40대", *["건너뛰기"] * 4, "이대로 추천 받기")
        for label in answers:
            await victim.tap(label)
        refused = await victim.say(f"/start {payload}")
        assert "이미 답변이나 예약이 있어서" in refused and "아무것도 옮기지 않았어요" in refused
        assert await _count(database_url, account_links) == 1  # his two chats, as they were
        mine = await kakao.say("내 정보")
        assert "광명시" not in mine  # his KakaoTalk sees nothing of hers

        newcomer = TelegramChat(fake, OTHER)  # an empty chat is asked first, and shown no phone
        asked = await newcomer.say(f"/start {payload}")
        assert "예약 1건" in asked and "끝자리 5678" in asked and "010-1234-5678" not in asked
        assert "따라오지 않고" in asked
        assert await _owner_channel_of_bookings(database_url) == {"web"}  # nothing moved yet
        assert "옮겼어요" in await newcomer.say("네")
        assert await _owner_channel_of_bookings(database_url) == {"telegram"}
        assert await _count(database_url, account_links) == 0  # his KakaoTalk stayed behind
        assert await _count(database_url, audit_log, action="person.moved") == 1


async def test_a_move_link_works_once(database_url):
    async with the_app(database_url) as (app, fake, _session, _kakao):
        day = await booking_day(database_url)
        web = WebChat(app.url)
        try:
            await web.agree()
            await web.book(day)
            await web.open()
            payload = web.telegram_payload()
        finally:
            await web.close()
        first = TelegramChat(fake, VICTIM)
        assert "예약 1건" in await first.say(f"/start {payload}")
        assert "옮겼어요" in await first.tap("네, 옮길게요")

        replayed = await TelegramChat(fake, OTHER).say(f"/start {payload}")
        assert "이미 쓴 링크" in replayed
        assert await _count(database_url, audit_log, action="person.moved") == 1
        assert await _owner_channel_of_bookings(database_url) == {"telegram"}
        assert "광명시여성새일센터" in await first.tap("상담 예약")  # the first keeps it


async def test_a_move_link_expires_after_ten_minutes(database_url):
    clock = Clock(datetime.now(UTC))
    async with the_app(database_url, clock=clock) as (app, fake, _session, _kakao):
        day = await booking_day(database_url)
        web = WebChat(app.url)
        try:
            await web.agree()
            await web.book(day)
            await web.open()
            payload = web.telegram_payload()
            clock.advance(minutes=10, seconds=1)
            late = await TelegramChat(fake, VICTIM).say(f"/start {payload}")
            assert "10분이 지난 링크" in late and "바뀐 것은 없어요" in late
            assert await _owner_channel_of_bookings(database_url) == {"web"}
            assert "다가오는" in await web.open()  # still hers, in the web chat
        finally:
            await web.close()


async def test_a_forged_move_link_changes_nothing(database_url):
    async with the_app(database_url) as (_app, fake, _session, _kakao):
        forged = await TelegramChat(fake, VICTIM).say("/start w1_AAAAAAAAAAAAAAAA")
        assert "이미 쓴 링크" in forged
        assert await _count(database_url, audit_log, action="person.moved") == 0
