"""How well the bot understands what people type: the corpus in `tests/corpus/`.

    .venv/bin/python bench/understanding.py            # every question, with the failures
    .venv/bin/python bench/understanding.py --quiet    # the tables only

Reads every phrase of the corpus at its question (through the readers the conversation
uses, at the corpus' moment, Tuesday 2026-03-10 10:00 in Seoul) and prints the share read
right per question and per kind, the phrases read wrong (with what they were read as), the
time each question's reader takes for a 4,096-character answer, and the time the whole engine
takes to answer one at each question of the intake, the consent and the booking's read-back
and phone number (a fresh SQLite database with the demo; target < 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus.phrases import KINDS, load
from tests.corpus.readings import is_right, readers

LONG = ("저는 광명에 사는 72년생이고 애 다 키웠어요 " * 200)[:4096]


def score(table: dict) -> list[tuple]:
    """(phrase, reading, right) for every phrase of the corpus."""
    results = []
    for phrase in load():
        reading = table[phrase.question](phrase.text)
        results.append((phrase, reading, is_right(phrase.question, phrase.expected, reading)))
    return results


def share(rows: list) -> str:
    return f"{sum(right for *_rest, right in rows) / len(rows):6.1%}" if rows else "     -"


def print_tables(results: list) -> None:
    by_question, by_kind = defaultdict(list), defaultdict(list)
    for row in results:
        by_question[row[0].question].append(row)
        by_kind[row[0].kind].append(row)
    print(f"{'question':14} {'n':>4} {'right':>7}   " + " ".join(f"{k[:8]:>8}" for k in KINDS))
    for question, rows in sorted(by_question.items()):
        kinds = " ".join(f"{share([r for r in rows if r[0].kind == kind]):>8}" for kind in KINDS)
        print(f"{question:14} {len(rows):4} {share(rows):>7}   {kinds}")
    kinds = " ".join(f"{share(by_kind[kind]):>8}" for kind in KINDS)
    print(f"{'all':14} {len(results):4} {share(results):>7}   {kinds}")


def print_failures(results: list) -> None:
    print("\nRead wrong (question: phrase -> read as, expected):")
    for phrase, reading, right in results:
        if not right:
            wanted = phrase.expected
            print(f"  {phrase.question}: {phrase.text!r} -> {reading!r}, expected {wanted!r}")


def print_times(table: dict) -> None:
    print(f"\n{'question':14} {'ms for 4,096 characters':>24}")
    for question, reader in sorted(table.items()):
        started = time.perf_counter()
        reader(LONG)
        ms = (time.perf_counter() - started) * 1000
        print(f"{question:14} {ms:24.1f}  {'ok' if ms < 50 else 'over 50 ms'}")


# Presses that reach each question from a fresh chat (the booking ones need a slot: `{slot}`).
WALKS = {
    "consent": ("/start", "lang:ko"),
    "sido": ("/start", "lang:ko", "consent:yes"),
    "sigungu": ("/start", "lang:ko", "consent:yes", "in:a:경기도"),
    "age_band": ("/start", "lang:ko", "consent:yes", "in:a:경기도", "in:a:광명시"),
    "situation": ("/start", "lang:ko", "consent:yes", "in:a:경기도", "in:a:광명시", "in:a:50s"),
    "interests": (
        "/start",
        "lang:ko",
        "consent:yes",
        "in:a:경기도",
        "in:a:광명시",
        "in:a:50s",
        "in:a:job_seeking",
    ),
    "summary": (
        "/start",
        "lang:ko",
        "consent:yes",
        "in:a:경기도",
        "in:a:광명시",
        "in:a:50s",
        "in:a:job_seeking",
        "in:t:care",
        "in:done",
        "in:none",
        "in:none",
    ),
    "menu": ("/start", "lang:ko", "consent:yes", "in:cancel"),
    "read-back": ("/start", "lang:ko", "consent:yes", "in:cancel", "bk:t:{slot}"),
    "phone": ("/start", "lang:ko", "consent:yes", "in:cancel", "bk:t:{slot}", "bk:y:{slot}"),
}


async def engine_times() -> list[tuple[str, float, float]]:
    """Milliseconds the engine takes to answer LONG, and its first 500 characters (the most
    the engine lets through to a reader), at each question of WALKS."""
    from storage.database import create_engine
    from tests.chat import Clock, Person, make_engine
    from tests.conftest import prepared_database
    from tests.handlers.booking_setup import SEOUL, add_slots, centre_id

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await prepared_database(url)
        database = create_engine(url)
        clock = Clock(datetime.now(UTC))
        day = (clock() + timedelta(days=3)).astimezone(SEOUL).date()
        slots = await add_slots(database, await centre_id(database, "광명시여성새일센터"), [day])
        slot = slots[(day, 14)]
        engine = make_engine(database, clock)
        await engine.warm_up()
        for run in ("warm", "timed"):  # the first run builds the search index, once
            times = []
            for question, steps in WALKS.items():
                row = [question]
                for size in (4096, 500):  # the engine refuses more than 500 (issue 12)
                    person = Person(engine, external_id=f"{run}-{question}-{size}")
                    for step in steps:
                        step = step.format(slot=slot)
                        await (person.say(step) if step.startswith("/") else person.press(step))
                    started = time.perf_counter()
                    await person.say(LONG[:size])
                    row.append((time.perf_counter() - started) * 1000)
                times.append(tuple(row))
        await database.dispose()
    return times


def print_engine_times() -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    print(f"\n{'at':14} {'engine ms, 4,096 chars':>24} {'500 chars':>10}")
    for question, long_ms, short_ms in asyncio.run(engine_times()):
        verdict = "ok" if max(long_ms, short_ms) < 50 else "over 50 ms"
        print(f"{question:14} {long_ms:24.1f} {short_ms:10.1f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="tables only, no failures")
    arguments = parser.parse_args()
    table = readers()
    results = score(table)
    print_tables(results)
    if not arguments.quiet:
        print_failures(results)
    print_times(table)
    print_engine_times()


if __name__ == "__main__":
    main()
