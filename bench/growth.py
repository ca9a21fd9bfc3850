"""Growth: a conversation step with many stored people, on PostgreSQL, and its query plans.

    .venv/bin/python bench/growth.py [--people 1000 1000000] [--steps 300]

For each number of people: a fresh PostgreSQL database (ILTEO_TEST_POSTGRES or
postgresql+asyncpg://postgres@127.0.0.1:5432/postgres), migrated, the demo catalogue loaded,
then that many Telegram people (users and their conversations, bulk-inserted with
generate_series) and ANALYZE. Steps of existing people (a menu tap, a typed search, a return to
the menu) go through the real ConversationEngine with Telegram's per-chat rate; their p50/p99 is
printed. Every statement those steps ran is then EXPLAINed with its own parameters, and a
sequential scan of a table that grows with people is reported as a problem (a full scan on the
hot path; a table of fewer than 10,000 rows is rightly scanned). The engine is called
directly: the HTTP and Telegram layers do not grow with people.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import event

from bot.channels.telegram.pace import CHAT_RATE
from bot.logs import configure_logging
from bot.resources import locales_dir
from handlers.engine import ConversationEngine
from handlers.i18n import Translator
from handlers.messages import Incoming
from handlers.turn import FlowSettings
from storage.database import create_engine
from storage.demo import load_demo
from storage.migrate import upgrade
from storage.uow import UnitOfWork, UnitOfWorkFactory

ADMIN = os.environ.get(
    "ILTEO_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
GROWING = ("users", "conversations", "inbox", "chat_pace", "link_codes", "account_links")
LARGE = 10_000  # rows: below it a sequential scan is the planner's right choice
FIRST_ID = 5_000_000_000
STEPS = (("data", "menu:programmes"), ("text", "교육"), ("data", "menu:home"))
SEED = """
INSERT INTO users (channel, external_id, language, consent_at, created_at, last_seen_at, secret)
SELECT 'telegram', ($1::bigint + g)::text, 'ko', now(), now(), now(), md5(g::text)
FROM generate_series(1, $2::bigint) AS g;
"""
# What grows with people besides users: each one's conversation, her chat's room, an inbox key
# of a recent update; one in a hundred has a link code, one in a hundred is a linked chat.
SEED_REST = (
    """INSERT INTO conversations (user_id, flow, step, data, updated_at)
    SELECT id, 'menu', 'home', '{}', now() FROM users WHERE channel = 'telegram'""",
    """INSERT INTO chat_pace (channel, external_id, tokens, at)
    SELECT 'telegram', external_id, 3, extract(epoch FROM now()) FROM users
    WHERE channel = 'telegram'""",
    """INSERT INTO inbox (key, received_at)
    SELECT 'telegram:' || id, now() FROM users WHERE channel = 'telegram'""",
    """INSERT INTO link_codes (user_id, code_hash, expires_at)
    SELECT id, md5('code' || id), now() + interval '1 hour' FROM users
    WHERE channel = 'telegram' AND id % 100 = 0""",
    """INSERT INTO account_links (user_id, primary_id, linked_at)
    SELECT id, id - 1, now() FROM users WHERE channel = 'telegram' AND id % 100 = 50""",
)


async def fresh_database() -> str:
    name = f"ilteo_growth_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(url: str) -> None:
    connection = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await connection.close()


async def seed(url: str, people: int) -> float:
    started = time.perf_counter()
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        await connection.execute(SEED, FIRST_ID, people)
        for statement in SEED_REST:
            await connection.execute(statement)
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return time.perf_counter() - started


def conversation(database) -> ConversationEngine:
    tz = ZoneInfo("Asia/Seoul")
    settings = FlowSettings(("ko", "en"), tz, Translator(locales_dir()))
    return ConversationEngine(
        UnitOfWorkFactory(database),
        settings.translator,
        settings,
        lambda: datetime.now(UTC),
        chat_rates={"telegram": CHAT_RATE},
    )


async def timed_steps(engine: ConversationEngine, people: int, steps: int) -> list[float]:
    chosen = random.Random(7).sample(range(1, people + 1), min(people, steps // len(STEPS) + 1))
    took = []
    for n in range(steps):
        kind, value = STEPS[n % len(STEPS)]
        chat = str(FIRST_ID + chosen[(n // len(STEPS)) % len(chosen)])
        incoming = Incoming("telegram", chat, **{kind: value})
        started = time.perf_counter()
        await engine.handle(incoming, dedupe_key=f"telegram:{uuid.uuid4().hex}")
        took.append((time.perf_counter() - started) * 1000)
    return took


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def full_scans(database, statements: dict) -> list[str]:
    """Each statement EXPLAINed with its parameters; the sequential scans of growing tables."""
    found = []
    async with database.connect() as connection:
        sizes = await connection.exec_driver_sql(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'"
        )
        large = {name for name, rows in sizes if name in GROWING and rows > LARGE}
        for sql, parameters in statements.items():
            if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT")):
                continue
            plan = await connection.exec_driver_sql(f"EXPLAIN {sql}", parameters)
            for (line,) in plan:
                if "Seq Scan on" in line and line.split("Seq Scan on ")[1].split()[0] in large:
                    found.append(f"{line.strip()}  <-  {' '.join(sql.split())[:160]}")
    return found


async def measure(people: int, steps: int) -> dict:
    url = await fresh_database()
    database = create_engine(url)
    try:
        await upgrade(database)
        async with UnitOfWork(database) as uow:
            await load_demo(
                uow, datetime.now(ZoneInfo("Asia/Seoul")).date(), ZoneInfo("Asia/Seoul")
            )
            await uow.commit()
        seeded_s = await seed(url, people)
        engine = conversation(database)
        await engine.warm_up()
        await timed_steps(engine, people, 30)  # warm: caches, the analyser's first search
        statements: dict = {}

        def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
            statements.setdefault(statement, parameters)

        event.listen(database.sync_engine, "before_cursor_execute", capture)
        took = await timed_steps(engine, people, steps)
        event.remove(database.sync_engine, "before_cursor_execute", capture)
        scans = await full_scans(database, statements)
    finally:
        await database.dispose()
        await drop_database(url)
    return {
        "people": people,
        "seeded_s": seeded_s,
        "p50": percentile(took, 0.5),
        "p99": percentile(took, 0.99),
        "statements": len(statements),
        "scans": scans,
    }


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 1_000_000])
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}")
    results = [await measure(people, args.steps) for people in args.people]
    print(f"{'people':>10} {'seeded s':>9} {'p50 ms':>8} {'p99 ms':>8} {'statements':>10}")
    for result in results:
        print(
            f"{result['people']:>10,} {result['seeded_s']:>9.1f} {result['p50']:>8.1f} "
            f"{result['p99']:>8.1f} {result['statements']:>10}"
        )
    if len(results) > 1:
        print(f"p99 ratio (most / fewest people): {results[-1]['p99'] / results[0]['p99']:.2f}")
    for result in results:
        for scan in result["scans"]:
            print(f"FULL SCAN with {result['people']:,} people: {scan}")
    return 1 if any(result["scans"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
