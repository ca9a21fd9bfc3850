"""The outbox dispatch: a due nudge is rendered in the reader's language, sent once through
the reader's channel, and a failed send is retried later, not lost."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.dispatch import Dispatcher
from handlers.nudges import queue_nudges
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.chat import Clock, Person, make_engine


class Recorder:
    """The edge of the world: what would have gone to Telegram."""

    def __init__(self, failures: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures = failures

    async def send(self, external_id: str, reply) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Telegram is unreachable")
        self.sent.append((external_id, reply.messages[0].text))


async def walk_away(engine, clock: Clock) -> None:
    person = Person(make_engine(engine, clock), "4242", channel="telegram")
    await person.say("/start")
    await person.press("lang:ko")
    await person.press("consent:yes")  # the intake's first question; then nothing more
    clock.advance(hours=1)
    async with UnitOfWork(engine) as uow:
        assert await queue_nudges(uow, clock(), timedelta(minutes=30)) == 1
        await uow.commit()


def dispatcher(engine, clock: Clock, notifier: Recorder) -> Dispatcher:
    from handlers.i18n import Translator
    from tests.chat import LOCALES

    translator = Translator(LOCALES)
    settings = FlowSettings(("ko", "en"), ZoneInfo("Asia/Seoul"), translator)
    return Dispatcher(UnitOfWorkFactory(engine), settings, {"telegram": notifier}, clock,
                      lease=timedelta(seconds=60))  # fmt: skip


async def test_a_nudge_is_sent_once_in_korean(engine):
    clock, notifier = Clock(), Recorder()
    await walk_away(engine, clock)
    sending = dispatcher(engine, clock, notifier)
    assert await sending.run_once() == 1
    assert await sending.run_once() == 0
    assert notifier.sent == [
        ("4242", "일터예요. 아까 하던 질문이 조금 남아 있어요.\n이어서 하시겠어요?")
    ]


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
