"""The whole journey in each of the four languages, the way a newcomer takes it: through
Telegram (the real application and python-telegram-bot against the fake Bot API, her Telegram
set to her language) and through the web chat (its JSON API, her browser asking for her
language). The greeting, consent, every intake question, recommendations, a booking, and the
booking's reminder once the application's clock reaches it: every text and button label she is
shown, and the calendar file, are in her language, except names and content that the catalogue
holds only in Korean. Dates and times are written her language's way. The web chat's page
itself (its title, composer and connection error) opens in her browser's language, follows the
language she chooses in the chat, and a dead calendar link says so in her language.

The handler-level version of this is tests/handlers/test_every_language.py."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from html.parser import HTMLParser

import aiohttp
import pytest
from babel.messages.pofile import read_po
from icalendar import Calendar
from sqlalchemy import select

from handlers.flows.onboarding import CHOOSE_LANGUAGE
from handlers.formatting import clock, day
from handlers.i18n import LANGUAGE_NAMES, Translator, _, speaking
from storage.database import create_engine
from storage.tables import centres, programmes
from storage.uow import UnitOfWork
from tests.chat import LOCALES, Clock
from tests.conftest import app_with_telegram, prepared_database
from tests.fakes import bot_api_limits as limits
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.kakao import open_day
from tests.handlers.booking_setup import SEOUL, add_slots, at, centre_id
from tests.handlers.test_every_language import (
    ENGLISH_WORD,
    LATIN_NAMES,
    foreign_korean,
    korean_content,
)

USER = 5550123
CENTRE = "광명시여성새일센터"
PHONE = "010-1234-5678"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")  # letters no other of the four uses
KOREAN_WEEKDAY = re.compile(r"\([월화수목금토일]\)")
GREETING = "Hello! I'm Ilteo, your helper for jobs and training."


@dataclass(frozen=True)
class Her:
    language: str  # ours
    telegram: str  # the language_code Telegram sends for her
    browser: str  # the Accept-Language her browser sends


HER = [
    Her("ko", "ko", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
    Her("en", "en", "en-US,en;q=0.9"),
    Her("vi", "vi", "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"),
    Her("zh_Hans", "zh-hans", "zh-CN,zh;q=0.9,en;q=0.8"),
]
LANGUAGES = tuple(her.language for her in HER)


def journey(day_: date, slot: int) -> list[str]:
    """After the greeting: her language, consent, every intake question answered, the
    recommendations, then counselling booked from a course's card, with her phone number typed.
    `prefix:*` presses the first button offered whose data starts with `prefix:`."""
    return [
        "lang:*",
        "consent:yes",
        "in:a:경기도",
        "in:a:광명시",
        "in:a:40s",
        "in:a:career_break",
        "in:a:3_5y",
        "in:t:call_centre",
        "in:done",
        "in:t:weekday",
        "in:t:afternoon",
        "in:done",
        "in:t:childcare",
        "in:done",
        "in:ok",
        "menu:booking",
        f"bk:d:{day_.isoformat()}",
        f"bk:t:{slot}",
        f"bk:y:{slot}",
        PHONE,
    ]


def is_press(step: str) -> bool:
    return re.match(r"^[a-z]+:", step) is not None


def choose(step: str, offered: list[str], language: str) -> str:
    """The button data for a step: itself, which must be on offer, or the first offered match."""
    if step == "lang:*":
        step = f"lang:{language}"
    if step.endswith(":*"):
        step = next((data for data in offered if data.startswith(step[:-1])), step)
    assert step in offered, f"{step!r} is not among the buttons she was shown: {offered}"
    return step


# --- what counts as her language -------------------------------------------------------------


async def shown_only_in_korean(engine) -> list[str]:
    """The catalogue's Korean-only names (as the handler test has them), and the rest of what
    staff and imports write only in Korean (a course's summary, duration, cost, contact)."""
    names = set(await korean_content(engine))
    async with UnitOfWork(engine) as uow:
        for column in (
            programmes.c.summary,
            programmes.c.duration_text,
            programmes.c.cost,
            programmes.c.contact,
            centres.c.phone,
        ):
            names |= {v for v in (await uow.connection.execute(select(column))).scalars() if v}
    return sorted(names, key=len, reverse=True)


def without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def other_languages_on_offer(language: str) -> list[str]:
    """The greeting names every language, each in its own: those are not a leak."""
    translator = Translator(LOCALES)
    others = [translator.gettext(code, CHOOSE_LANGUAGE) for code in LANGUAGES if code != language]
    return sorted({*others, *LANGUAGE_NAMES.values()}, key=len, reverse=True)


@cache
def english_only_words() -> frozenset[str]:
    """Words of the English source strings that no Vietnamese translation uses: in Vietnamese
    text (Latin letters too) such a word means an untranslated string."""

    def words(path, field: str) -> set[str]:
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        texts = [getattr(message, field) for message in catalogue if message.id]
        texts = [t for text in texts for t in (text if isinstance(text, tuple) else (text,))]
        return {w.lower() for text in texts if text for w in ENGLISH_WORD.findall(text)}

    english = words(LOCALES / "ilteo.pot", "id")
    vietnamese = words(LOCALES / "vi" / "LC_MESSAGES" / "ilteo.po", "string")
    return frozenset(english - vietnamese - {name.lower() for name in LATIN_NAMES})


def not_in_her_language(shown: list[str], language: str, allowed: list[str]) -> list[str]:
    """Lines she was shown that hold another language, once Korean-only content is taken out."""
    leaks = foreign_korean(shown, allowed) if language != "ko" else []
    for line in (line for text in shown for line in without(text, allowed).splitlines()):
        words = set(ENGLISH_WORD.findall(line))
        if language in ("ko", "zh_Hans"):
            english = words - LATIN_NAMES
        elif language == "vi":
            english = {word for word in words if word.lower() in english_only_words()}
        else:
            english = set()
        if english:
            leaks.append(f"English {sorted(english)}: {line}")
        if language != "zh_Hans" and HAN.search(line):
            leaks.append(f"Chinese: {line}")
        if language != "vi" and VIETNAMESE.search(line):
            leaks.append(f"Vietnamese: {line}")
        if language != "ko" and KOREAN_WEEKDAY.search(line):
            leaks.append(f"Korean weekday: {line}")
    return leaks


@dataclass(frozen=True)
class When:
    day: str
    time: str
    tomorrow: str


def when_in_each_language(starts_at: datetime) -> dict[str, When]:
    """The appointment's day and time as each language writes them (what the bot should use)."""
    translator, found = Translator(LOCALES), {}
    for code in LANGUAGES:
        with speaking(translator, code):
            at_time = clock(starts_at, SEOUL)
            found[code] = When(
                day(starts_at.astimezone(SEOUL).date()),
                at_time,
                _("tomorrow at {time}", time=at_time),
            )
    return found


def assert_dates_are_hers(
    shown: list[str], booked: str, reminder: str, language: str, starts_at: datetime
) -> None:
    renderings = when_in_each_language(starts_at)
    hers = renderings[language]
    assert hers.day in booked and hers.time in booked, (hers, booked)
    assert hers.tomorrow in reminder, (hers.tomorrow, reminder)
    everything = "\n".join(shown)
    for code, theirs in renderings.items():
        for mine, other in ((hers.day, theirs.day), (hers.time, theirs.time)):
            if other != mine and other not in mine:
                assert other not in everything, f"{code} writing {other!r} shown in {language}"


def calendar_texts(ics: bytes) -> list[str]:
    """What a calendar app shows of the booking: its title, place, notes and alarms."""
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    alarms = [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")]
    return [str(event["SUMMARY"]), str(event["LOCATION"]), str(event["DESCRIPTION"]), *alarms]


# --- the application, with Telegram and the web chat -----------------------------------------


@dataclass
class World:
    fake: FakeBotApi
    url: str
    clock: Clock
    day: date
    slot: int
    allowed: list[str]

    @property
    def starts_at(self) -> datetime:
        return at(self.day, 14)

    def reminder_falls_due(self) -> None:
        """The day before, an hour after the day-before reminder: only that one is due."""
        self.clock.now = self.starts_at.astimezone(UTC) - timedelta(hours=23)


@pytest.fixture
async def world(sqlite_url):
    await prepared_database(sqlite_url)
    day_ = open_day(timedelta(days=2))
    engine = create_engine(sqlite_url)
    try:
        slots = await add_slots(engine, await centre_id(engine, CENTRE), [day_], hours=(14,))
        allowed = await shown_only_in_korean(engine)
    finally:
        await engine.dispose()
    clock_ = Clock(datetime.now(UTC).replace(microsecond=0))
    async with app_with_telegram(sqlite_url, clock_, languages=list(LANGUAGES)) as (app, fake):
        yield World(fake, app.url, clock_, day_, slots[(day_, 14)], allowed)


# --- Telegram --------------------------------------------------------------------------------


def telegram_shown(fake: FakeBotApi, since: int) -> tuple[list[str], list[str], list[bytes]]:
    """Texts and button labels the bot sent her from call `since` on, the data of the buttons,
    and the files (as she sees them: HTML parsed)."""
    texts, data, files = [], [], []
    for call in fake.calls[since:]:
        params = call.params
        if call.error or str(params.get("chat_id")) != str(USER):
            continue
        method = call.method.lower()
        if method in ("sendmessage", "editmessagetext"):
            texts.append(limits.message_text(params["text"], params.get("parse_mode")))
        elif method == "senddocument":
            texts.append(limits.caption(params.get("caption"), params.get("parse_mode")) or "")
            files += [upload.content for upload in call.files.values()]
        elif method == "sendvenue":
            texts += [params["title"], params["address"]]
        markup = limits.reply_markup(params.get("reply_markup")) or {}
        buttons = [button for row in markup.get("inline_keyboard", []) for button in row]
        texts += [button["text"] for button in buttons]
        data += [button["callback_data"] for button in buttons if "callback_data" in button]
    return texts, data, files


class TelegramUser:
    """A new Telegram user whose app is set to `code`; every step waits for the whole answer
    (the webhook answers only once the reply has been sent)."""

    def __init__(self, fake: FakeBotApi, code: str) -> None:
        self.fake, self.code = fake, code
        self.offered: list[str] = []

    async def send(self, step: str, language: str) -> tuple[list[str], list[bytes]]:
        since = len(self.fake.calls)
        if is_press(step):
            data = choose(step, self.offered, language)
            update = self.fake.callback_update(USER, data, language_code=self.code)
        else:
            update = self.fake.message_update(USER, step, language_code=self.code)
        assert await self.fake.post_webhook(update) == 200
        texts, self.offered, files = telegram_shown(self.fake, since)
        assert texts, f"no answer to {step!r}"
        return texts, files


@pytest.mark.parametrize("her", HER, ids=[her.language for her in HER])
async def test_telegram_speaks_her_language_from_start_to_reminder(world, her):
    person, translator = TelegramUser(world.fake, her.telegram), Translator(LOCALES)
    greeting, _files = await person.send("/start", her.language)
    assert greeting[0].splitlines()[0] == translator.gettext(her.language, GREETING)
    assert f"lang:{her.language}" in person.offered
    shown = [without(text, other_languages_on_offer(her.language)) for text in greeting]
    for step in journey(world.day, world.slot):
        texts, files = await person.send(step, her.language)
        shown += texts + [text for ics in files for text in calendar_texts(ics)]
    booked = next(text for text in texts if PHONE in text)
    assert files, "the booking's calendar file"
    assert any(data.startswith("bk:c:") for data in person.offered)

    since = len(world.fake.calls)
    before = len(world.fake.sent_messages(USER))
    world.reminder_falls_due()
    await world.fake.wait_for_messages(USER, before + 1, timeout=15)
    reminder, person.offered, _files = telegram_shown(world.fake, since)
    shown += reminder
    texts, _files = await person.send("bk:ok:*", her.language)  # "I'll be there"
    shown += texts

    assert not_in_her_language(shown, her.language, world.allowed) == []
    assert_dates_are_hers(shown, booked, reminder[0], her.language, world.starts_at)


# --- the web chat ----------------------------------------------------------------------------


def web_shown(messages: list[dict]) -> tuple[list[str], list[str]]:
    """Texts, card texts, button labels and places of a web reply, and its buttons' data."""
    texts, data = [], []
    for message in messages:
        rows = list(message["buttons"])
        texts.append(message["text"])
        for card in message["cards"]:
            texts += [card["title"], card["description"]]
            rows += card["buttons"]
        if place := message["location"]:
            texts += [place["title"] or "", place["address"] or ""]
        if file := message["attachment"]:
            texts.append(file["filename"])
        texts += [button["label"] for row in rows for button in row]
        data += [button["data"] for row in rows for button in row if button.get("data")]
    return texts, data


class WebUser:
    """Her browser: its session sends her Accept-Language and keeps the chat's cookie."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.offered: list[str] = []
        self.messages: list[dict] = []

    async def send(self, step: str, language: str, *, opening: bool = False) -> list[str]:
        if is_press(step):
            body = {"data": step if opening else choose(step, self.offered, language)}
        else:
            body = {"text": step}
        async with self.session.post("/api/chat", json=body) as response:
            assert response.status == 200
            self.messages = (await response.json())["messages"]
        texts, self.offered = web_shown(self.messages)
        return texts


@pytest.mark.parametrize("her", HER, ids=[her.language for her in HER])
async def test_the_web_chat_speaks_her_language_from_start_to_reminder(world, her):
    headers = {"Accept-Language": her.browser}
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(base_url=world.url, cookie_jar=jar, headers=headers) as s:
        person, translator = WebUser(s), Translator(LOCALES)
        greeting = await person.send("sys:resume", her.language, opening=True)  # the page opens
        assert greeting[0].splitlines()[0] == translator.gettext(her.language, GREETING)
        shown = [without(text, other_languages_on_offer(her.language)) for text in greeting]
        for step in journey(world.day, world.slot):
            shown += await person.send(step, her.language)
        booked = next(m for m in person.messages if PHONE in m["text"])
        async with s.get(booked["attachment"]["url"]) as response:
            assert response.status == 200
            # her browser saves the file under the name the chat showed her
            assert response.content_disposition.filename == booked["attachment"]["filename"]
            shown += calendar_texts(await response.read())

        world.reminder_falls_due()  # the web chat cannot push: she sees it when she comes back
        back = await person.send("sys:resume", her.language, opening=True)
        shown += back
        reminder = next(
            m["text"]
            for m in person.messages
            if any(b.get("data", "").startswith("bk:ok:") for row in m["buttons"] for b in row)
        )
        shown += await person.send("bk:ok:*", her.language)  # "I'll be there"
        again = await person.send("sys:resume", her.language, opening=True)
        assert reminder not in again, "the reminder is shown once"
        shown += again

    assert not_in_her_language(shown, her.language, world.allowed) == []
    assert_dates_are_hers(shown, booked["text"], reminder, her.language, world.starts_at)


# --- the web chat's page itself ----------------------------------------------------------------

BCP47 = {"ko": "ko", "en": "en", "vi": "vi", "zh_Hans": "zh-Hans"}
NOT_OFFERED = "fr-FR,fr;q=0.9"  # a browser in a language we do not offer: Korean, the default


class ChatPage(HTMLParser):
    """What a person reads of the chat page before any message: its title, heading, the
    composer's label, placeholder and button, and the words chat.js shows later (#chat-ui)."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.texts: list[str] = []
        self.ui: dict[str, str] = {}
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self.texts += [
            attrs[name] for name in ("placeholder", "title", "aria-label", "alt") if attrs.get(name)
        ]
        self._inside = attrs.get("id") if tag == "script" else tag

    def handle_endtag(self, tag):
        self._inside = None

    def handle_data(self, data):
        if self._inside == "chat-ui":
            self.ui = json.loads(data)
        elif self._inside not in ("script", "style") and data.strip():
            self.texts.append(data.strip())

    @classmethod
    async def fetch(cls, session: aiohttp.ClientSession) -> ChatPage:
        async with session.get("/") as response:
            assert response.status == 200
            assert response.content_type == "text/html"
            page = cls()
            page.feed(await response.text())
            assert response.headers["Content-Language"] == page.lang
        return page

    @property
    def shown(self) -> list[str]:
        return self.texts + [str(text) for text in self.ui.values()]


def page_allowed(world: World, language: str) -> list[str]:
    """Korean-only content, and the bot's name, which stays "Ilteo" outside Korean."""
    return world.allowed + (["Ilteo"] if language != "ko" else [])


@pytest.mark.parametrize("her", HER, ids=[her.language for her in HER])
async def test_the_web_page_opens_in_her_browsers_language(world, her):
    headers = {"Accept-Language": her.browser}
    async with aiohttp.ClientSession(base_url=world.url, headers=headers) as session:
        page = await ChatPage.fetch(session)
        assert page.lang == BCP47[her.language]
        assert {"bot_name", "message_label", "placeholder", "send", "connection_error"} <= set(
            page.ui
        )
        assert page.ui["bot_name"] in page.texts  # the title and the heading
        assert page.ui["placeholder"] in page.texts and page.ui["send"] in page.texts
        allowed = page_allowed(world, her.language)
        assert not_in_her_language(page.shown, her.language, allowed) == []

        # the chat answers in the same language, with the same words for the page
        async with session.post("/api/chat", json={"data": "sys:resume"}) as response:
            answer = await response.json()
        assert answer["language"] == BCP47[her.language]
        assert answer["ui"] == page.ui

        # a calendar link that leads nowhere says so in her language
        async with session.get("/ics/1_AAAAAAAAAAAAAAAA.ics") as response:
            assert response.status == 404
            assert response.headers["Content-Language"] == BCP47[her.language]
            said = await response.text()
        assert said.strip()
        assert not_in_her_language([said], her.language, allowed) == []
        if her.language != "en":
            assert said != "We can't find this booking. It may have been cancelled."


@pytest.mark.parametrize("her", HER, ids=[her.language for her in HER])
async def test_the_web_page_follows_the_language_she_chooses_in_the_chat(world, her):
    jar = aiohttp.CookieJar(unsafe=True)
    headers = {"Accept-Language": NOT_OFFERED}
    async with aiohttp.ClientSession(base_url=world.url, cookie_jar=jar, headers=headers) as s:
        before = await ChatPage.fetch(s)
        assert before.lang == "ko"
        person = WebUser(s)
        await person.send("sys:resume", "ko", opening=True)
        chosen = choose(f"lang:{her.language}", person.offered, "ko")  # a button she was shown
        async with s.post("/api/chat", json={"data": chosen}) as response:
            answer = await response.json()
        # the answer tells the page her language and its words in it: chat.js shows them
        assert answer["language"] == BCP47[her.language]
        allowed = page_allowed(world, her.language)
        assert not_in_her_language(list(answer["ui"].values()), her.language, allowed) == []

        # back later (a reload, the Back button, a restart): her choice beats her browser's
        after = await ChatPage.fetch(s)
        assert after.lang == BCP47[her.language]
        assert after.ui == answer["ui"]
        assert not_in_her_language(after.shown, her.language, allowed) == []
        if her.language != "ko":
            assert after.ui != before.ui
