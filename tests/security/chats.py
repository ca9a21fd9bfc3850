"""People using the real app as a user would: a browser in the web chat (its own cookies, the
JSON API), a Telegram chat through the fake Bot API, a KakaoTalk chat through skill requests."""

from __future__ import annotations

import asyncio
import re
from contextlib import asynccontextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import aiohttp

from storage.database import create_engine
from tests.conftest import app_with_telegram, prepared_database
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.kakao import KakaoUser, day_label, open_day, shown_text
from tests.handlers.booking_setup import add_slots, centre_id

KAKAO_SECRET = "kakao-skill-secret-for-security-tests"
SETTLE_S = 0.3  # how long a chat waits for the last of several messages of one answer
HOME, RESUME = "menu:home", "sys:resume"  # the web chat page's own: "처음으로", and opening it
PHONE = "010-1234-5678"


def shown_data(messages: list[dict], label: str, nth: int | None = None) -> str:
    """The data of the button labelled `label` among `messages` (cards included), as the web
    chat's API shows them (the `nth` of several that do different things, the first shown
    being 0); fails, naming the labels shown, when none has it."""
    shown = [
        (button["label"], button.get("data"))
        for message in messages
        for rows in [message["buttons"], *(card["buttons"] for card in message["cards"])]
        for row in rows
        for button in row
    ]
    found = [data for shown_label, data in shown if shown_label == label and data]
    assert found, f"no button {label!r} among the buttons shown: {[s for s, _d in shown]}"
    if nth is not None:
        assert nth < len(found), f"only {len(found)} buttons {label!r}"
        return found[nth]
    assert len(set(found)) == 1, f"several buttons {label!r} do different things: {found}"
    return found[0]


class WebChat:
    """One browser on the web chat: a cookie jar of its own, so a new one is a new person."""

    def __init__(self, base_url: str, address: str | None = None) -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        # `address`: her own, as a trusted proxy names it (the app needs TRUSTED_PROXIES)
        headers = {"X-Forwarded-For": address} if address else None
        self._session = aiohttp.ClientSession(base_url=base_url, cookie_jar=jar, headers=headers)
        self.messages: list[dict] = []
        self.status = 0

    async def close(self) -> None:
        await self._session.close()

    async def say(self, text: str) -> str:
        return await self._send({"text": text})

    async def tap(self, label: str) -> str:
        """Press the button labelled `label` in the last answer (cards included); fails,
        naming the labels shown, when none has it."""
        return await self.press(shown_data(self.messages, label))

    async def press(self, data: str) -> str:
        """Send button data as it is (a stale or forged button); a person taps (`tap`)."""
        return await self._send({"data": data})

    async def _send(self, body: dict) -> str:
        async with self._session.post("/api/chat", json=body) as response:
            self.status = response.status
            self.messages = (await response.json())["messages"] if response.status == 200 else []
        return "\n".join(message["text"] for message in self.messages)

    async def open(self) -> str:
        """She opens the chat again (the page loads)."""
        return await self.press(RESUME)

    async def start_over(self) -> str:
        """The page's own "처음으로" button, shown below every conversation."""
        return await self.press(HOME)

    async def from_menu(self, label: str) -> str:
        """Back to the menu ("처음으로"), then its button `label`."""
        await self.start_over()
        return await self.tap(label)

    async def agree(self) -> None:
        """Korean, consent, and straight to the menu."""
        await self.say("/start")
        for label in ("한국어", "동의해요", "그만하기"):
            await self.tap(label)

    async def book(self, day: str, time: str = "오후 2시", phone: str = PHONE) -> str:
        """From the menu, as she taps it: 상담 예약, the `day` ("11월 26일(목)"), the time,
        yes; then her number (a chat that never booked is asked it)."""
        await self.from_menu("상담 예약")
        await self.tap(day)
        await self.tap(time)
        await self.tap("네, 예약할게요")
        return await self.say(phone)

    def link_urls(self) -> list[str]:
        urls = [
            b["url"] for m in self.messages for row in m["buttons"] for b in row if b.get("url")
        ]
        return urls + [m["attachment"]["url"] for m in self.messages if m.get("attachment")]

    def telegram_payload(self) -> str:
        url = next(u for u in self.link_urls() if u.startswith("https://t.me/"))
        return parse_qs(urlparse(url).query)["start"][0]

    def calendar_url(self) -> str:
        return next(u for u in self.link_urls() if u.endswith(".ics"))

    async def get(self, url: str) -> int:
        async with self._session.get(url) as response:
            return response.status


class TelegramChat:
    def __init__(self, fake: FakeBotApi, user_id: int) -> None:
        self._fake, self.user_id = fake, user_id

    async def say(self, text: str) -> str:
        return await self._send(self._fake.message_update(self.user_id, text))

    async def tap(self, label: str) -> str:
        """Press the button labelled `label` under the bot's last reply."""
        return await self._send(self._fake.tap_update(self.user_id, label))

    async def press(self, data: str) -> str:
        """Send button data as it is (a stale or forged button); a person taps (`tap`)."""
        return await self._send(self._fake.callback_update(self.user_id, data))

    async def _send(self, update: dict) -> str:
        before = len(self._fake.sent_messages(self.user_id))
        assert await self._fake.post_webhook(update) == 200
        await self._fake.wait_for_messages(self.user_id, before + 1)
        await asyncio.sleep(SETTLE_S)
        fresh = self._fake.sent_messages(self.user_id)[before:]
        return "\n".join(message.get("text", "") for message in fresh)

    async def agree(self) -> None:
        await self.say("/start")
        for label in ("한국어", "동의해요", "그만하기"):
            await self.tap(label)


class KakaoChat:
    def __init__(self, session: aiohttp.ClientSession, url: str, user_key: str) -> None:
        self._user = KakaoUser(session, url, user_key)

    async def say(self, text: str) -> str:
        return shown_text(await self._user.say(text))

    async def agree(self) -> None:
        for text in ("안녕하세요", "한국어", "동의해요"):
            await self.say(text)


def code_in(text: str) -> str:
    """The link code a chat shows ("2741 0583"; six digits as before, so that a test run
    against the old code fails where the behaviour differs, not here)."""
    (code,) = set(re.findall(r"\b\d{4} \d{4}\b|\b\d{6}\b", text))
    return code


async def booking_day(database_url: str) -> str:
    """Two bookable times (오후 2시, 오후 3시) at 광명시여성새일센터, the only place with any, on
    the first open day three days ahead; returns that day as its button shows it."""
    day = open_day(timedelta(days=3))
    engine = create_engine(database_url)
    try:
        centre = await centre_id(engine, "광명시여성새일센터")
        await add_slots(engine, centre, [day], hours=(14, 15))
    finally:
        await engine.dispose()
    return day_label(day)


@asynccontextmanager
async def the_app(database_url: str, clock=None, **settings):
    """The whole app (web chat, Telegram by webhook on the fake Bot API, KakaoTalk) on a
    prepared database; yields (app, fake Bot API, a client session, the Kakao skill URL)."""
    await prepared_database(database_url)
    overrides = dict(
        kakao_skill_secret=KAKAO_SECRET, kakao_block_id="65d2f0c4a1b2c3d4e5f60001", **settings
    )
    async with app_with_telegram(database_url, clock=clock, **overrides) as (app, fake):
        async with aiohttp.ClientSession() as session:
            yield app, fake, session, f"{app.url}/kakao/skill/{KAKAO_SECRET}"
