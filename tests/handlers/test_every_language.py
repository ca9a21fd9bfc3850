"""The whole journey in each of the four languages: /start, intake, recommendations, a booking
and its reminder, with nothing in another language except names and content that the catalogue
holds only in Korean (centres, courses, places, regions, addresses). The flows need no
database: they run on the in-memory fake storage (`korean_content` reads either, for
tests/channels/test_every_language_in_channels.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.messages import Reply
from handlers.notices import render_notice
from handlers.regions import SIDO
from storage.tables import bus_sites, bus_zones, centres, programmes
from storage.uow import UnitOfWork
from tests.chat import Person, buttons_of, make_engine, make_settings, units_of_work
from tests.fakes.uow import FakeStorage
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, outbox_rows
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
LANGUAGES = ("ko", "en", "vi", "zh_Hans")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
# Names, not English: the apps, and the provinces' romanised names beside their Korean ones.
LATIN_NAMES = {"Telegram", "Kakao", "KakaoTalk", "ics", "ilteo"} | {s.english for s in SIDO}


# The catalogue's Korean names: (table, column) of the database, the same fields in the fake.
KOREAN_FIELDS = (
    (centres, ("name", "address", "sido", "sigungu")),
    (programmes, ("title",)),
    (bus_sites, ("name", "address", "district")),
    (bus_zones, ("name",)),
)


async def korean_content(database) -> list[str]:
    """Names the catalogue has only in Korean, longest first (so parts don't shadow wholes)."""
    names: set[str] = set()
    for table, fields in KOREAN_FIELDS:
        names |= {value for value in await _values(database, table, fields) if value}
    for sido in SIDO:
        names |= {sido.name, sido.short, *(unit.name for unit in sido.sigungu)}
    return sorted(names, key=len, reverse=True)


async def _values(database, table, fields: tuple[str, ...]) -> list[str]:
    """Every value of `fields` in `table`, of a real engine or the fake storage."""
    if isinstance(database, FakeStorage):
        return [getattr(row, name) for row in database.rows(table.name) for name in fields]
    async with UnitOfWork(database) as uow:
        found = []
        for name in fields:
            found += list((await uow.connection.execute(select(table.c[name]))).scalars())
        return found


def foreign_korean(texts: list[str], allowed: list[str]) -> list[str]:
    """Lines that still hold Hangul once the catalogue's own Korean names are taken out."""
    leaks = []
    for text in texts:
        for name in allowed:
            text = text.replace(name, "")
        leaks += [line for line in text.splitlines() if HANGUL.search(line)]
    return leaks


async def press_shown(person: Person, data: str) -> Reply:
    """She presses the button that does `data` among those she was shown (its label is in her
    language, so the journey names buttons by what they do); fails when none was shown."""
    shown = buttons_of(person.last) if person.last else {}
    assert data in shown.values(), f"no button {data!r} among those shown: {list(shown)}"
    return await person.press(data)


def everything_shown(reply) -> list[str]:
    shown = []
    for message in reply.messages:
        shown.append(message.text)
        shown += [f"{card.title}\n{card.description}" for card in message.cards]
        shown += [button.label for row in message.buttons for button in row]
        shown += [b.label for card in message.cards for row in card.buttons for b in row]
    return shown


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_whole_journey_speaks_one_language(database, clock, language):
    engine = make_engine(database, clock, languages=LANGUAGES)
    slot = (
        await add_slots(
            database, await centre_id(database, "광명시여성새일센터"), [THURSDAY], hours=(14,)
        )
    )[(THURSDAY, 14)]
    person = Person(engine, f"journey-{language}", channel="telegram", language_hint=language)
    shown: list[str] = []
    steps = [
        "/start",
        f"lang:{language}",
        "consent:yes",
        "in:a:경기도",
        "in:a:광명시",
        "in:a:40s",
        *["in:skip"] * 4,  # to the summary
        "in:ok",
        "menu:home",  # the main menu, from the courses
        "menu:bus",
        "menu:home",
        "menu:booking",
        f"bk:d:{THURSDAY.isoformat()}",
        f"bk:t:{slot}",
        f"bk:y:{slot}",
        "010-1234-5678",
    ]
    for step in steps:
        pressed = ":" in step and not step.startswith("0")
        reply = await (press_shown(person, step) if pressed else person.say(step))
        if step != "/start":  # the greeting names every language on offer, each in its own
            shown += everything_shown(reply)
        assert reply.language == language
    assert any(data.startswith("bk:c:") for data in buttons_of(reply).values())

    clock.advance(days=2, hours=4)  # the day before the appointment: its reminder is due
    (message, *_later) = await outbox_rows(database, kind="reminder")  # the soonest due
    async with units_of_work(database)() as uow:
        user = await uow.users.get(message.user_id)
        settings = make_settings(LANGUAGES)
        reminder = await render_notice(
            uow, message, user, settings, message.due_at + timedelta(minutes=1)
        )
    shown += everything_shown(reminder)
    assert reminder.language == language
    if language != "ko":
        assert foreign_korean(shown, await korean_content(database)) == []
    if language in ("ko", "zh_Hans"):  # scripts where an English word stands out
        words = {w for text in shown for w in ENGLISH_WORD.findall(text)} - LATIN_NAMES
        assert words == set()
