"""The cost of a long answer: time per question for a 4,096-character answer (Telegram's
longest message), through the whole engine, and what each reader alone costs on it.

    .venv/bin/python bench/input_cost.py              # 20 runs each
    .venv/bin/python bench/input_cost.py --runs 50

Table 1: for every question of `handlers.router.QUESTIONS`, one person on a fresh SQLite
database is put at that question and sends a 4,096-character answer of each kind (digits;
Korean words, numbers and dates mixed; one Hangul syllable repeated); the engine's turn is
timed (it refuses politely before any reader sees the text). Table 2: every typed-answer reader
called directly on the same 4,096 characters, without the engine's bound, and on the 500 it
reads at most (the slowest kind's p50 and p99): a reader's cost must grow with its input's
length, no faster. Target: p99 < 50 ms a question (table 1).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers import answers, dates, phones, regions
from handlers.input_limits import MAX_ANSWER, MAX_MESSAGE
from handlers.router import QUESTIONS
from storage.database import create_engine
from storage.migrate import upgrade
from storage.records import Conversation
from storage.uow import UnitOfWork
from tests.chat import Clock, Person, make_engine

TARGET_MS = 50.0
KINDS = {
    "digits": "1234567890",
    "mixed": "마흔두 살 6년 쉬었어요 주말 오전 광명 다음주 목요일 오후 2시 010-1234-5678 ",
    "hangul": "가",
}
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
READERS: dict[str, Callable[[str], object]] = {
    "age": answers.read_age_band,
    "break length": answers.read_break_length,
    "situation": answers.read_situation,
    "interests": answers.read_interests,
    "free times": answers.read_availability,
    "help needed": answers.read_constraints,
    "yes / no": answers.read_yes_no,
    "region": regions.read_region,
    "day and time": lambda text: dates.read_when(text, NOW, SEOUL),
    "phone": phones.korean_phone,
}


def answer(kind: str, length: int = MAX_MESSAGE) -> str:
    unit = KINDS[kind]
    return (unit * (length // len(unit) + 1))[:length]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def engine_table(runs: int) -> list[tuple[str, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        database = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(database)
        engine = make_engine(database, Clock())
        person = Person(engine, "bench")
        await person.say("/start")
        user_id = await _user_id(database)
        for flow, step in QUESTIONS:
            times = []
            for kind in KINDS:
                for _ in range(runs):
                    await _put_at(database, user_id, flow, step)
                    started = time.perf_counter()
                    await person.say(answer(kind))
                    times.append((time.perf_counter() - started) * 1000)
            rows.append((f"{flow} / {step}", statistics.median(times), percentile(times, 0.99)))
        await database.dispose()
    return rows


async def _user_id(database) -> int:
    async with UnitOfWork(database) as uow:
        user = await uow.users.find("web", "bench")
        return user.id


async def _put_at(database, user_id: int, flow: str, step: str) -> None:
    async with UnitOfWork(database) as uow:
        await uow.conversations.save(Conversation(user_id, flow, step, {}), NOW)
        await uow.commit()


def reader_table(runs: int) -> list[tuple[str, float, float, float]]:
    """Per reader, over the kinds: the slowest kind's p50 and p99 on 4,096 characters, and its
    p50 on the 500 the engine lets through."""
    rows = []
    for name, read in READERS.items():
        stats = {MAX_MESSAGE: (0.0, 0.0), MAX_ANSWER: (0.0, 0.0)}
        for length in stats:
            for kind in KINDS:
                text = answer(kind, length)
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    read(text)
                    times.append((time.perf_counter() - started) * 1000)
                p50, p99 = statistics.median(times), percentile(times, 0.99)
                stats[length] = (max(stats[length][0], p50), max(stats[length][1], p99))
        rows.append((name, *stats[MAX_MESSAGE], stats[MAX_ANSWER][0]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    rows = asyncio.run(engine_table(runs))
    print(
        f"A {MAX_MESSAGE:,}-character answer at each question, whole engine turn "
        f"({len(KINDS)} kinds x {runs} runs):"
    )
    print(f"{'question':32} {'p50 ms':>8} {'p99 ms':>8}  < {TARGET_MS:.0f} ms")
    for name, p50, p99 in rows:
        print(f"{name:32} {p50:8.2f} {p99:8.2f}  {'yes' if p99 < TARGET_MS else 'NO'}")
    print(f"\nEach reader alone on the same text, without the engine's bound ({runs} runs):")
    print(f"{'reader':16} {'4096 p50':>9} {'4096 p99':>9} {'500 p50':>8}")
    for name, p50, p99, bounded in reader_table(runs):
        print(f"{name:16} {p50:9.2f} {p99:9.2f} {bounded:8.2f}")


if __name__ == "__main__":
    main()
