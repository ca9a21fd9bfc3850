"""Issue 12, item 3: one person holds at most 3 open bookings, in every channel (the booking
service refuses the 4th), and hears politely how to cancel one. Through the web chat's real
HTTP route, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import bookings
from storage.uow import UnitOfWork
from tests.security.chats import HOME
from tests.security.web import chat_app, texts, visitor


async def active_bookings(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(func.count()).where(bookings.c.state == "active")
            return (await uow.connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def test_the_fourth_open_booking_is_refused_with_a_way_to_cancel(database_url):
    async with chat_app(database_url, slots=True) as (app, _slots), visitor(app) as her:
        await her.agree()
        day = "11월 26일(목)"  # THURSDAY, the only day with times
        for number, time in enumerate(("오전 10시", "오전 11시", "오후 2시")):
            await her.choose_time(day, time, booked=number > 0)
            shown = await her.tap("네, 예약할게요")
            if number == 0:  # her first booking asks her number; the next ones know it
                shown = await her.say(text="010-1234-5678")
            assert "예약했어요" in texts(shown)
        await her.choose_time(day, "오후 3시", booked=True)
        refused = await her.tap("네, 예약할게요")
        said = texts(refused)
        assert "이미 예약이 3개" in said and "취소" in said
        cancels = [
            b["data"]
            for m in refused
            for row in m["buttons"]
            for b in row
            if b["data"] and b["data"].startswith("bk:c:")
        ]
        assert len(cancels) == 3
        assert await active_bookings(database_url) == 3

        await her.say(data=HOME)  # starting over says so at once
        again = texts(await her.tap("상담 예약"))
        assert "이미 예약이 3개" in again

        await her.tap("예약 취소", nth=0)  # she cancels one, and may book again
        await her.tap("네, 취소할게요")
        await her.choose_time(day, "오후 3시", booked=True)
        assert "예약했어요" in texts(await her.tap("네, 예약할게요"))
        assert await active_bookings(database_url) == 3
