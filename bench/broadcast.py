"""The broadcast benchmark: a broadcast's sending rate through a Bot API double that keeps
Telegram's limits, and what happens to 429s, blocked readers and a second process.

    .venv/bin/python bench/broadcast.py [--runs normal,flood,blocked,paid,shared] [--json PATH]

  (a) normal   2,000 subscribers at the default BROADCAST_RATE (25/s), the double answering
               429 past Telegram's 30/s overall: msgs/s and its ratio to 25 (target >= 90 %),
               429s in steady state (target 0)
  (b) flood    the same, with a 429 (retry_after 5 s) injected after 1,000 messages: the pause
               seen, messages sent during it (target 0), none lost and none twice
  (c) blocked  the same, 100 of the 2,000 blocked (403): deactivated, unsubscribed, counted
  (d) paid     BROADCAST_PAID, the double at 1,000/s, 10,000 subscribers (target >= 90 %)
  (e) shared   two dispatcher processes on one database, each at BROADCAST_RATE 25: their sum
               (target <= 25 + 10 %, and >= 90 %)

Each run creates its own PostgreSQL database (see outbox.py), seeds Korean Telegram users who
consented and asked for news of 경기도, starts the real Dispatcher in a child process
(`outbox.py --dispatch`: PTB over ilteo's aiohttp transport), then creates and queues the
broadcast with `BroadcastRepository` (one INSERT … SELECT) and times its arrivals at the double.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fake_api import LeanBotApi
from outbox import (
    ADMIN_URL,
    TOKEN,
    all_ids,
    dispatcher_process,
    fresh_database,
    insert_chunked,
    telegram_readers,
)
from sqlalchemy import func, select
from webhook import machine, say

from storage.database import create_engine
from storage.tables import outbox, subscriptions, users
from storage.uow import UnitOfWork

FIRST_CHAT = 20_000_000
REGION = "경기도"
TELEGRAM_RATE, PAID_RATE, DEFAULT_RATE = 30.0, 1000.0, 25.0
STEADY_AFTER_S = 2.0  # 429s in the first seconds of sending are not steady state
FLOOD_AFTER, FLOOD_S = 1000, 5
SHARE, SHARE_SLACK = 0.9, 0.1


async def seed(url: str, count: int) -> None:
    """`count` Korean Telegram readers who consented and asked for news of 경기도."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            people = telegram_readers(FIRST_CHAT, count, now)
            await insert_chunked(connection, users, people)
            alerts = [
                {"user_id": id_, "kind": "region", "target": REGION, "created_at": now}
                for id_ in await all_ids(connection, users)
            ]
            await insert_chunked(connection, subscriptions, alerts)
    finally:
        await engine.dispose()


