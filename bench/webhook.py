"""The webhook benchmark: ilteo against a bare echo bot, through one fake Bot API.

    .venv/bin/python bench/webhook.py [--seconds 20] [--users 50] [--json results.json]

Three runs, one after the other, each bot in its own process on 127.0.0.1:
  (a) echo-httpx    a bare PTB echo bot wired like the customwebhookbot example, stock httpx
  (b) echo-aiohttp  the same bot on ilteo's aiohttp transport
  (c) ilteo         `ilteo serve` on a fresh SQLite database with the demo catalogue
The fake Bot API and the simulated users live in this process (see load.py): a closed loop
of users cycling /start -> lang:ko -> consent:yes -> "교육" -> /start ... After a warm-up,
updates/s and p50/p99 latency are measured over a fixed window; a table and ilteo's ratios
to the echo bots are printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
from fake_api import LeanBotApi
from load import (
    ECHO_SCRIPT,
    ILTEO_SCRIPT,
    Load,
    Probe,
    Result,
    Step,
    Updates,
    cpu_seconds,
    measure,
)

BENCH = Path(__file__).resolve().parent
TOKEN = "123456:BENCH"
SECRET = "bench-webhook-secret"
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 5.0
PROFILE: Path | None = None  # set by --profile
TARGETS = {"vs_echo_httpx": 3.0, "vs_echo_aiohttp": 0.6, "p99_ms": 150.0}


@dataclass(frozen=True)
class Run:
    name: str
    title: str
    script: tuple[Step, ...]
    database: str = "sqlite"  # ilteo's: "sqlite" (a temp file) or "postgres" (a new database)
    processes: int = 1  # ilteo serve processes on that database, updates sent to each in turn


RUNS = {
    "echo-httpx": Run("echo-httpx", "(a) PTB echo, stock httpx", ECHO_SCRIPT),
    "echo-aiohttp": Run("echo-aiohttp", "(b) PTB echo, AiohttpRequest", ECHO_SCRIPT),
    "ilteo": Run("ilteo", "(c) ilteo serve, SQLite", ILTEO_SCRIPT),
    "ilteo-pg": Run("ilteo-pg", "(d) ilteo serve, PostgreSQL", ILTEO_SCRIPT, "postgres"),
    "ilteo-pg2": Run(
        "ilteo-pg2", "(e) 2 × ilteo serve, PostgreSQL", ILTEO_SCRIPT, "postgres", processes=2
    ),
}
DEFAULT_RUNS = ["echo-httpx", "echo-aiohttp", "ilteo"]
POSTGRES = os.environ.get(
    "ILTEO_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


# --- the bots under test -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ilteo_command() -> list[str]:
    script = Path(sys.executable).with_name("ilteo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


async def run_to_end(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
    """Run a setup command, bounded in time; fail with its output when it fails."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=cwd, stdout=out, stderr=out
        )
    try:
        code = await asyncio.wait_for(process.wait(), READY_TIMEOUT_S)
    except TimeoutError:
        code = "timed out"
    finally:
        if process.returncode is None:  # timed out, or we are being interrupted
            process.kill()
            await process.wait()
    if code != 0:
        raise RuntimeError(f"`{' '.join(command[-2:])}` failed ({code}):\n{tail(log)}")


