"""The webhook benchmark: ilteo against a bare echo bot, through one fake Bot API.

    .venv/bin/python bench/webhook.py [--seconds 20] [--users 50] [--json results.json]

Three runs, one after the other, each bot in its own process on 127.0.0.1:
  (a) echo-httpx    a bare PTB echo bot wired like the customwebhookbot example, stock httpx
  (b) echo-aiohttp  the same bot on ilteo's aiohttp transport
  (c) ilteo         `ilteo serve` on a fresh SQLite database with the demo catalogue
Simulated users run in a closed loop: each posts its next update to the bot's webhook (with
the secret header) and waits for the bot's reply to reach the fake before it sends the next.
A step's latency is from sending the webhook POST to the reply arriving at the fake. Users
cycle /start -> lang:ko -> consent:yes -> "교육" -> /start ... After a warm-up, updates/s
and p50/p99 are measured over a fixed window; the table and ratios are printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from fake_api import Arrival, LeanBotApi

BENCH = Path(__file__).resolve().parent
TOKEN = "123456:BENCH"
SECRET = "bench-webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_USER_ID = 7_000_001
STEP_TIMEOUT_S = 5.0
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 5.0
TARGETS = {"vs_echo_httpx": 3.0, "vs_echo_aiohttp": 0.6, "p99_ms": 150.0}


# --- what users send -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One update a user sends, and a piece of the reply that shows the bot understood it."""

    kind: str  # "text" (a typed message) or "data" (a button press)
    value: str
    expect: str  # in the reply's text or keyboard


ILTEO_SCRIPT = (
    Step("text", "/start", "lang:ko"),
    Step("data", "lang:ko", "consent:yes"),
    Step("data", "consent:yes", "menu:programmes"),
    Step("text", "교육", "prog:"),
)
ECHO_SCRIPT = tuple(Step(step.kind, step.value, step.value) for step in ILTEO_SCRIPT)


class Updates:
    """Telegram-shaped update bodies; update ids are never reused, across runs too."""

    def __init__(self) -> None:
        self._update_id = 0
        self._message_ids: Counter[int] = Counter()

    def body(self, user_id: int, step: Step, reply_to: int) -> bytes:
        self._update_id += 1
        sender = {"id": user_id, "is_bot": False, "first_name": "user", "language_code": "ko"}
        chat = {"id": user_id, "type": "private", "first_name": "user"}
        update: dict = {"update_id": self._update_id}
        if step.kind == "text":
            self._message_ids[user_id] += 1
            message = {"message_id": self._message_ids[user_id], "date": int(time.time()),
                       "chat": chat, "from": sender, "text": step.value}  # fmt: skip
            if step.value.startswith("/"):
                command = len(step.value.split()[0])
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": command}]
            update["message"] = message
        else:
            bot = {"id": int(TOKEN.split(":")[0]), "is_bot": True, "first_name": "bench"}
            origin = {"message_id": reply_to or 1, "date": int(time.time()), "chat": chat,
                      "from": bot, "text": "…"}  # fmt: skip
            update["callback_query"] = {"id": f"cbq{self._update_id}", "from": sender,
                                        "chat_instance": f"ci{user_id}", "data": step.value,
                                        "message": origin}  # fmt: skip
        return json.dumps(update).encode()


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Window:
    """What happened between `start` and `end` (perf_counter seconds)."""

    start: float = float("inf")
    end: float = float("inf")
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    def record(self, sent: float, arrived: float) -> None:
        if self.start <= arrived < self.end:
            self.latencies.append(arrived - sent)

    def error(self, kind: str) -> None:
        if self.start <= time.perf_counter() < self.end:
            self.errors[kind] += 1


@dataclass
class Result:
    run: str
    title: str
    updates: int
    seconds: float
    updates_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    error_kinds: dict[str, int]
    bot_cpu_pct: float
    driver_cpu_pct: float
    api_calls: dict[str, int]
    stray_replies: int


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Post = Callable[[bytes], Awaitable[int]]


async def simulate_user(
    user_id: int,
    script: Sequence[Step],
    updates: Updates,
    fake: LeanBotApi,
    post: Post,
    window: Window,
    stop: asyncio.Event,
) -> None:
    """Send the script's steps in a loop, each after the reply to the last; restart on error."""
    position, reply_to = 0, 0
    while not stop.is_set():
        step = script[position]
        body = updates.body(user_id, step, reply_to)
        waiting = fake.expect(user_id)
        sent = time.perf_counter()
        try:
            async with asyncio.timeout(STEP_TIMEOUT_S):
                status = await post(body)
                arrival: Arrival = await waiting
        except (TimeoutError, aiohttp.ClientError) as error:
            fake.forget(user_id)
            window.error("timeout" if isinstance(error, TimeoutError) else "network")
            position = 0
            await asyncio.sleep(0.05)  # a refused connection would otherwise spin
            continue
        if status != 200:
            window.error(f"http_{status}")
            position = 0
            continue
        if step.expect not in arrival.text and step.expect not in arrival.markup:
            window.error("unexpected_reply")
            position = 0
            continue
        window.record(sent, arrival.at)
        reply_to = arrival.message_id
        position = (position + 1) % len(script)


