"""The outbox benchmark: claiming, draining at the paid rate, and lateness at the normal rate.

    .venv/bin/python bench/outbox.py [--runs claim,drain,lateness] [--postgres URL] [--json PATH]

  (a) claim     100,000 pending reminders on PostgreSQL, claimed in the dispatcher's batches
                (rows/s; target >= 5,000); (a') the same before the table was analysed
  (b) drain     10,000 due reminders of one visit (like a broadcast) through the Dispatcher at
                the paid rate (BROADCAST_PAID, 1,000/s) to a Bot API double (msgs/s; target
                >= 90 % of the rate); (b') the same with 10,000 different visits
  (c) lateness  2,000 reminders due at random over two minutes, sent at Telegram's normal
                30/s (p50/p99/max lateness after the due time; target p99 <= 2 s)

Each run creates its own PostgreSQL database and drops it afterwards. (b) and (c) run the real
Dispatcher (claim, render, rate limiter, PTB over ilteo's aiohttp transport, batched record) in
a child process of this script; the Bot API double (`fake_api.py`) answers in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import resource
import signal
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from fake_api import LeanBotApi
from sqlalchemy import insert, select, text
from webhook import machine, say

from storage.database import create_engine
from storage.migrate import upgrade
from storage.tables import bus_sites, bus_visits, bus_zones, outbox, users
from storage.uow import UnitOfWork

TOKEN = "123456:BENCH-OUTBOX"
FIRST_CHAT = 10_000_000
ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PAID_RATE, NORMAL_RATE = 1000.0, 30.0
TARGETS = {"claim_rows_s": 5000.0, "drain_share": 0.9, "late_p99_s": 2.0}


# --- databases -----------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def fresh_database(admin_url: str) -> AsyncIterator[str]:
    """A new, migrated PostgreSQL database for one run; dropped afterwards."""
    name = f"ilteo_bench_outbox_{uuid.uuid4().hex[:10]}"
    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def seed(url: str, due_times: list[datetime], per_reader: int = 1, visits: int = 1) -> None:
    """Korean Telegram readers, each with `per_reader` reminders of one of `visits` bus visits
    (tomorrow); message i is due at `due_times[i]`."""
    engine, now = create_engine(url), datetime.now(UTC)
    readers = len(due_times) // per_reader
    try:
        async with engine.begin() as connection:
            visit_ids = await bus_visits_tomorrow(connection, visits, now + timedelta(days=1))
            people = telegram_readers(FIRST_CHAT, readers, now)
            await insert_chunked(connection, users, people)
            ids = await all_ids(connection, users)
            rows = [
                {
                    "key": f"r:{i}",
                    "user_id": ids[i % readers],
                    "kind": "reminder",
                    "state": "pending",
                    "payload": {"type": "bus_visit", "visit_id": visit_ids[i % visits]},
                    "due_at": due,
                    "attempts": 0,
                }
                for i, due in enumerate(due_times)
            ]
            await insert_chunked(connection, outbox, rows)
    finally:
        await engine.dispose()


async def bus_visits_tomorrow(connection, count: int, starts: datetime) -> list[int]:
    zone = {"code": "west", "name": "서남권", "districts": ["금천구"]}
    zone_id = (await connection.execute(insert(bus_zones).values(zone))).inserted_primary_key[0]
    sites = [
        {"key": f"s{n}", "name": f"정류장 {n}", "zone_id": zone_id, "district": "금천구"}
        for n in range(count)
    ]
    await insert_chunked(connection, bus_sites, sites)
    visits = [
        {
            "key": f"v{n}",
            "site_id": site_id,
            "starts_at": starts,
            "services": ["job"],
            "ends_at": starts + timedelta(hours=3),
        }
        for n, site_id in enumerate(await all_ids(connection, bus_sites))
    ]
    await insert_chunked(connection, bus_visits, visits)
    return await all_ids(connection, bus_visits)


async def all_ids(connection, table) -> list[int]:
    return [row.id for row in await connection.execute(select(table.c.id).order_by(table.c.id))]


def telegram_readers(first_chat: int, count: int, now: datetime) -> list[dict]:
    """`count` Korean Telegram users who consented, chat ids from `first_chat` on."""
    return [
        {
            "channel": "telegram",
            "external_id": str(first_chat + n),
            "language": "ko",
            "consent_at": now,
            "created_at": now,
            "last_seen_at": now,
        }
        for n in range(count)
    ]


async def insert_chunked(connection, table, rows: list[dict], chunk: int = 10_000) -> None:
    for start in range(0, len(rows), chunk):
        await connection.execute(insert(table), rows[start : start + chunk])


async def analyze(url: str) -> None:
    """Fresh planner statistics, as autovacuum keeps them (it analyzes within a minute of a
    bulk insert; until then the claim sorts every pending row, see README)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def count_sent(url: str) -> int:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            depth = await uow.connection.execute(
                select(outbox.c.id).where(outbox.c.state == "sent")
            )
            return len(depth.all())
    finally:
        await engine.dispose()


