"""A "continue in Telegram" link stands for the web chat it was made for, not for its number:
once that chat has moved to Telegram and is gone, SQLite may hand its id to the next newcomer,
and the old link (left in a browser's history) must not move her data to a stranger's chat."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.chat import Clock, Person, make_engine, text_of
from tests.conftest import prepared_database
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, consented


async def web_user(engine, external_id: str):
    async with UnitOfWork(engine) as uow:
        return await uow.users.find("web", external_id)


async def test_an_old_continue_link_does_not_name_a_new_chat_with_the_same_id(sqlite_url):
    await prepared_database(sqlite_url)
    database, clock = create_engine(sqlite_url), Clock()
    try:
        chat = make_engine(database, clock, telegram_username=lambda: "ilteo_bot",
                           push_channels=("telegram",))  # fmt: skip
        await Person(chat, "777", channel="telegram").say("/start")  # her Telegram, from before
        clock.advance(minutes=1)
        slot = (await add_slots(database, await centre_id(database, "광명시여성새일센터"),
                                [THURSDAY], hours=(14,)))[(THURSDAY, 14)]  # fmt: skip
        first = Person(chat, "web-visitor")
        await consented(first)
        await first.press(f"bk:t:{slot}")
        await first.press(f"bk:y:{slot}")
        await first.say("010-1234-5678")
        reply = await first.open()
        link = next(b.url for m in reply.messages for row in m.buttons for b in row if b.url)
        payload = parse_qs(urlparse(link).query)["start"][0]
        gone = (await web_user(database, "web-visitor")).id
        moved = await Person(chat, "777", channel="telegram").say(f"/start {payload}")
        assert "웹 채팅" in text_of(moved)

        clock.advance(minutes=1)
        await consented(Person(chat, "web-newcomer"))
        newcomer = await web_user(database, "web-newcomer")
        assert newcomer.id == gone  # SQLite gave the freed id to the newcomer
        await Person(chat, "888", channel="telegram").say(f"/start {payload}")
        still = await web_user(database, "web-newcomer")
        assert still is not None and still.consent_at is not None  # nothing was moved
    finally:
        await database.dispose()