async def measure(
    run: str,
    title: str,
    *,
    fake: LeanBotApi,
    session: aiohttp.ClientSession,
    updates: Updates,
    script: Sequence[Step],
    bot_pid: int,
    args: argparse.Namespace,
) -> Result:
    """Warm up, then measure one window of `args.seconds` with `args.users` users."""
    headers = {"Content-Type": "application/json", SECRET_HEADER: fake.webhook_secret}
    url = fake.webhook_url

    async def post(body: bytes) -> int:
        async with session.post(url, data=body, headers=headers) as response:
            await response.read()
            return response.status

    window, stop = Window(), asyncio.Event()
    users = [
        asyncio.create_task(
            simulate_user(FIRST_USER_ID + n, script, updates, fake, post, window, stop)
        )
        for n in range(args.users)
    ]
    try:
        await asyncio.sleep(args.warmup)
        calls_before = Counter(fake.calls)
        strays_before = fake.strays
        bot_cpu, driver_cpu = cpu_seconds(bot_pid), time.process_time()
        window.start = time.perf_counter()
        window.end = window.start + args.seconds
        await asyncio.sleep(args.seconds)
        elapsed = time.perf_counter() - window.start
        bot_cpu, driver_cpu = cpu_seconds(bot_pid) - bot_cpu, time.process_time() - driver_cpu
        calls = Counter(fake.calls)
        calls.subtract(calls_before)
        strays = fake.strays - strays_before
    finally:
        stop.set()
        _done, pending = await asyncio.wait(users, timeout=STEP_TIMEOUT_S + 1)
        for task in pending:
            task.cancel()
    latencies = window.latencies
    return Result(
        run=run,
        title=title,
        updates=len(latencies),
        seconds=round(args.seconds, 3),
        updates_per_s=round(len(latencies) / args.seconds, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        errors=sum(window.errors.values()),
        error_kinds=dict(window.errors),
        bot_cpu_pct=round(100 * bot_cpu / elapsed, 1),
        driver_cpu_pct=round(100 * driver_cpu / elapsed, 1),
        api_calls={method: n for method, n in sorted(calls.items()) if n},
        stray_replies=strays,
    )


# --- the bots under test -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ilteo_command() -> list[str]:
    script = Path(sys.executable).with_name("ilteo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


async def run_to_end(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
    """Run a setup command (bounded); fail with its output when it fails."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=cwd, stdout=out, stderr=out
        )
        try:
            code = await asyncio.wait_for(process.wait(), READY_TIMEOUT_S)
        except TimeoutError:
            process.kill()
            await process.wait()
            code = -1
    if code != 0:
        raise RuntimeError(f"{' '.join(command[-2:])} failed ({code}):\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.asynccontextmanager
async def bot_process(
    command: list[str], env: dict[str, str], cwd: Path, log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Start a bot; on the way out SIGTERM it, and kill it if it lingers."""
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


@dataclass(frozen=True)
class Run:
    name: str
    title: str
    script: tuple[Step, ...]


RUNS = {
    "echo-httpx": Run("echo-httpx", "(a) PTB echo, stock httpx", ECHO_SCRIPT),
    "echo-aiohttp": Run("echo-aiohttp", "(b) PTB echo, AiohttpRequest", ECHO_SCRIPT),
    "ilteo": Run("ilteo", "(c) ilteo serve, SQLite", ILTEO_SCRIPT),
}


async def prepare(run: Run, fake: LeanBotApi, port: int, workdir: Path, log: Path):
    """The command and environment that start `run`'s bot (and, for ilteo, its database)."""
    webhook_url = f"http://127.0.0.1:{port}/telegram/webhook"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if run.name.startswith("echo-"):
        command = [sys.executable, str(BENCH / "echo_bot.py"), "--transport",
                   run.name.removeprefix("echo-"), "--token", TOKEN, "--api-url", fake.api_url,
                   "--port", str(port), "--webhook-url", webhook_url, "--secret", SECRET]  # fmt: skip
        return command, env
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'ilteo.db'}",
        HOST="127.0.0.1",
        PORT=str(port),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.api_url,
        TELEGRAM_WEBHOOK_URL=webhook_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    await run_to_end([*ilteo_command(), "db", "upgrade"], env, workdir, log)
    await run_to_end([*ilteo_command(), "demo", "load"], env, workdir, log)
    return [*ilteo_command(), "serve"], env


async def bench_one(
    run: Run,
    fake: LeanBotApi,
    session: aiohttp.ClientSession,
    updates: Updates,
    workdir: Path,
    args: argparse.Namespace,
) -> Result:
    fake.reset()
    port = free_port()
    log = workdir / f"{run.name}.log"
    command, env = await prepare(run, fake, port, workdir, log)
    async with bot_process(command, env, workdir, log) as process:
        await wait_until_ready(process, session, f"http://127.0.0.1:{port}/healthz", fake, log)
        say(f"{run.name}: ready (pid {process.pid}), {args.warmup:g} s warm-up, "
            f"{args.seconds:g} s measured, {args.users} users")  # fmt: skip
        result = await measure(
            run.name, run.title, fake=fake, session=session, updates=updates,
            script=run.script, bot_pid=process.pid, args=args,
        )  # fmt: skip
        if process.returncode is not None:
            raise RuntimeError(f"{run.name} exited during the run:\n{tail(log)}")
    if result.errors:
        say(f"{run.name}: errors {result.error_kinds}; log tail:\n{tail(log, 10)}")
    return result


async def bench_all(args: argparse.Namespace) -> list[Result]:
    fake = LeanBotApi(TOKEN)
    await fake.start()
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    try:
        async with aiohttp.ClientSession(connector=connector) as session:
            updates = Updates()
            with tempfile.TemporaryDirectory(prefix="ilteo-bench-") as tmp:
                return [
                    await bench_one(RUNS[name], fake, session, updates, Path(tmp), args)
                    for name in args.runs
                ]
    finally:
        await fake.stop()


# --- reporting -----------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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
    }


def verdicts(results: list[Result]) -> dict[str, dict[str, object]]:
    """ilteo's ratios to the echo bots and the p99 bound, each with whether it holds."""
    by_run = {result.run: result for result in results}
    ilteo = by_run.get("ilteo")
    if ilteo is None:
        return {}
    found: dict[str, dict[str, object]] = {}
    for key, baseline in (("vs_echo_httpx", "echo-httpx"), ("vs_echo_aiohttp", "echo-aiohttp")):
        if baseline in by_run and by_run[baseline].updates_per_s:
            ratio = ilteo.updates_per_s / by_run[baseline].updates_per_s
            found[key] = {"value": round(ratio, 2), "target": TARGETS[key],
                          "holds": ratio >= TARGETS[key]}  # fmt: skip
    found["p99_ms"] = {"value": ilteo.p99_ms, "target": TARGETS["p99_ms"],
                       "holds": ilteo.updates > 0 and ilteo.p99_ms < TARGETS["p99_ms"]}  # fmt: skip
    return found


def table(results: list[Result], checks: dict[str, dict[str, object]], host: dict) -> str:
    lines = [
        f"{host['date']} · {host['cpus']} CPUs · {host['cpu']} · Python {host['python']}",
        "",
        f"{'run':<32} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'bot CPU':>8} {'driver CPU':>11}",
    ]
    for r in results:
        lines.append(
            f"{r.title:<32} {r.updates_per_s:>10.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f}"
            f" {r.errors:>7} {r.bot_cpu_pct:>7.0f}% {r.driver_cpu_pct:>10.0f}%"
        )
    names = {"vs_echo_httpx": "ilteo / (a)", "vs_echo_aiohttp": "ilteo / (b)",
             "p99_ms": "ilteo p99 ms"}  # fmt: skip
    if checks:
        lines.append("")
    for key, check in checks.items():
        relation = "<" if key == "p99_ms" else "≥"
        mark = "ok" if check["holds"] else "MISSED"
        lines.append(
            f"{names[key]:<14} {check['value']:>7}   target {relation} {check['target']}   {mark}"
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
        default=list(RUNS),
        help=f"comma-separated subset of {','.join(RUNS)} (all)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    unknown = [name for name in args.runs if name not in RUNS]
    if unknown or not args.runs:
        parser.error(f"--runs takes {', '.join(RUNS)}; got {', '.join(unknown) or 'nothing'}")
    if args.seconds <= 0 or args.warmup < 0 or args.users < 1:
        parser.error("--seconds must be > 0, --warmup >= 0 and --users >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    host = machine()
    try:
        results = asyncio.run(bench_all(args))
    except RuntimeError as error:
        say(f"benchmark failed: {error}")
        return 1
    checks = verdicts(results)
    print(table(results, checks, host))
    if args.json:
        document = {"machine": host, "users": args.users, "warmup_s": args.warmup,
                    "seconds": args.seconds, "results": [asdict(r) for r in results],
                    "targets": checks}  # fmt: skip
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