@contextlib.asynccontextmanager
async def bot_process(
    command: list[str], env: dict[str, str], cwd: Path, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Start a bot; on the way out (errors included) SIGTERM it, and kill it if it lingers."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=cwd, stdout=out, stderr=out
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
            except TimeoutError:
                process.kill()
                await process.wait()


async def wait_until_ready(
    process: asyncio.subprocess.Process,
    session: aiohttp.ClientSession,
    health_url: str,
    fake: LeanBotApi,
    log: Path,
) -> None:
    """Until /healthz answers 200 and the bot has registered its webhook with the fake."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"the bot exited with {process.returncode}:\n{tail(log)}")
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            async with session.get(health_url, timeout=aiohttp.ClientTimeout(total=2)) as reply:
                if reply.status == 200 and fake.webhook_url:
                    return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the bot was not ready within {READY_TIMEOUT_S:.0f} s:\n{tail(log)}")


async def prepare(
    run: Run,
    fake: LeanBotApi,
    port: int,
    workdir: Path,
    log: Path,
    database_url: str = "",
    *,
    setup: bool = True,
) -> tuple[list[str], dict[str, str]]:
    """The command and environment that start `run`'s bot (for ilteo: after its database)."""
    webhook_url = f"http://127.0.0.1:{port}/telegram/webhook"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if run.name.startswith("echo-"):
        options = {
            "--transport": run.name.removeprefix("echo-"),
            "--token": TOKEN,
            "--api-url": fake.api_url,
            "--port": str(port),
            "--webhook-url": webhook_url,
            "--secret": SECRET,
        }
        command = [sys.executable, str(BENCH / "echo_bot.py")]
        return command + [part for pair in options.items() for part in pair], env
    env.update(
        DATABASE_URL=database_url or f"sqlite+aiosqlite:///{workdir / 'ilteo.db'}",
        HOST="127.0.0.1",
        PORT=str(port),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.api_url,
        TELEGRAM_WEBHOOK_URL=webhook_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    if not setup:  # a second process on a database already prepared
        return [*ilteo_command(), "serve"], env
    await run_to_end([*ilteo_command(), "db", "upgrade"], env, workdir, log)
    await run_to_end([*ilteo_command(), "demo", "load"], env, workdir, log)
    if PROFILE is not None:  # --profile: the whole serve under cProfile, written as it stops
        return [sys.executable, "-m", "cProfile", "-o", str(PROFILE), "-m", "bot.cli", "serve"], env
    return [*ilteo_command(), "serve"], env


async def bench_one(
    run: Run,
    load: Load,
    fake: LeanBotApi,
    session: aiohttp.ClientSession,
    updates: Updates,
    workdir: Path,
) -> Result:
    fake.reset()
    async with contextlib.AsyncExitStack() as stack:
        database_url, probe = "", None
        if run.database == "postgres":
            database_url = await stack.enter_async_context(postgres_database())
            probe = PostgresProbe(database_url)
        ports = [free_port() for _ in range(run.processes)]
        processes = []
        for n, port in enumerate(ports):
            log = workdir / f"{run.name}-{n}.log"
            command, env = await prepare(run, fake, port, workdir, log, database_url, setup=n == 0)
            process = await stack.enter_async_context(bot_process(command, env, workdir, log))
            fake.webhook_url = ""  # each process registers its own; wait for this one's
            await wait_until_ready(process, session, f"http://127.0.0.1:{port}/healthz", fake, log)
            processes.append(process)
        say(
            f"{run.name}: ready (pids {', '.join(str(p.pid) for p in processes)}); "
            f"{load.warmup:g} s warm-up, {load.seconds:g} s measured, {load.users} users"
        )
        result = await measure(
            run.name,
            run.title,
            run.script,
            load,
            fake=fake,
            session=session,
            updates=updates,
            bot_pid=[process.pid for process in processes],
            urls=[f"http://127.0.0.1:{port}/telegram/webhook" for port in ports],
            probe=probe,
        )
        if any(process.returncode is not None for process in processes):
            raise RuntimeError(f"{run.name} exited during the run:\n{tail(log)}")
    if result.errors:
        say(f"{run.name}: errors {result.error_kinds}; the bot's log ends:\n{tail(log, 10)}")
    return result


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A new, empty database on ILTEO_TEST_POSTGRES's server for one run; dropped after."""
    name = f"ilteo_bench_webhook_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


class PostgresProbe(Probe):
    """Over the window: the CPU of the server's backends serving our database (from /proc, so
    the server must run on this machine), and `pg_stat_activity` sampled every 100 ms: what
    our connections were doing (running a statement, idle in a transaction, idle) and what
    they waited on."""

    def __init__(self, url: str) -> None:
        self._name = url.rsplit("/", 1)[1]
        self._dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        self._cpu: dict[int, float] = {}
        self._seen: Counter[str] = Counter()
        self._task: asyncio.Task | None = None

    def _backends(self) -> dict[int, float]:
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    command = (entry / "cmdline").read_bytes()
                    if command.startswith(b"postgres: ") and self._name.encode() in command:
                        found[int(entry.name)] = cpu_seconds(int(entry.name))
        return found

    async def _sample(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        query = (
            "SELECT state, coalesce(wait_event_type || ':' || wait_event, '') AS wait"
            " FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
        )
        try:
            while True:
                for row in await connection.fetch(query, self._name):
                    self._seen[f"{row['state']} {row['wait']}".strip()] += 1
                self._seen["(samples)"] += 1
                await asyncio.sleep(0.1)
        finally:
            await connection.close()

    async def start(self) -> None:
        self._cpu = self._backends()
        self._task = asyncio.create_task(self._sample())

    async def stop(self, elapsed: float) -> dict:
        after = self._backends()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        cpu = sum(used - self._cpu.get(pid, 0.0) for pid, used in after.items())
        samples = self._seen.pop("(samples)", 0) or 1
        return {
            "database_cpu_pct": round(100 * cpu / elapsed, 1),
            "backends": len(after),
            "connections_by_state": {
                what: round(count / samples, 2) for what, count in self._seen.most_common()
            },
        }


async def bench_all(names: list[str], load: Load) -> list[Result]:
    """Every run in turn, all through one fake Bot API and one HTTP client."""
    # SIGTERM cancels like Ctrl+C does, so the bot under test is stopped on the way out.
    main_task = asyncio.current_task()
    assert main_task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, main_task.cancel)
    fake = LeanBotApi(TOKEN)
    await fake.start()
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            updates = Updates(bot_id=int(TOKEN.split(":")[0]))
            with tempfile.TemporaryDirectory(prefix="ilteo-bench-") as tmp:
                return [
                    await bench_one(RUNS[name], load, fake, session, updates, Path(tmp))
                    for name in names
                ]
    finally:
        await fake.stop()


# --- reporting -----------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def revision() -> str:
    """The commit measured, `+dirty` when the working tree has changes (or "unknown")."""
    git = ["git", "-C", str(BENCH.parent)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            [*git, "status", "--porcelain"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if status.strip() else "")


def machine() -> dict[str, object]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "revision": revision(),
        "load_average_before": round(os.getloadavg()[0], 2),  # others sharing the machine
    }


def verdicts(results: list[Result]) -> dict[str, dict[str, object]]:
    """ilteo's ratios to the echo bots and its p99, each with its target and whether it holds."""
    by_run = {result.run: result for result in results}
    ilteo = by_run.get("ilteo")
    if ilteo is None:
        return {}
    found: dict[str, dict[str, object]] = {}
    for key, baseline in (("vs_echo_httpx", "echo-httpx"), ("vs_echo_aiohttp", "echo-aiohttp")):
        if baseline in by_run and by_run[baseline].updates_per_s:
            ratio = ilteo.updates_per_s / by_run[baseline].updates_per_s
            found[key] = {
                "value": round(ratio, 2),
                "target": TARGETS[key],
                "holds": ratio >= TARGETS[key],
            }
    found["p99_ms"] = {
        "value": ilteo.p99_ms,
        "target": TARGETS["p99_ms"],
        "holds": ilteo.updates > 0 and ilteo.p99_ms < TARGETS["p99_ms"],
    }
    return found


CHECK_NAMES = {
    "vs_echo_httpx": "ilteo / (a)",
    "vs_echo_aiohttp": "ilteo / (b)",
    "p99_ms": "ilteo p99",
}


def cpu_per_update(r: Result) -> float:
    """Milliseconds of the bot's CPU (all its processes) per update answered: on a shared
    machine a steadier comparison than updates/s, which follows the CPU share each bot got."""
    return r.bot_cpu_pct * 10 / r.updates_per_s if r.updates_per_s else 0.0


def where_time_goes(r: Result) -> str:
    """A run's CPU per bot process and the database's, and what its connections did."""
    each = " + ".join(f"{cpu:.0f}%" for cpu in r.bot_cpu_each)
    text = f"  {r.run}: bot CPU {each} ({cpu_per_update(r):.1f} ms of CPU an update)"
    if r.probe:
        states = ", ".join(
            f"{what} {count:g}" for what, count in r.probe["connections_by_state"].items()
        )
        text += (
            f"; PostgreSQL backends CPU {r.probe['database_cpu_pct']:.0f}%"
            f" ({r.probe['backends']} backends); connections on average: {states}"
        )
    return text


def table(results: list[Result], checks: dict[str, dict[str, object]], host: dict) -> str:
    lines = [
        f"{host['date']} · {host['cpus']} CPUs · {host['cpu']} · Python {host['python']}"
        f" · load average before {host['load_average_before']} · {host['revision']}",
        "",
        f"{'run':<30} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'bot CPU':>8} {'CPU/update':>11} {'driver CPU':>11}",
    ]
    for r in results:
        lines.append(
            f"{r.title:<30} {r.updates_per_s:>10.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f}"
            f" {r.errors:>7} {r.bot_cpu_pct:>7.0f}% {cpu_per_update(r):>8.2f} ms"
            f" {r.driver_cpu_pct:>10.0f}%"
        )
    for r in results:
        if r.probe or len(r.bot_cpu_each) > 1:
            lines.append(where_time_goes(r))
    one = [r.updates_per_s for r in results if r.run == "ilteo-pg"]
    two = [r.updates_per_s for r in results if r.run == "ilteo-pg2"]
    if one and two and sum(one):
        ratio = (sum(two) / len(two)) / (sum(one) / len(one))
        lines.append(f"2 processes / 1 on PostgreSQL (means of the runs): {ratio:.2f} ×")
    if checks:
        lines.append("")
    for key, check in checks.items():
        relation, unit = ("<", " ms") if key == "p99_ms" else ("≥", "×")
        verdict = "ok" if check["holds"] else "MISSED"
        lines.append(
            f"{CHECK_NAMES[key]:<12} {check['value']:>8}{unit:<3}"
            f"  target {relation} {check['target']}{unit}  {verdict}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window (20)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up before it (2)")
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument(
        "--runs",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        default=DEFAULT_RUNS,
        help=f"a comma-separated subset of {','.join(RUNS)} ({','.join(DEFAULT_RUNS)})",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--profile", type=Path, help="run ilteo under cProfile, its statistics to this file"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.runs if name not in RUNS]
    if unknown or not args.runs:
        parser.error(f"--runs takes {', '.join(RUNS)}; got {', '.join(unknown) or 'nothing'}")
    if args.seconds <= 0 or args.warmup < 0 or args.users < 1:
        parser.error("--seconds must be > 0, --warmup >= 0 and --users >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    global PROFILE
    args = parse_args(argv)
    PROFILE = args.profile.resolve() if args.profile else None
    host = machine()
    load = Load(users=args.users, warmup=args.warmup, seconds=args.seconds)
    try:
        results = asyncio.run(bench_all(args.runs, load))
    except RuntimeError as error:
        say(f"benchmark failed: {error}")
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        say("benchmark interrupted; the bot under test was stopped")
        return 130
    checks = verdicts(results)
    print(table(results, checks, host))
    if args.json:
        document = {
            "machine": host,
            "load": asdict(load),
            "results": [asdict(result) for result in results],
            "targets": checks,
        }
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
