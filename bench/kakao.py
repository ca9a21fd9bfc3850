"""The Kakao skill benchmark: 100 KakaoTalk users in a closed loop against `ilteo serve`.

    .venv/bin/python bench/kakao.py [--seconds 20] [--users 100] [--runs block,message]

`ilteo serve` runs in its own process on a fresh SQLite database with the demo catalogue
(`ilteo db upgrade`, `ilteo demo load` first), with KAKAO_SKILL_SECRET set. Each simulated user
posts a real-shaped skill request (tests/fakes/kakao_payloads/skill_request.json) to
`/kakao/skill/<secret>`, waits for the skill response, checks it, and sends the next one. Users
cycle "/start" -> 한국어 -> 동의해요 -> 그만하기 -> "교육" (a Korean search) -> "/start" ...

Two runs: `block` (KAKAO_BLOCK_ID set: a press carries its data in `action.clientExtra`) and
`message` (no block id: a press only says its label, which the channel reads back). A step's
latency is the whole HTTP request; Kakao drops answers after 5 s, ilteo's target is p99 < 300 ms.
The warm-up (5 s) covers the first searches, which build the catalogue's search index.
An answer that is not 200, lacks the next step's button, says "still working" (the deadline was
missed) or takes over 5 s is an error, and that user starts again at "/start".
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from load import cpu_seconds, percentile
from webhook import (
    bot_process,
    free_port,
    ilteo_command,
    machine,
    run_to_end,
    say,
    tail,
)

BENCH = Path(__file__).resolve().parent
PAYLOAD = BENCH.parent / "tests" / "fakes" / "kakao_payloads" / "skill_request.json"
SECRET = "bench-kakao-skill-secret"
BLOCK_ID = "65d2f0c4a1b2c3d4e5f60001"
STEP_TIMEOUT_S = 5.0  # Kakao's own limit
READY_TIMEOUT_S = 90.0
TARGET_P99_MS = 300.0

# (what she does, as typed text or a press of the button with this data / label, and a piece
# of the answer that shows the next step is offered)
BLOCK_SCRIPT = (
    ("text", "/start", '"lang:ko"'),
    ("press", ("lang:ko", "한국어"), '"consent:yes"'),
    ("press", ("consent:yes", "동의해요"), '"in:cancel"'),
    ("press", ("in:cancel", "그만하기"), '"menu:programmes"'),
    ("text", "교육", '"prog:'),
)
MESSAGE_SCRIPT = (
    ("text", "/start", '"한국어"'),
    ("text", "한국어", '"동의해요"'),
    ("text", "동의해요", '"그만하기"'),
    ("text", "그만하기", '"교육 과정 찾기"'),
    ("text", "교육", '"자세히"'),
)
RUNS = {
    "block": ("ilteo serve, block buttons", BLOCK_SCRIPT, True),
    "message": ("ilteo serve, message buttons", MESSAGE_SCRIPT, False),
}


def request_body(template: dict, user_key: str, step: tuple) -> bytes:
    kind, value, _expect = step
    body = copy.deepcopy(template)
    request = body["userRequest"]
    request["user"]["id"] = request["user"]["properties"]["botUserKey"] = user_key
    if kind == "press":
        data, label = value
        request["utterance"] = label
        body["action"]["clientExtra"] = {"data": data}
    else:
        request["utterance"] = value
    return json.dumps(body, ensure_ascii=False).encode()


@dataclass
class Window:
    start: float = float("inf")
    end: float = float("inf")
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def record(self, sent: float, done: float) -> None:
        if self.start <= done < self.end:
            self.latencies.append(done - sent)

    def error(self, kind: str) -> None:
        if self.start <= time.perf_counter() < self.end:
            self.errors[kind] = self.errors.get(kind, 0) + 1


async def simulate_user(
    number: int,
    script: tuple,
    template: dict,
    url: str,
    session: aiohttp.ClientSession,
    window: Window,
    stop: asyncio.Event,
) -> None:
    user_key = f"bench-kakao-user-{number:04d}"
    position = 0
    headers = {"Content-Type": "application/json"}
    while not stop.is_set():
        step = script[position]
        body = request_body(template, user_key, step)
        sent = time.perf_counter()
        try:
            async with asyncio.timeout(STEP_TIMEOUT_S):
                async with session.post(url, data=body, headers=headers) as response:
                    status, answer = response.status, await response.text()
        except (TimeoutError, aiohttp.ClientError) as error:
            window.error("timeout" if isinstance(error, TimeoutError) else "network")
            position = 0
            await asyncio.sleep(0.05)
            continue
        done = time.perf_counter()
        if status != 200:
            window.error(f"http_{status}")
        elif '"kakao:wait"' in answer or "▶”" in answer:
            window.error("still_working")
        elif step[2] not in answer:
            window.error("unexpected_reply")
        else:
            window.record(sent, done)
            position = (position + 1) % len(script)
            continue
        position = 0


@dataclass
class Result:
    run: str
    title: str
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    error_kinds: dict[str, int]
    bot_cpu_pct: float


async def measure(
    name: str, users: int, warmup: float, seconds: float, url: str, pid: int
) -> Result:
    title, script, _block = RUNS[name]
    template = json.loads(PAYLOAD.read_text(encoding="utf-8"))
    window, stop = Window(), asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [
            asyncio.create_task(simulate_user(n, script, template, url, session, window, stop))
            for n in range(users)
        ]
        try:
            await asyncio.sleep(warmup)
            cpu = cpu_seconds(pid)
            window.start = time.perf_counter()
            window.end = window.start + seconds
            await asyncio.sleep(seconds)
            cpu = cpu_seconds(pid) - cpu
        finally:
            stop.set()
            await asyncio.wait(tasks, timeout=STEP_TIMEOUT_S + 1)
    latencies = window.latencies
    return Result(
        run=name,
        title=title,
        requests=len(latencies),
        requests_per_s=round(len(latencies) / seconds, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        max_ms=round(max(latencies, default=0) * 1000, 1),
        errors=sum(window.errors.values()),
        error_kinds=window.errors,
        bot_cpu_pct=round(100 * cpu / seconds, 1),
    )


async def wait_until_ready(process, session: aiohttp.ClientSession, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"ilteo exited with {process.returncode}:\n{tail(log)}")
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as reply:
                if reply.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"ilteo was not ready within {READY_TIMEOUT_S:.0f} s:\n{tail(log)}")


async def bench_one(name: str, args: argparse.Namespace, workdir: Path) -> Result:
    port, log = free_port(), workdir / f"kakao-{name}.log"
    env = dict(
        os.environ,
        PYTHONUNBUFFERED="1",
        HOST="127.0.0.1",
        PORT=str(port),
        DATABASE_URL=f"sqlite+aiosqlite:///{workdir / f'kakao-{name}.db'}",
        KAKAO_SKILL_SECRET=SECRET,
    )
    if RUNS[name][2]:
        env["KAKAO_BLOCK_ID"] = BLOCK_ID
    for variable in ("TELEGRAM_BOT_TOKEN", "KAKAO_EVENT_API_URL"):
        env.pop(variable, None)
    await run_to_end([*ilteo_command(), "db", "upgrade"], env, workdir, log)
    await run_to_end([*ilteo_command(), "demo", "load"], env, workdir, log)
    async with bot_process([*ilteo_command(), "serve"], env, workdir, log) as process:
        async with aiohttp.ClientSession() as session:
            await wait_until_ready(process, session, port, log)
        say(
            f"{name}: ready (pid {process.pid}); {args.warmup:g} s warm-up, "
            f"{args.seconds:g} s measured, {args.users} users"
        )
        url = f"http://127.0.0.1:{port}/kakao/skill/{SECRET}"
        result = await measure(name, args.users, args.warmup, args.seconds, url, process.pid)
    if result.errors:
        say(f"{name}: errors {result.error_kinds}; the log ends:\n{tail(log, 10)}")
    return result


def table(results: list[Result], host: dict) -> str:
    lines = [
        f"{host['date']} · {host['cpus']} CPUs · {host['cpu']} · Python {host['python']}"
        f" · load average before {host['load_average_before']} · {host['revision']}",
        "",
        f"{'run':<30} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f" {'errors':>7} {'bot CPU':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.title:<30} {r.requests_per_s:>10.1f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f}"
            f" {r.max_ms:>8.1f} {r.errors:>7} {r.bot_cpu_pct:>7.0f}%"
        )
    lines.append("")
    for r in results:
        holds = r.requests > 0 and r.p99_ms < TARGET_P99_MS
        verdict = "ok" if holds else "MISSED"
        target = f"target < {TARGET_P99_MS:g} ms"
        lines.append(f"{r.run:<8} p99 {r.p99_ms:>7.1f} ms  {target}  {verdict}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window (20)")
    parser.add_argument("--warmup", type=float, default=5.0, help="warm-up before it (5)")
    parser.add_argument("--users", type=int, default=100, help="simulated users (100)")
    parser.add_argument("--runs", default="block,message", help="block,message (both)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    args.runs = [name.strip() for name in args.runs.split(",") if name.strip()]
    if not args.runs or any(name not in RUNS for name in args.runs):
        parser.error(f"--runs takes {', '.join(RUNS)}")
    if args.seconds <= 0 or args.warmup < 0 or args.users < 1:
        parser.error("--seconds must be > 0, --warmup >= 0 and --users >= 1")
    return args


async def bench_all(args: argparse.Namespace) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="ilteo-kakao-bench-") as tmp:
        return [await bench_one(name, args, Path(tmp)) for name in args.runs]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    host = machine()
    try:
        results = asyncio.run(bench_all(args))
    except RuntimeError as error:
        say(f"benchmark failed: {error}")
        return 1
    except KeyboardInterrupt:
        say("benchmark interrupted; the bot under test was stopped")
        return 130
    print(table(results, host))
    if args.json:
        document = {"machine": host, "results": [r.__dict__ for r in results]}
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0 if all(r.requests and r.p99_ms < TARGET_P99_MS for r in results) else 2


if __name__ == "__main__":
    sys.exit(main())