async def broadcast(url: str) -> tuple[int, int, float]:
    """Create and queue the announcement; (broadcast id, recipients, seconds the queue took)."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with UnitOfWork(engine) as uow:
            broadcast_id = await uow.broadcasts.create(
                author="bench",
                texts={"ko": "광명시 콜센터 과정 새 기수를 모집해요."},
                audience={"kind": "region", "target": REGION},
                now=now,
            )
            started = time.perf_counter()
            queued = await uow.broadcasts.queue(broadcast_id, now)
            await uow.commit()
            return broadcast_id, queued, time.perf_counter() - started
    finally:
        await engine.dispose()


async def outcome(url: str, broadcast_id: int, seconds: float = 60) -> dict:
    """Once none of its messages is waiting or being sent: their states, the readers made
    inactive, the alerts they still have, and who sent how many."""
    engine = create_engine(url)
    deadline = time.monotonic() + seconds
    try:
        while True:
            async with UnitOfWork(engine) as uow:
                done = await uow.broadcasts.finish_if_done(broadcast_id, datetime.now(UTC))
                states = await uow.broadcasts.progress(broadcast_id)  # after: none is open
                await uow.commit()
            if done or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        async with engine.connect() as connection:
            inactive = select(users.c.id).where(users.c.active.is_(False))
            deactivated = len((await connection.execute(inactive)).all())
            kept = select(func.count()).where(subscriptions.c.user_id.in_(inactive))
            senders = select(outbox.c.claimed_by, func.count()).where(outbox.c.state == "sent")
            by_worker = await connection.execute(senders.group_by(outbox.c.claimed_by))
            return {
                "states": states,
                "done": done,
                "deactivated": deactivated,
                "alerts_kept": (await connection.execute(kept)).scalar_one(),
                "per_process": sorted(count for _worker, count in by_worker),
            }
    finally:
        await engine.dispose()


async def arrivals(waiting: list[asyncio.Future], within_s: float) -> list[float]:
    """perf_counter times of the messages awaited (those that came within `within_s`)."""
    done, pending = await asyncio.wait(waiting, timeout=within_s)
    for future in pending:
        future.cancel()
    return sorted(future.result().at for future in done)


async def run(
    admin_url: str,
    workdir: Path,
    name: str,
    count: int,
    rate: float,
    limit: float,
    paid: bool = False,
    processes: int = 1,
    blocked: int = 0,
    flood: bool = False,
) -> dict:
    """One broadcast to `count` readers through `processes` dispatchers; the figures."""
    fake = LeanBotApi(TOKEN)
    fake.enforce_rate(limit)
    fake.blocked = {FIRST_CHAT + n for n in range(0, count, count // blocked)} if blocked else set()
    if flood:
        fake.flood_after(FLOOD_AFTER, FLOOD_S)
    await fake.start()
    try:
        async with fresh_database(admin_url) as url, contextlib.AsyncExitStack() as stack:
            await seed(url, count)
            usages = []  # each child's CPU seconds, filled in when it stops
            for n in range(processes):
                log = workdir / f"{name[1]}-{n}.log"  # (a) -> a-0.log
                child = dispatcher_process(url, fake, rate, paid, log)
                usages.append(await stack.enter_async_context(child))
            await asyncio.sleep(2.5)  # every process has heard of the others (heartbeats)
            readers = [FIRST_CHAT + n for n in range(count) if FIRST_CHAT + n not in fake.blocked]
            waiting = [fake.expect(chat) for chat in readers]
            broadcast_id, queued, queue_s = await broadcast(url)
            times = await arrivals(waiting, within_s=count / rate * 1.5 + 60)
            result = await outcome(url, broadcast_id)
    finally:
        await fake.stop()
    cpu = [usage.get("cpu_s", 0.0) for usage in usages]
    return figures(name, fake, rate, times, result) | {
        "cpu_s": cpu,
        "messages": count,
        "queued": queued,
        "queue_ms": queue_s * 1000,
        "processes": processes,
        "readers": len(readers),
        "blocked": len(fake.blocked),
        "paid": paid,
        "limit": limit,
    }


def figures(name: str, fake: LeanBotApi, rate: float, times: list[float], result: dict) -> dict:
    """The rate of answers (delivered or 403) from the first to the last, the 429s, the pause."""
    answered = sorted(times + [r.at for r in fake.refusals if r.code == 403])
    first, last = answered[0], answered[-1]
    flood_at, flood_s = fake.flood or (float("inf"), 0.0)
    too_many = [r.at for r in fake.refusals if r.code == 429]
    in_flood = [at for at in too_many if flood_at <= at < flood_at + flood_s]
    limited = [at for at in too_many if not flood_at <= at < flood_at + flood_s]
    pause = 0.0
    if fake.flood:  # from the injected 429 to the next message let through
        pause = min((at for at in times if at > flood_at), default=last) - flood_at
    window = last - first - pause
    return {
        "run": name,
        "rate": rate,
        "delivered": len(times),
        "duplicates": fake.strays,
        "msgs_s": (len(answered) - 1) / window,
        "share": (len(answered) - 1) / window / rate,
        "peak_5s": peak(answered, 5.0) / 5.0,
        "limited_429": len(limited),
        "steady_429": sum(1 for at in limited if at >= first + STEADY_AFTER_S),
        "flood_429": len(in_flood),
        "pause_s": pause if fake.flood else None,
        "seconds": last - first,
    } | result


def peak(times: list[float], span: float) -> int:
    """The most answers within any `span` seconds."""
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= span:
            start += 1
        most = max(most, end - start + 1)
    return most


# --- reporting -----------------------------------------------------------------------------


def verdict(r: dict) -> tuple[str, bool]:
    """The target of a run and whether it holds (every run must also lose and repeat nothing)."""
    whole = (
        r["delivered"] == r["readers"]
        and not r["duplicates"]
        and r["states"].get("sent") == r["readers"]
        and r["done"]
    )
    if r["run"].startswith("(b)"):
        obeyed = r["pause_s"] is not None and r["flood_429"] == 1 and r["pause_s"] >= FLOOD_S
        return f"pause >= {FLOOD_S} s, 0 in it", whole and obeyed
    if r["run"].startswith("(c)"):
        counted = r["states"].get("blocked") == r["blocked"] == r["deactivated"]
        return f">= {SHARE:.0%}, blocked counted", whole and counted and r["share"] >= SHARE
    if r["run"].startswith("(e)"):
        held = SHARE <= r["share"] <= 1 + SHARE_SLACK and not r["steady_429"]
        return f"{SHARE:.0%}..{1 + SHARE_SLACK:.0%}, 0 429s", whole and held
    return f">= {SHARE:.0%}, 0 429s", whole and r["share"] >= SHARE and not r["steady_429"]


def table(results: list[dict], host: dict) -> str:
    lines = [
        f"{host['date']} · {host['cpus']} CPUs · {host['cpu']} · Python {host['python']}"
        f" · load average before {host['load_average_before']} · {host['revision']}",
        "",
        f"{'run':<24} {'n':>7} {'rate':>6} {'msgs/s':>9} {'ratio':>6} {'peak 5s':>8}"
        f" {'429 steady':>10} {'target':>24} {'verdict':>8}",
    ]
    for r in results:
        target, holds = verdict(r)
        lines.append(
            f"{r['run']:<24} {r['messages']:>7,} {r['rate']:>6g} {r['msgs_s']:>9,.1f}"
            f" {r['share']:>6.1%} {r['peak_5s']:>8,.1f} {r['steady_429']:>10}"
            f" {target:>24} {'ok' if holds else 'MISSED':>8}"
        )
    lines.append("")
    lines += [notes(r) for r in results]
    return "\n".join(lines)


def notes(r: dict) -> str:
    states = ", ".join(f"{state} {count:,}" for state, count in sorted(r["states"].items()))
    said = [
        f"queued {r['queued']:,} in {r['queue_ms']:.0f} ms",
        f"outbox: {states}",
        f"delivered {r['delivered']:,}/{r['readers']:,}",
        f"twice {r['duplicates']}",
        f"429s {r['limited_429']} (steady {r['steady_429']})",
    ]
    busy = " + ".join(f"{100 * cpu / r['seconds']:.0f} %" for cpu in r["cpu_s"])
    said.append(f"dispatcher CPU {busy} of a core over {r['seconds']:.1f} s")
    if r["pause_s"] is not None:
        said.append(
            f"injected 429 (retry_after {FLOOD_S} s): pause seen {r['pause_s']:.2f} s,"
            f" refused in it {r['flood_429'] - 1}; rate leaves the pause out"
        )
    if r["blocked"]:
        said.append(
            f"blocked {r['blocked']}: counted blocked {r['states'].get('blocked', 0)},"
            f" deactivated {r['deactivated']}, alerts left {r['alerts_kept']}"
        )
    if r["processes"] > 1:
        said.append(f"per process {' + '.join(map(str, r['per_process']))}")
    return f"{r['run']}: " + "; ".join(said)


RUNS = {
    "normal": dict(
        name="(a) 25/s, double 30/s", count=2000, rate=DEFAULT_RATE, limit=TELEGRAM_RATE
    ),
    "flood": dict(
        name="(b) 429 injected", count=2000, rate=DEFAULT_RATE, limit=TELEGRAM_RATE, flood=True
    ),
    "blocked": dict(
        name="(c) 100 blocked (403)",
        count=2000,
        rate=DEFAULT_RATE,
        limit=TELEGRAM_RATE,
        blocked=100,
    ),
    "paid": dict(
        name="(d) paid, double 1000/s", count=10_000, rate=PAID_RATE, limit=PAID_RATE, paid=True
    ),
    "shared": dict(
        name="(e) 2 processes, 25/s",
        count=2000,
        rate=DEFAULT_RATE,
        limit=TELEGRAM_RATE,
        processes=2,
    ),
}


async def bench_all(runs: list[str], admin_url: str) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="ilteo-bench-broadcast-") as tmp:
        results = []
        for name in runs:
            say(f"{name}: running")
            results.append(await run(admin_url, Path(tmp), **RUNS[name]))
            say(f"{name}: {notes(results[-1])}")
        return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=",".join(RUNS), help=f"a subset of {','.join(RUNS)}")
    parser.add_argument("--postgres", default=ADMIN_URL, help="a server's admin database URL")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
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
