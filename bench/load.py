"""The closed-loop load: simulated Telegram users stepping through a script against a webhook.

Each user posts its next update to the bot's webhook (with the secret header), waits for the
webhook's answer and for the bot's reply to reach the fake Bot API, then sends the next one.
A step's latency runs from sending the POST to the reply arriving at the fake.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from fake_api import LeanBotApi

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_USER_ID = 7_000_001
STEP_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class Step:
    """One update a user sends, and a piece of the reply that shows the bot understood it."""

    kind: str  # "text" (a typed message) or "data" (a button press)
    value: str
    expect: str  # found in the reply's text or in its keyboard


ILTEO_SCRIPT = (
    Step("text", "/start", "lang:ko"),
    Step("data", "lang:ko", "consent:yes"),
    Step("data", "consent:yes", "in:cancel"),  # consent opens the intake
    Step("data", "in:cancel", "menu:programmes"),  # stopping it shows the main menu
    Step("text", "교육", "prog:"),
)
ECHO_SCRIPT = tuple(Step(step.kind, step.value, step.value) for step in ILTEO_SCRIPT)


class Updates:
    """Telegram-shaped update bodies; an update id is never used twice, across runs too."""

    def __init__(self, bot_id: int) -> None:
        self._bot = {"id": bot_id, "is_bot": True, "first_name": "bench"}
        self._update_id = 0
        self._message_ids: Counter[int] = Counter()

    def body(self, user_id: int, step: Step, reply_to: int) -> bytes:
        """The next update from `user_id`; a button press sits under message `reply_to`."""
        self._update_id += 1
        sender = {"id": user_id, "is_bot": False, "first_name": "user", "language_code": "ko"}
        chat = {"id": user_id, "type": "private", "first_name": "user"}
        now = int(time.time())
        update: dict = {"update_id": self._update_id}
        if step.kind == "text":
            self._message_ids[user_id] += 1
            message_id = self._message_ids[user_id]
            message = {"message_id": message_id, "date": now, "chat": chat, "from": sender}
            message["text"] = step.value
            if step.value.startswith("/"):
                length = len(step.value.split()[0])
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            update["message"] = message
        else:
            origin = {"message_id": reply_to or 1, "date": now, "chat": chat, "from": self._bot}
            origin["text"] = "…"
            update["callback_query"] = {
                "id": f"cbq{self._update_id}",
                "from": sender,
                "chat_instance": f"ci{user_id}",
                "data": step.value,
                "message": origin,
            }
        return json.dumps(update).encode()


@dataclass
class Window:
    """The steps answered and the errors seen between `start` and `end` (perf_counter)."""

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
    bot_cpu_pct: float  # of one core, the bot process(es) and all their threads
    driver_cpu_pct: float  # of one core, this process (users and fake Bot API)
    api_calls: dict[str, int]
    stray_replies: int  # replies that came when nobody was waiting for one
    api_connections: int  # connections the bot opened to the fake Bot API, warm-up included
    bot_cpu_each: list[float] = field(default_factory=list)  # per bot process, % of one core
    probe: dict = field(default_factory=dict)  # what a Probe saw in the window (the database)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (0 when there are none)."""
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


class Probe:
    """Something watched over the measured window (e.g. the database's CPU); the default
    watches nothing."""

    async def start(self) -> None:
        return None

    async def stop(self, elapsed: float) -> dict:
        return {}


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
                arrival = await waiting if status == 200 else None
        except (TimeoutError, aiohttp.ClientError) as error:
            fake.forget(user_id)
            window.error("timeout" if isinstance(error, TimeoutError) else "network")
            position = 0
            await asyncio.sleep(0.05)  # a refused connection would otherwise spin
            continue
        if arrival is None:
            fake.forget(user_id)
            window.error(f"http_{status}")
            position = 0
        elif step.expect not in arrival.text and step.expect not in arrival.markup:
            window.error("unexpected_reply")
            position = 0
        else:
            window.record(sent, arrival.at)
            reply_to = arrival.message_id
            position = (position + 1) % len(script)


@dataclass(frozen=True)
class Load:
    users: int
    warmup: float  # seconds before the window opens
    seconds: float  # the measured window


async def measure(
    run: str,
    title: str,
    script: Sequence[Step],
    load: Load,
    *,
    fake: LeanBotApi,
    session: aiohttp.ClientSession,
    updates: Updates,
    bot_pid: int | list[int],
    urls: list[str] | None = None,
    probe: Probe | None = None,
) -> Result:
    """Start the users, warm up, measure one window, then let every user stop. With several
    `urls` (one per bot process) the updates go to each in turn, round robin."""
    headers = {"Content-Type": "application/json", SECRET_HEADER: fake.webhook_secret}
    targets = itertools.cycle(urls or [fake.webhook_url])
    pids = bot_pid if isinstance(bot_pid, list) else [bot_pid]
    probe = probe or Probe()

    async def post(body: bytes) -> int:
        async with session.post(next(targets), data=body, headers=headers) as response:
            answer = await response.read()
            status = response.status
        if status == 200 and answer:
            fake.perform_webhook_answer(answer)  # as Telegram does with a method in the response
        return status

    window, stop = Window(), asyncio.Event()
    users = [
        asyncio.create_task(
            simulate_user(FIRST_USER_ID + n, script, updates, fake, post, window, stop)
        )
        for n in range(load.users)
    ]
    try:
        await asyncio.sleep(load.warmup)
        calls, strays = Counter(fake.calls), fake.strays
        await probe.start()
        bots_cpu = [cpu_seconds(pid) for pid in pids]
        driver_cpu = time.process_time()
        window.start = time.perf_counter()
        window.end = window.start + load.seconds
        await asyncio.sleep(load.seconds)
        elapsed = time.perf_counter() - window.start
        bots_cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, bots_cpu, strict=True)]
        driver_cpu = time.process_time() - driver_cpu
        seen = await probe.stop(elapsed)
        calls = Counter(fake.calls) - calls
        strays = fake.strays - strays
    finally:
        stop.set()
        _done, pending = await asyncio.wait(users, timeout=STEP_TIMEOUT_S + 1)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    latencies = window.latencies
    return Result(
        run=run,
        title=title,
        updates=len(latencies),
        seconds=load.seconds,
        updates_per_s=round(len(latencies) / load.seconds, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        errors=sum(window.errors.values()),
        error_kinds=dict(window.errors),
        bot_cpu_pct=round(100 * sum(bots_cpu) / elapsed, 1),
        driver_cpu_pct=round(100 * driver_cpu / elapsed, 1),
        api_calls=dict(sorted(calls.items())),
        stray_replies=strays,
        api_connections=len(fake.peers),
        bot_cpu_each=[round(100 * cpu / elapsed, 1) for cpu in bots_cpu],
        probe=seen,
    )
