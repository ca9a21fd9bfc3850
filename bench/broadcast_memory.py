"""A broadcast to 100,000 recipients: the queueing process's memory, sampled while it queues.

    .venv/bin/python bench/broadcast_memory.py [--recipients 10000 100000]
        [--backends sqlite,postgres] [--json PATH]

For each backend and audience size: a fresh database (SQLite in a temp dir; PostgreSQL a new
database on ILTEO_TEST_POSTGRES's server, dropped afterwards), migrated, seeded with that many
Korean Telegram readers who consented and asked for news of 경기도. Then a child process (this
script with `--queue URL`, so the seeding leaves nothing in the measured process) opens the
engine, queues a warm-up broadcast to nobody (the same statements, compiled and cached), and
is **idle**; it then creates and queues the real broadcast with `BroadcastRepository.create` and
`queue` and commits, as the chat and the admin page do, while a thread reads the process's
VmRSS from /proc every 5 ms. Printed: idle RSS, peak RSS (the sampled peak and the kernel's
VmHWM, reset before queueing), growth over idle, the growth in the first and second half of the
queueing window (flat: the second half adds nothing), seconds and recipients/s.

`queue` is one `INSERT … SELECT` in the database: no recipient passes through Python. On
SQLite the database engine runs inside the process, so its page cache counts in the RSS; on
PostgreSQL the work is in the server's backend, whose memory is not the bot's (not measured).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from outbox import fresh_database, insert_chunked, telegram_readers
from sqlalchemy import select

from storage.database import create_engine
from storage.migrate import upgrade
from storage.tables import subscriptions, users
from storage.uow import UnitOfWork

ADMIN = os.environ.get(
    "ILTEO_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REGION = "경기도"
FIRST_CHAT = 30_000_000
SAMPLE_S = 0.005
IDLE_S = 0.5
TARGET_MB = 100.0


# --- the measured child ---------------------------------------------------------------------


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


class Sampler(threading.Thread):
    """VmRSS every SAMPLE_S seconds, with the time it was read, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.samples.append((time.perf_counter(), status_kb("VmRSS")))
            self._done.wait(SAMPLE_S)

    def stop(self) -> list[tuple[float, int]]:
        self._done.set()
        self.join()
        return self.samples


async def queue_once(engine, audience: dict) -> int:
    """Create and queue one broadcast, committed, as the chat's last step does."""
    now = datetime.now(UTC)
    async with UnitOfWork(engine) as uow:
        broadcast_id = await uow.broadcasts.create(
            author="bench", texts={"ko": "새 과정 안내예요."}, audience=audience, now=now
        )
        queued = await uow.broadcasts.queue(broadcast_id, now)
        await uow.commit()
    return queued


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux: 5 into clear_refs); False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


async def measure_queue(url: str) -> dict:
    engine = create_engine(url)
    try:
        await queue_once(engine, {"kind": "region", "target": "아무도 없는 곳"})  # warm-up
        gc.collect()
        idle = Sampler()
        idle.start()
        await asyncio.sleep(IDLE_S)
        idle_samples = idle.stop()
        hwm_reset = reset_peak()
        sampler = Sampler()
        sampler.start()
        started = time.perf_counter()
        queued = await queue_once(engine, {"kind": "region", "target": REGION})
        finished = time.perf_counter()
        await asyncio.sleep(0.05)
        samples = sampler.stop()
        return {
            "idle_kb": max(kb for _at, kb in idle_samples),
            "samples": [(round(at - started, 4), kb) for at, kb in samples],
            "hwm_kb": status_kb("VmHWM") if hwm_reset else None,
            "seconds": finished - started,
            "queued": queued,
        }
    finally:
        await engine.dispose()


# --- the driver -----------------------------------------------------------------------------


async def seed(url: str, count: int) -> None:
    """`count` Korean Telegram readers who consented and asked for news of 경기도."""
    engine, now = create_engine(url), datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            await insert_chunked(
                connection,
                users,
                telegram_readers(FIRST_CHAT, count, now),
            )
            ids = [row.id for row in await connection.execute(select(users.c.id))]
            alerts = [
                {"user_id": id_, "kind": "region", "target": REGION, "created_at": now}
                for id_ in ids
            ]
            await insert_chunked(connection, subscriptions, alerts)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def database(backend: str) -> AsyncIterator[str]:
    if backend == "postgres":
        async with fresh_database(ADMIN) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="ilteo-bench-memory-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'ilteo.db'}"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url


def child(url: str) -> dict:
    command = [sys.executable, __file__, "--queue", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the queueing process failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(backend: str, count: int, measured: dict) -> dict:
    idle, samples, seconds = measured["idle_kb"], measured["samples"], measured["seconds"]
    during = [kb for at, kb in samples if 0 <= at <= seconds] or [idle]
    first = [kb for at, kb in samples if 0 <= at <= seconds / 2] or [idle]
    peak = max(max(kb for _at, kb in samples), measured["hwm_kb"] or 0)
    return {
        "backend": backend,
        "recipients": count,
        "queued": measured["queued"],
        "idle_mb": idle / 1024,
        "peak_mb": peak / 1024,
        "growth_mb": (peak - idle) / 1024,
        "first_half_mb": (max(first) - idle) / 1024,
        "second_half_mb": (max(during) - max(first)) / 1024,
        "seconds": seconds,
        "rate": measured["queued"] / seconds if seconds else 0.0,
        "samples": len(during),
        "load": os.getloadavg()[0],
    }


async def one(backend: str, count: int) -> dict:
    async with database(backend) as url:
        started = time.perf_counter()
        await seed(url, count)
        print(
            f"{backend} {count:,}: seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        load = os.getloadavg()[0]
        measured = await asyncio.to_thread(child, url)
    row = summary(backend, count, measured)
    row["load"] = load
    return row


def table(rows: list[dict]) -> str:
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC} · {os.cpu_count()} CPUs",
        "",
        f"{'backend':<9} {'recipients':>10} {'queued':>8} {'idle MB':>8} {'peak MB':>8}"
        f" {'growth':>7} {'1st half':>8} {'2nd half':>8} {'seconds':>8} {'recip./s':>9}"
        f" {'load':>5}  verdict",
    ]
    for r in rows:
        flat = r["second_half_mb"] <= 5.0
        ok = r["growth_mb"] < TARGET_MB and flat and r["queued"] == r["recipients"]
        lines.append(
            f"{r['backend']:<9} {r['recipients']:>10,} {r['queued']:>8,} {r['idle_mb']:>8.1f}"
            f" {r['peak_mb']:>8.1f} {r['growth_mb']:>7.1f} {r['first_half_mb']:>8.1f}"
            f" {r['second_half_mb']:>8.1f} {r['seconds']:>8.2f} {r['rate']:>9,.0f}"
            f" {r['load']:>5.2f}  {'ok' if ok else 'MISSED'}"
        )
    lines += [
        "",
        f"growth: peak RSS while queueing minus idle (target < {TARGET_MB:.0f} MB); 1st/2nd half:",
        "what each half of the queueing window added (flat: the 2nd half adds <= 5 MB);",
        "load: the 1-minute load average before the measured queueing.",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--backends",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        default=["sqlite", "postgres"],
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--queue", metavar="URL", help=argparse.SUPPRESS)  # the measured child
    args = parser.parse_args(argv)
    if set(args.backends) - {"sqlite", "postgres"}:
        parser.error("--backends takes sqlite,postgres")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.queue:
        print(json.dumps(asyncio.run(measure_queue(args.queue))))
        return 0
    rows = []
    for backend in args.backends:
        for count in args.recipients:
            rows.append(asyncio.run(one(backend, count)))
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
