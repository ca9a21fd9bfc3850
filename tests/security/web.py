"""The real app on a fresh database of each kind, with a clock tests move, and a browser-like
client of its web chat (it keeps cookies; `raw` sends bytes no well-behaved client would)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import aiohttp

from storage.database import create_engine
from tests.chat import Clock
from tests.conftest import prepared_database, running_app
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id
from tests.security.chats import HOME, shown_data


@dataclass
class Visitor:
    """One browser: its own cookie jar and the headers it sends."""

    session: aiohttp.ClientSession
    headers: dict = field(default_factory=dict)
    shown: list[dict] = field(default_factory=list)  # the messages of the last answer

    async def post(self, path: str = "/api/chat", **body) -> aiohttp.ClientResponse:
        async with self.session.post(path, json=body, headers=self.headers) as response:
            await response.read()
            return response

    async def say(self, **body) -> list[dict]:
        response = await self.post(**body)
        assert response.status == 200, response.status
        self.shown = (await response.json())["messages"]
        return self.shown

    async def tap(self, label: str, nth: int | None = None) -> list[dict]:
        """Press the button labelled `label` in the last answer (the `nth` of several that do
        different things); fails, naming the labels shown, when none has it."""
        return await self.say(data=shown_data(self.shown, label, nth))

    async def from_menu(self, label: str) -> list[dict]:
        """Back to the menu (the page's own "처음으로"), then its button `label`."""
        await self.say(data=HOME)
        return await self.tap(label)

    async def choose_time(self, day: str, time: str, booked: bool = False) -> list[dict]:
        """From the menu (the page's own "처음으로"), as she taps it: 상담 예약 (once more
        below her bookings when she has some), the `day` ("11월 26일(목)") and the `time`
        ("오후 2시"); returns the question reading it back."""
        await self.from_menu("상담 예약")
        if booked:
            await self.tap("상담 예약")
        await self.tap(day)
        return await self.tap(time)

    async def agree(self) -> None:
        """Korean, consent, and out of the intake to the menu."""
        await self.say(text="/start")
        for label in ("한국어", "동의해요", "그만하기"):
            await self.tap(label)

    def cookie(self) -> str | None:
        found = [c.value for c in self.session.cookie_jar if c.key.endswith("ilteo_uid")]
        return found[0] if found else None


@asynccontextmanager
async def chat_app(database_url: str, clock: Clock | None = None, slots: bool = False, **settings):
    """Yields (app, slot ids by (day, hour) or {})."""
    await prepared_database(database_url)
    ids = {}
    if slots:
        engine = create_engine(database_url)
        try:
            centre = await centre_id(engine, "광명시여성새일센터")
            ids = await add_slots(engine, centre, [THURSDAY], hours=(10, 11, 14, 15))
        finally:
            await engine.dispose()
    async with running_app(clock=clock or Clock(), database_url=database_url, **settings) as app:
        yield app, ids


@asynccontextmanager
async def visitor(app, **headers):
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies of 127.0.0.1, as a browser does
    async with aiohttp.ClientSession(base_url=app.url, cookie_jar=jar) as session:
        yield Visitor(session, headers)


def set_cookie(response: aiohttp.ClientResponse) -> SimpleCookie:
    cookie = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        cookie.load(header)
    return cookie


def texts(messages: list[dict]) -> str:
    return "\n".join(message["text"] for message in messages)


async def raw(url: str, request: bytes) -> int:
    """Sends `request` as it is and returns the status code."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(request)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 10)
        return int(status.split()[1])
    finally:
        writer.close()


def http(method: str, path: bytes, headers: list[tuple[bytes, bytes]] = (), body: bytes = b""):
    lines = [
        method.encode() + b" " + path + b" HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Connection: close",
        b"Content-Length: " + str(len(body)).encode(),
    ]
    lines += [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
