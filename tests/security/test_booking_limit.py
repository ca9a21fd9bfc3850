"""Issue 12, item 3: one person holds at most 3 open bookings, in every channel (the booking
service refuses the 4th), and hears politely how to cancel one. Through the web chat's real
HTTP route, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import create_engine
from storage.tables import bookings
from storage.uow import UnitOfWork
from tests.handlers.booking_setup import THURSDAY
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
    async with chat_app(database_url, slots=True) as (app, slots), visitor(app) as her:
        for step in (
            {"text": "/start"},
            {"data": "lang:ko"},
            {"data": "consent:yes"},
            {"data": "in:cancel"},
        ):
            await her.say(**step)
        times = [slots[(THURSDAY, hour)] for hour in (10, 11, 14, 15)]
        for number, slot in enumerate(times[:3]):
            await her.say(data=f"bk:t:{slot}")
            shown = await her.say(data=f"bk:y:{slot}")
            if number == 0:
                shown = await her.say(text="010-1234-5678")
            assert "예약했어요" in texts(shown)
        await her.say(data=f"bk:t:{times[3]}")
        refused = await her.say(data=f"bk:y:{times[3]}")
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

        again = texts(await her.say(data="menu:booking"))  # starting over says so at once
        assert "이미 예약이 3개" in again

        await her.say(data=cancels[0])  # she cancels one, and may book again
        await her.say(data=cancels[0].replace("bk:c:", "bk:cy:"))
        await her.say(data=f"bk:t:{times[3]}")
        assert "예약했어요" in texts(await her.say(data=f"bk:y:{times[3]}"))
        assert await active_bookings(database_url) == 3