# --- (a) claiming --------------------------------------------------------------------------


async def bench_claim(admin_url: str, analyzed: bool, rows: int = 100_000) -> dict:
    from bot.dispatch import CLAIM_BATCH, IDLE_S

    now = datetime.now(UTC)
    async with fresh_database(admin_url) as url:
        await seed(url, [now - timedelta(seconds=i % 600) for i in range(rows)], per_reader=10)
        if analyzed:
            await analyze(url)
        engine, took, claimed, reclaimed = create_engine(url), [], 0, 0.0
        try:
            while True:
                started = time.perf_counter()
                reclaim = started - reclaimed >= IDLE_S  # as the dispatcher: once a second
                reclaimed = started if reclaim else reclaimed
                async with UnitOfWork(engine) as uow:
                    batch = await uow.outbox.claim(
                        now, "bench", timedelta(seconds=60), ("telegram",), CLAIM_BATCH, reclaim
                    )
                    await uow.commit()
                took.append(time.perf_counter() - started)
                claimed += len(batch)
                if not batch:
                    break
        finally:
            await engine.dispose()
    title = "(a) claim" if analyzed else "(a') claim, no ANALYZE"
    return {
        "run": title,
        "rows": claimed,
        "batch": CLAIM_BATCH,
        "rows_s": claimed / sum(took),
        "claim_p50_ms": statistics.median(took) * 1000,
        "claim_max_ms": max(took) * 1000,
    }


# --- (b) and (c): the Dispatcher in a child process ------------------------------------------


@contextlib.asynccontextmanager
async def dispatcher_process(url: str, fake: LeanBotApi, rate: float, paid: bool, log: Path):
    """`bench/outbox.py --dispatch …`; yields a dict that gets its CPU seconds at the end."""
    command = [sys.executable, __file__, "--dispatch", url, fake.api_url, str(rate)]
    with log.open("ab") as errors:
        child = await asyncio.create_subprocess_exec(
            *command, *(["--paid"] if paid else []), stdout=asyncio.subprocess.PIPE, stderr=errors
        )
    usage: dict = {}
    try:
        line = await asyncio.wait_for(child.stdout.readline(), 60)
        if line.strip() != b"ready":
            raise RuntimeError(f"the dispatcher did not start; see {log}")
        yield usage
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(child.communicate(), 30)
        with contextlib.suppress(ValueError):
            usage.update(json.loads(out.decode().strip().splitlines()[-1]))


async def arrivals(fake: LeanBotApi, count: int, within_s: float) -> list[float]:
    """Wall-clock arrival times at the double of one message to each of `count` chats."""
    offset = time.time() - time.perf_counter()
    waiting = [fake.expect(FIRST_CHAT + n) for n in range(count)]
    done = await asyncio.wait_for(asyncio.gather(*waiting), within_s)
    return [arrival.at + offset for arrival in done]


