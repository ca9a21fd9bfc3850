"""The outbox dispatch: a due nudge is rendered in the reader's language, sent once through
the reader's channel, and a failed send is retried later, not lost. Messages go out at the
configured rate and a second apart per chat (on virtual time), a 429 pauses sending and costs
no attempt (through real HTTP to the fake Bot API), and the loop sends what falls due."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import select
from telegram import Bot

from bot.channels.base import Notifier
from bot.channels.kakao import EventApi, KakaoNotifier
from bot.channels.telegram.notifier import TelegramNotifier
from bot.channels.telegram.transport import AiohttpRequest
from bot.dispatch import MAX_ATTEMPTS, Dispatcher
from bot.ratelimit import Timer
from handlers.messages import Reply
from handlers.nudges import queue_nudges
from handlers.turn import FlowSettings
from storage.tables import outbox
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.chat import PUSH_CHANNELS, Clock, Person, make_engine
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.kakao import BOT_ID, REST_API_KEY, FakeEventApi

NUDGE_KO = "일터예요. 아까 하던 질문이 조금 남아 있어요.\n이어서 하시겠어요?"


class VirtualTime:
    """The rate limiter's time, moved by its sleeps instead of passing."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        wake = self.t + seconds
        await asyncio.sleep(0)
        self.t = max(self.t, wake)


