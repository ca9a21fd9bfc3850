"""The 5-second rule: Kakao drops an answer that takes longer than 5 s, so an answer that is not
ready by the deadline becomes "still working" with a button that shows it once it is ready. The
channel runs here on a real HTTP server in front of an engine that is as slow as told to be."""

from __future__ import annotations

import asyncio
import time
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp import web

from bot.channels.kakao import KakaoChannel
from handlers.i18n import Translator
from handlers.messages import RESUME, Button, Incoming, Message, Reply
from handlers.turn import FlowSettings
from tests.chat import LOCALES
from tests.fakes.kakao import KakaoUser, pressables, shown_text, skill_request

SECRET = "deadline-secret-for-tests"
DEADLINE_S = 0.3


class SlowEngine:
    """Answers "answer to <what came in>", after `gate` opens when `slow` is set."""

    def __init__(self) -> None:
        self.slow = False
        self.gate = asyncio.Event()
        self.received: list[Incoming] = []
        self._lock = asyncio.Lock()

    async def handle(self, incoming: Incoming, dedupe_key: str | None = None) -> Reply:
        async with self._lock:  # like the real engine: one user's inputs in order
            self.received.append(incoming)
            if self.slow:
                await self.gate.wait()
            said = incoming.text or incoming.data
            button = Button("처음으로", "menu:home")
            return Reply.of(Message(text=f"answer to {said}", buttons=((button,),)))


@pytest.fixture
async def slow_skill():
    engine = SlowEngine()
    settings = FlowSettings(
        languages=("ko", "en"), timezone=ZoneInfo("Asia/Seoul"), translator=Translator(LOCALES)
    )
    channel = KakaoChannel(secret=SECRET, engine=engine, settings=settings, deadline_s=DEADLINE_S)
    app = web.Application()
    channel.register_routes(app)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/kakao/skill/{SECRET}"
    try:
        async with aiohttp.ClientSession() as session:
            person = KakaoUser(session, url, "slow-user")
            person.patience = 0  # these tests read "still working" themselves
            yield engine, person
    finally:
        engine.gate.set()
        await runner.cleanup()


async def timed(call) -> tuple[dict, float]:
    started = time.perf_counter()
    answer = await call
    return answer, time.perf_counter() - started


async def test_a_slow_answer_is_announced_in_time_and_shown_on_request(slow_skill):
    engine, person = slow_skill
    engine.slow = True
    first, took = await timed(person.say("콜센터 교육"))
    assert took < DEADLINE_S + 0.5
    (wait,) = pressables(first)
    assert wait["label"] == "더 보기 ▶" and "더 보기 ▶" in shown_text(first)

    again, took = await timed(person.press("더 보기 ▶"))  # too early: still working
    assert took < DEADLINE_S + 0.5 and pressables(again)[0]["label"] == "더 보기 ▶"
    engine.gate.set()
    shown = await person.press("더 보기 ▶")
    assert shown_text(shown) == "answer to 콜센터 교육"
    assert [i.text for i in engine.received] == ["콜센터 교육"]  # asked once, not again


async def test_what_she_says_while_an_answer_is_pending_comes_after_it(slow_skill):
    engine, person = slow_skill
    engine.slow = True
    await person.say("첫 번째")
    waiting = asyncio.create_task(person.say("두 번째"))
    await asyncio.sleep(0.05)
    engine.gate.set()
    both = await waiting
    assert shown_text(both).split("\n") == ["answer to 첫 번째", "answer to 두 번째"]


async def test_show_the_answer_with_nothing_pending_shows_where_she_is(slow_skill):
    """After a restart nothing is pending here any more: the button still gets an answer."""
    engine, person = slow_skill
    # the button shown before the restart, pressed after it: by its data on purpose
    pressed = skill_request(person.user_key, "더 보기 ▶", extra={"data": "kakao:wait"})
    answer = await person.post(pressed)
    assert engine.received[-1].data == RESUME
    assert shown_text(answer) == f"answer to {RESUME}"