async def bench_drain(admin_url: str, workdir: Path, visits: int, count: int = 10_000) -> dict:
    """`count` reminders due now, of one visit (like a broadcast: one rendering per batch) or of
    `count` visits (one rendering, and its reads, per message)."""
    fake = LeanBotApi(TOKEN)
    await fake.start()
    try:
        async with fresh_database(admin_url) as url:
            await seed(url, [datetime.now(UTC) - timedelta(seconds=1)] * count, visits=visits)
            log = workdir / f"drain-{visits}.log"
            async with dispatcher_process(url, fake, PAID_RATE, True, log) as usage:
                times = sorted(await arrivals(fake, count, within_s=120))
                recorded = await wait_recorded(url, count)
            window = times[-1] - times[0]
    finally:
        await fake.stop()
    rate = (count - 1) / window
    title = "(b) drain, paid" if visits == 1 else f"(b') drain, {visits:,} visits"
    return {
        "run": title,
        "messages": count,
        "msgs_s": rate,
        "share": rate / PAID_RATE,
        "recorded": recorded,
        "duplicates": fake.strays,
        "cpu_pct": 100 * usage.get("cpu_s", 0) / window,
    }


async def wait_recorded(url: str, count: int, seconds: float = 30) -> int:
    """How many are recorded as sent, once all are (or when `seconds` ran out)."""
    deadline = time.monotonic() + seconds
    while True:
        sent = await count_sent(url)
        if sent >= count or time.monotonic() > deadline:
            return sent
        await asyncio.sleep(0.2)