class Recorder(Notifier[Reply]):
    """The edge of the world: what would have gone to Telegram, and when (on `timer`)."""

    def __init__(self, failures: int = 0, timer: VirtualTime | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.times: list[tuple[str, float]] = []
        self.failures = failures
        self.timer = timer or VirtualTime()
        self.arrived = asyncio.Event()

    async def send(self, external_id: str, reply) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Telegram is unreachable")
        self.sent.append((external_id, reply.messages[0].text))
        self.times.append((external_id, self.timer.now()))
        self.arrived.set()


async def walk_away(engine, clock: Clock) -> None:
    person = Person(make_engine(engine, clock), "4242", channel="telegram")
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의해요")  # the intake's first question; then nothing more
    clock.advance(hours=1)
    async with UnitOfWork(engine) as uow:
        assert await queue_nudges(uow, clock(), timedelta(minutes=30), PUSH_CHANNELS) == 1
        await uow.commit()


def dispatcher(
    engine, clock, notifier, rate: float = 25, timer=None, channel: str = "telegram"
) -> Dispatcher:
    from handlers.i18n import Translator
    from tests.chat import LOCALES

    translator = Translator(LOCALES)
    settings = FlowSettings(("ko", "en"), ZoneInfo("Asia/Seoul"), translator)
    lease, timer = timedelta(seconds=60), timer or VirtualTime()
    return Dispatcher(
        UnitOfWorkFactory(engine),
        settings,
        {channel: notifier},
        clock,
        lease,
        rate=rate,
        timer=timer,
    )


async def readers(
    engine, count: int, now: datetime, first: int = 0, channel: str = "telegram"
) -> list[int]:
    """Korean-speaking users (of Telegram unless told) with chat ids 900000 + n."""
    async with UnitOfWork(engine) as uow:
        ids = []
        for n in range(first, first + count):
            user = await uow.users.seen(channel, str(900000 + n), now)
            await uow.users.set_language(user.id, "ko")
            ids.append(user.id)
        await uow.commit()
    return ids


async def queue(engine, user_ids: list[int], due: datetime, payload=None, tag: str = "n") -> None:
    async with UnitOfWork(engine) as uow:
        for user_id in user_ids:
            key = f"{tag}:{user_id}"
            await uow.outbox.enqueue(key, user_id, "nudge", payload or {"type": "nudge"}, due)
        await uow.commit()


async def states(engine) -> list[tuple[str, int]]:
    async with UnitOfWork(engine) as uow:
        rows = await uow.connection.execute(
            select(outbox.c.state, outbox.c.attempts).order_by(outbox.c.key)
        )
        return [tuple(row) for row in rows]


async def test_a_nudge_is_sent_once_in_korean(engine):
    clock, notifier = Clock(), Recorder()
    await walk_away(engine, clock)
    sending = dispatcher(engine, clock, notifier)
    assert await sending.run_once() == 1
    assert await sending.run_once() == 0
    assert notifier.sent == [("4242", NUDGE_KO)]


async def test_a_failed_send_is_retried_later_not_lost(engine):
    clock, notifier = Clock(), Recorder(failures=1)
    await walk_away(engine, clock)
    sending = dispatcher(engine, clock, notifier)
    assert await sending.run_once() == 0  # failed: back in the queue, due later
    assert await sending.run_once() == 0  # not due yet
    clock.advance(minutes=5)
    assert await sending.run_once() == 1
    assert len(notifier.sent) == 1


async def test_a_claim_of_a_dead_process_is_taken_again_after_the_lease(engine):
    clock, notifier = Clock(), Recorder()
    await walk_away(engine, clock)
    async with UnitOfWork(engine) as uow:  # a process claims it and dies before sending
        assert (
            len(await uow.outbox.claim(clock(), "dead", timedelta(seconds=60), ("telegram",))) == 1
        )
        await uow.commit()
    sending = dispatcher(engine, clock, notifier)
    assert await sending.run_once() == 0
    clock.advance(seconds=61)
    assert await sending.run_once() == 1


async def test_a_message_that_keeps_failing_is_given_up_after_the_last_attempt(engine):
    clock, notifier = Clock(), Recorder(failures=MAX_ATTEMPTS)
    await walk_away(engine, clock)
    sending = dispatcher(engine, clock, notifier)
    for _attempt in range(MAX_ATTEMPTS):
        assert await sending.run_once() == 0
        clock.advance(hours=1)
    assert await sending.run_once() == 0
    assert await states(engine) == [("failed", MAX_ATTEMPTS)]


async def test_messages_go_out_at_the_rate_and_a_second_apart_in_one_chat(engine):
    clock, timer = Clock(), VirtualTime()
    notifier = Recorder(timer=timer)
    many = await readers(engine, 30, clock())
    await queue(engine, many, clock())
    await queue(engine, many[:1], clock(), tag="again")
    await queue(engine, many[:1], clock(), tag="third")
    assert await dispatcher(engine, clock, notifier, rate=10, timer=timer).run_once() == 32
    times = sorted(at for _chat, at in notifier.times)
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.1 - 1e-9
    one_chat = [at for chat, at in notifier.times if chat == "900000"]
    assert len(one_chat) == 3
    assert min(b - a for a, b in zip(one_chat, one_chat[1:], strict=False)) >= 1.0


async def test_a_429_pauses_sending_and_retries_the_message_without_counting_it(engine):
    clock, timer = Clock(), VirtualTime()
    [reader] = await readers(engine, 1, clock())
    await queue(engine, [reader], clock())
    async with FakeBotApi() as fake:
        bot = Bot(fake.token, base_url=fake.api_url, request=AiohttpRequest())
        await bot.initialize()
        try:
            notifier = TelegramNotifier(SimpleNamespace(bot=bot))
            sending = dispatcher(engine, clock, notifier, timer=timer)
            fake.fail_next("sendMessage", 429, retry_after=7)
            assert await sending.run_once() == 0
            assert await states(engine) == [("pending", 0)]  # back in the queue, no attempt spent
            clock.advance(seconds=6)
            assert await sending.run_once() == 0  # not due again yet
            clock.advance(seconds=1)
            assert await sending.run_once() == 1
        finally:
            await bot.shutdown()
        assert timer.now() >= 7  # the limiter held everything back for retry_after
        assert [m["text"] for m in fake.sent_messages(900000)] == [NUDGE_KO]
        assert len(fake.calls_to("sendMessage")) == 2
    assert await states(engine) == [("sent", 1)]


async def test_the_loop_sends_a_message_when_it_falls_due(engine):
    notifier = Recorder()
    now = datetime.now(UTC)
    [reader] = await readers(engine, 1, now)
    await queue(engine, [reader], now + timedelta(milliseconds=300))
    sending = dispatcher(engine, lambda: datetime.now(UTC), notifier, timer=Timer())
    sending.start()
    try:
        await asyncio.wait_for(notifier.arrived.wait(), timeout=10)
    finally:
        await sending.stop()
    assert notifier.sent == [("900000", NUDGE_KO)]
    assert await states(engine) == [("sent", 1)]


async def test_stopping_gives_back_what_was_not_sent_yet(engine):
    notifier = Recorder()
    now = datetime.now(UTC)
    await queue(engine, await readers(engine, 3, now), now)
    sending = dispatcher(engine, lambda: datetime.now(UTC), notifier, rate=0.2, timer=Timer())
    sending.start()
    try:
        await asyncio.wait_for(notifier.arrived.wait(), timeout=10)
    finally:
        await sending.stop()
    assert len(notifier.sent) == 1
    assert sorted(await states(engine)) == [("pending", 0), ("pending", 0), ("sent", 1)]


async def test_kakao_readers_go_a_hundred_to_a_request_at_the_rate_of_requests(engine):
    """At 5 messages a second, 250 Kakao readers take three Event API requests, not 50 s."""
    now = datetime.now(UTC)
    await queue(engine, await readers(engine, 250, now, channel="kakao"), now)
    async with FakeEventApi() as api:
        # a linger long enough that a busy machine's pauses between sends cannot split a
        # request: a request goes when it holds 100 users, or when the last 50 have waited
        event_api = EventApi(api.url, BOT_ID, REST_API_KEY, "ilteo_notice")
        notifier = KakaoNotifier(event_api, linger_s=3.0)
        sending = dispatcher(
            engine, lambda: datetime.now(UTC), notifier, rate=5, timer=Timer(), channel="kakao"
        )
        sending.start()
        try:
            assert len(await api.wait_for_users(250, within_s=20)) == 250
        finally:
            await sending.stop()
            await notifier.close()
    assert sorted(len(event["user"]) for event in api.events) == [50, 100, 100]
    assert await states(engine) == [("sent", 1)] * 250
