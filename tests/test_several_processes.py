"""Several `ilteo serve` processes on one PostgreSQL act as one service.

Two processes: many people's updates sent alternately to both, each after the answer to the
previous, get the replies one process alone gives (in order, none lost, none applied twice,
none dropped past Telegram's per-chat rate: the processes share each chat's room);
two choices of one person pressed on a several-choice question and sent to both at the same
instant both count, also from two linked chats. Three processes with a clock moved through the
database (TEST_CLOCK_FROM_DATABASE): each reminder goes out once, retention runs once a day.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.database import create_engine
from storage.uow import UnitOfWork
from tests.conftest import free_port, prepared_database
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.chat_limit import ChatLimit
from tests.test_outbox_processes import all_done, eventually, seed, texts
from tests.test_process import ILTEO, ROOT, environment, wait_healthy

TO_INTERESTS = ("/start", "한국어", "동의해요", "경기", "광명시", "40대", "구직 중")
AFTER_INTERESTS = ("다 골랐어요", "언제든 괜찮아요", "없어요")
BOTH = ("상담·콜센터", "요리·조리")
PEOPLE = 12
FIRST = 7100000


@contextlib.asynccontextmanager
async def processes(
    url: str, fake: FakeBotApi, logs: Path, count: int, **extra: str
) -> AsyncIterator[list[str]]:
    """`count` processes serving Telegram by webhook; yields each one's webhook URL. A step
    may wait 10 s for the person (a loaded test machine must not turn a wait into "send it
    again"; test_person_lock.py covers the wait running out)."""
    started, urls = [], []
    try:
        for n in range(count):
            port = free_port()
            env = {
                **environment(url, port, fake),
                "OUTBOX_LEASE": "2s",
                "PERSON_WAIT": "10s",
                **extra,
            }
            with (logs / f"{n}.log").open("ab") as out:
                started.append(
                    await asyncio.create_subprocess_exec(
                        *ILTEO, "serve", env=env, cwd=ROOT, stdout=out, stderr=out
                    )
                )
            urls.append(env["TELEGRAM_WEBHOOK_URL"])
        for process, port_url in zip(started, urls, strict=True):
            await wait_healthy(int(port_url.split(":")[2].split("/")[0]), process, seconds=120)
        await eventually(lambda: _registered(fake, count), "every process set the webhook")
        yield urls
    finally:
        for process in started:
            if process.returncode is None:
                process.terminate()
        for process in started:
            await process.wait()


async def _registered(fake: FakeBotApi, count: int) -> bool:
    return len(fake.calls_to("setWebhook")) >= count


def said(fake: FakeBotApi, chat: int) -> list[str]:
    return [message["text"] for message in fake.sent_messages(chat)]


def button(fake: FakeBotApi, chat: int, label: str) -> str:
    """The callback data of the button labelled `label` under the chat's last message."""
    rows = fake.sent_messages(chat)[-1]["reply_markup"]["inline_keyboard"]
    found = [b["callback_data"] for row in rows for b in row if b["text"].endswith(label)]
    assert found, (chat, label, rows)
    return found[0]


async def press_at_once(fake: FakeBotApi, urls: list[str], shown: int, chats) -> None:
    """Each of BOTH pressed under the interests question shown in chat `shown`, from `chats`
    (one for each choice), sent to the processes at the same instant."""
    data = [button(fake, shown, choice) for choice in BOTH]
    statuses = await asyncio.gather(
        *(
            fake.post_webhook(fake.callback_update(chat, pressed), url=url)
            for chat, pressed, url in zip(chats, data, urls, strict=True)
        )
    )
    assert statuses == [200, 200]


async def say_in_turn(fake: FakeBotApi, urls: list[str], chat: int, words, first: int = 0):
    """Each word after the answer to the one before, to the processes in turn."""
    for n, text in enumerate(words, start=first):
        status = await fake.post_webhook(fake.message_update(chat, text), url=urls[n % len(urls)])
        assert status == 200


async def test_two_processes_answer_each_person_in_order_none_lost_none_twice(
    postgres_url, tmp_path
):
    await prepared_database(postgres_url)
    words = (*TO_INTERESTS, *BOTH, *AFTER_INTERESTS)
    limit = ChatLimit(per_second=1, burst=5)
    async with (
        FakeBotApi(chat_limit=limit) as fake,
        processes(postgres_url, fake, tmp_path, 2) as urls,
    ):
        await say_in_turn(fake, urls[:1], FIRST, words)  # one process alone: the reference
        chats = range(FIRST + 1, FIRST + 1 + PEOPLE)
        await asyncio.gather(*(say_in_turn(fake, urls, chat, words, chat) for chat in chats))
        expected = said(fake, FIRST)
        assert len(expected) >= len(words)  # a reply to every word (some have two messages)
        for chat in chats:
            assert said(fake, chat) == expected, chat
        assert fake.dropped_answers == []


async def test_two_choices_sent_to_two_processes_at_once_both_count(postgres_url, tmp_path):
    await prepared_database(postgres_url)
    chats = range(FIRST, FIRST + PEOPLE)
    async with FakeBotApi() as fake, processes(postgres_url, fake, tmp_path, 2) as urls:
        await asyncio.gather(*(say_in_turn(fake, urls, chat, TO_INTERESTS) for chat in chats))
        await asyncio.gather(*(press_at_once(fake, urls, chat, (chat, chat)) for chat in chats))
        await asyncio.gather(*(say_in_turn(fake, urls, chat, AFTER_INTERESTS) for chat in chats))
        for chat in chats:
            summary = said(fake, chat)[-1]
            assert all(choice in summary for choice in BOTH), (chat, summary)


async def linked_pairs(url: str, pairs: int) -> list[tuple[int, int]]:
    """Telegram chats two by two linked as one person (the fake speaks only Telegram, so both
    chats of a person are Telegram chats, linked in the database)."""
    engine, now, linked = create_engine(url), datetime.now(UTC), []
    try:
        async with UnitOfWork(engine) as uow:
            for n in range(pairs):
                first, second = FIRST + 2 * n, FIRST + 2 * n + 1
                primary = await uow.users.seen("telegram", str(first), now)
                alias = await uow.users.seen("telegram", str(second), now)
                await uow.account_links.link(alias.id, primary.id, now)
                linked.append((first, second))
            await uow.commit()
    finally:
        await engine.dispose()
    return linked


async def test_two_linked_chats_choosing_at_once_on_two_processes_both_count(
    postgres_url, tmp_path
):
    await prepared_database(postgres_url)
    pairs = await linked_pairs(postgres_url, PEOPLE)
    async with FakeBotApi() as fake, processes(postgres_url, fake, tmp_path, 2) as urls:
        await asyncio.gather(*(say_in_turn(fake, urls, one, TO_INTERESTS) for one, _ in pairs))
        await asyncio.gather(*(press_at_once(fake, urls, pair[0], pair) for pair in pairs))
        await asyncio.gather(*(say_in_turn(fake, urls, two, AFTER_INTERESTS) for _, two in pairs))
        for _one, two in pairs:
            summary = said(fake, two)[-1]
            assert all(choice in summary for choice in BOTH), (two, summary)


async def move_clock(url: str, by: timedelta) -> None:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            await uow.job_runs.set_clock_offset(by.total_seconds())
            await uow.commit()
    finally:
        await engine.dispose()


def retention_runs(logs: Path) -> int:
    return sum(log.read_text().count('"event": "retention_applied"') for log in logs.iterdir())


async def test_three_processes_and_a_moved_clock_send_each_reminder_once_and_forget_daily(
    postgres_url, tmp_path
):
    reminders = 60
    await prepared_database(postgres_url, demo=False)
    await seed(postgres_url, reminders, 0, due_in=timedelta(hours=12))
    chats = range(800000, 800000 + reminders)
    clock = {"TEST_CLOCK_FROM_DATABASE": "1", "JOBS_CHECK_EVERY": "1s"}
    days: set = set()  # the days (UTC: retention's periods) the clock has shown

    async def forgets_once_a_day(offset: timedelta) -> None:
        days.add((datetime.now(UTC) + offset).date())
        await eventually(lambda: _ran(tmp_path, len(days)), "retention ran today", seconds=120)
        await asyncio.sleep(3)  # every process checked a few times more
        assert retention_runs(tmp_path) == len(days)

    async with FakeBotApi() as fake, processes(postgres_url, fake, tmp_path, 3, **clock):
        await forgets_once_a_day(timedelta(0))
        assert fake.calls_to("sendMessage") == []
        await move_clock(postgres_url, timedelta(hours=13))  # the reminders fall due
        await eventually(lambda: all_done(postgres_url), "every reminder is sent", seconds=120)
        await forgets_once_a_day(timedelta(hours=13))
        await move_clock(postgres_url, timedelta(days=1, hours=13))  # and a day passes
        await forgets_once_a_day(timedelta(days=1, hours=13))
        sent = texts(fake, chats)
    assert all(len(sent[chat]) == 1 for chat in chats), sent
    assert len(days) >= 2


async def _ran(logs: Path, times: int) -> bool:
    return retention_runs(logs) >= times