async def bench_lateness(
    admin_url: str, workdir: Path, count: int = 2000, spread_s: float = 120
) -> dict:
    fake = LeanBotApi(TOKEN)
    await fake.start()
    shuffle = random.Random(20261122)
    try:
        async with fresh_database(admin_url) as url:
            start = datetime.now(UTC) + timedelta(seconds=10)  # after the child is up
            due = [start + timedelta(seconds=shuffle.uniform(0, spread_s)) for _ in range(count)]
            await seed(url, due)
            log = workdir / "lateness.log"
            async with dispatcher_process(url, fake, NORMAL_RATE, False, log) as usage:
                times = await arrivals(fake, count, within_s=spread_s + 120)
                recorded = await wait_recorded(url, count)
    finally:
        await fake.stop()
    late = sorted(at - moment.timestamp() for at, moment in zip(times, due, strict=True))
    cpu = 100 * usage.get("cpu_s", 0) / spread_s
    return {
        "run": "(c) lateness, 30/s",
        "messages": count,
        "late_p50_s": late[len(late) // 2],
        "late_p99_s": late[int(len(late) * 0.99)],
        "late_max_s": late[-1],
        "early": sum(1 for value in late if value < 0),
        "recorded": recorded,
        "duplicates": fake.strays,
        "cpu_pct": cpu,
    }


async def dispatch_forever(url: str, api_url: str, rate: float, paid: bool) -> None:
    """The child: the real Dispatcher, sending through PTB to `api_url`, until SIGTERM."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from telegram import Bot

    from bot.app import LOCALES, utc_now
    from bot.channels.telegram.notifier import TelegramNotifier
    from bot.channels.telegram.transport import AiohttpRequest
    from bot.dispatch import Dispatcher
    from bot.logs import configure_logging
    from bot.ratelimit import allowed_rate
    from handlers.i18n import Translator
    from handlers.turn import FlowSettings
    from storage.uow import UnitOfWorkFactory

    configure_logging("WARNING")
    engine = create_engine(url)
    bot = Bot(TOKEN, base_url=api_url, request=AiohttpRequest())
    await bot.initialize()
    settings = FlowSettings(("ko",), ZoneInfo("Asia/Seoul"), Translator(LOCALES))
    notifier = TelegramNotifier(SimpleNamespace(bot=bot))
    dispatcher = Dispatcher(
        UnitOfWorkFactory(engine),
        settings,
        {"telegram": notifier},
        utc_now,
        timedelta(seconds=60),
        rate=allowed_rate(rate, paid),
    )
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    before = cpu_seconds()
    dispatcher.start()
    print("ready", flush=True)
    await stopping.wait()
    await dispatcher.stop()
    print(json.dumps({"cpu_s": cpu_seconds() - before}), flush=True)
    await bot.shutdown()
    await engine.dispose()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- reporting -----------------------------------------------------------------------------


def table(results: list[dict], host: dict) -> str:
    lines = [
        f"{host['date']} · {host['cpus']} CPUs · {host['cpu']} · Python {host['python']}"
        f" · load average before {host['load_average_before']} · {host['revision']}",
        "",
        f"{'run':<26} {'n':>7} {'result':>34} {'target':>16} {'verdict':>8} {'disp. CPU':>10}",
    ]
    for r in results:
        figure, target, holds = verdict(r)
        cpu = f"{r['cpu_pct']:.0f} %" if "cpu_pct" in r else "-"
        n = r.get("rows", r.get("messages"))
        lines.append(
            f"{r['run']:<26} {n:>7,} {figure:>34} {target:>16}"
            f" {'ok' if holds else 'MISSED':>8} {cpu:>10}"
        )
    for r in results:
        extra = {k: v for k, v in r.items() if k in ("recorded", "duplicates", "early", "batch")}
        if extra:
            lines.append(f"{r['run']}: " + ", ".join(f"{k} {v}" for k, v in extra.items()))
    return "\n".join(lines)


def verdict(r: dict) -> tuple[str, str, bool]:
    if "rows_s" in r:
        figure = f"{r['rows_s']:,.0f} rows/s (claim p50 {r['claim_p50_ms']:.1f} ms)"
        return (
            figure,
            f">= {TARGETS['claim_rows_s']:,.0f}/s",
            r["rows_s"] >= TARGETS["claim_rows_s"],
        )
    if "msgs_s" in r:
        figure = f"{r['msgs_s']:,.1f} msgs/s ({r['share']:.0%})"
        holds = r["share"] >= TARGETS["drain_share"] and r["recorded"] == r["messages"]
        return figure, f">= {TARGETS['drain_share']:.0%} of 1000", holds and not r["duplicates"]
    figure = f"p50 {r['late_p50_s']:.2f} p99 {r['late_p99_s']:.2f} max {r['late_max_s']:.2f} s"
    holds = r["late_p99_s"] <= TARGETS["late_p99_s"] and r["recorded"] == r["messages"]
    return figure, f"p99 <= {TARGETS['late_p99_s']:g} s", holds and not r["duplicates"]


RUNS = {
    "claim": lambda admin_url, workdir: bench_claim(admin_url, analyzed=True),
    "claim-no-analyze": lambda admin_url, workdir: bench_claim(admin_url, analyzed=False),
    "drain": lambda admin_url, workdir: bench_drain(admin_url, workdir, visits=1),
    "drain-distinct": lambda admin_url, workdir: bench_drain(admin_url, workdir, visits=10_000),
    "lateness": bench_lateness,
}


async def bench_all(runs: list[str], admin_url: str) -> list[dict]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ilteo-bench-outbox-") as tmp:
        results = []
        for name in runs:
            say(f"{name}: running")
            results.append(await RUNS[name](admin_url, Path(tmp)))
            say(f"{name}: {results[-1]}")
        return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=",".join(RUNS), help=f"a subset of {','.join(RUNS)}")
    parser.add_argument("--postgres", default=ADMIN_URL, help="a server's admin database URL")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--dispatch", nargs=3, metavar=("DB", "API", "RATE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--paid", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dispatch:
        url, api_url, rate = args.dispatch
        asyncio.run(dispatch_forever(url, api_url, float(rate), args.paid))
        return 0
    runs = [name.strip() for name in args.runs.split(",") if name.strip()]
    if not runs or set(runs) - set(RUNS):
        parser.error(f"--runs takes {', '.join(RUNS)}")
    host = machine()
    results = asyncio.run(bench_all(runs, args.postgres))
    print(table(results, host))
    if args.json:
        args.json.write_text(json.dumps({"machine": host, "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
