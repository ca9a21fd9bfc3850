"""How long a handoff's messages take to show: her message → the counsellor's inbox, and the
counsellor's reply → her web chat page, through the real server and its live streams.

    .venv/bin/python bench/handoff_latency.py                 # SQLite, 30 rounds
    .venv/bin/python bench/handoff_latency.py --rounds 100
    .venv/bin/python bench/handoff_latency.py --postgres   # a fresh database on the server
                                                          # of ILTEO_TEST_POSTGRES (127.0.0.1)

Each round: a new web-chat visitor asks for a person (consent, then "상담사 연결"); a counsellor
who has the inbox's stream open claims it; her page's stream is open too. Then (1) she types a
message: from just before her POST /api/chat to the moment the inbox's stream delivers its
event; (2) the counsellor replies through the inbox's form: from just before the POST to the
moment her page's stream delivers the reply. The browser would add the page's own fetch of the
changed part (a few ms on this machine) to (1). Target: under 1 s each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login
from tests.conftest import (
    create_postgres_database,
    drop_postgres_database,
    prepared_database,
    running_app,
)

DESK = ("bench.desk", "bench-desk-password-1")
TO_A_PERSON = ("sys:resume", "lang:ko", "consent:yes", "in:cancel", "menu:person")
TARGET_MS = 1000.0


class Stream:
    """An open SSE stream; `arrived(key)` waits for the event `key` picks out."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self._session, self._url = session, url
        self._events: list[tuple[float, dict]] = []
        self._new = asyncio.Event()
        self._opened = asyncio.Event()
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        timeout = aiohttp.ClientTimeout(total=None)
        async with self._session.get(self._url, timeout=timeout) as stream:
            self._opened.set()
            async for raw in stream.content:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    self._events.append((time.perf_counter(), json.loads(line[6:])))
                    self._new.set()

    async def opened(self) -> None:
        await asyncio.wait_for(self._opened.wait(), 30)

    async def arrived(self, wanted) -> float:
        while True:
            for moment, data in self._events:
                if wanted(data):
                    return moment
            self._new.clear()
            await asyncio.wait_for(self._new.wait(), 30)

    async def close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task

    def requests(self) -> list[int]:
        """The handoffs whose request the stream has delivered so far."""
        return [data["handoff"] for _moment, data in self._events if data["kind"] == "requested"]


async def one_round(base: str, desk: AdminClient, inbox: Stream, n: int) -> tuple[float, float]:
    jar = aiohttp.CookieJar(unsafe=True)
    # each visitor from an address of her own (the app believes the proxy at 127.0.0.1), so
    # the rounds are not one address's newcomers
    address = {"X-Forwarded-For": f"198.51.{n // 250}.{n % 250 + 1}"}
    async with aiohttp.ClientSession(base_url=base, cookie_jar=jar, headers=address) as her:
        known = set(inbox.requests())
        for data in TO_A_PERSON:
            async with her.post("/api/chat", json={"data": data}) as answer:
                assert answer.status == 200
        await inbox.arrived(lambda d: d["kind"] == "requested" and d["handoff"] not in known)
        [handoff] = set(inbox.requests()) - known
        await desk.get(f"/admin/inbox/{handoff}")
        claimed = await desk.post(f"/admin/inbox/{handoff}/claim")
        assert claimed.status == 303, claimed.text
        page = Stream(her, base + "/api/chat/events")
        await page.opened()
        try:
            sent = time.perf_counter()
            async with her.post("/api/chat", json={"text": f"질문이 있어요 {n}"}) as answer:
                assert answer.status == 200
            seen = await inbox.arrived(lambda d: d["handoff"] == handoff and d["kind"] == "message")
            to_inbox = seen - sent
            replied = time.perf_counter()
            answer = await desk.post(f"/admin/inbox/{handoff}/reply", {"text": f"답이에요 {n}"})
            assert answer.status == 303
            shown = await page.arrived(lambda d: d.get("text") == f"답이에요 {n}")
            to_her = shown - replied
        finally:
            await page.close()
        await desk.post(f"/admin/inbox/{handoff}/close")
        return to_inbox, to_her


async def run(rounds: int, postgres: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        if postgres:
            url = await create_postgres_database()
        try:
            await prepared_database(url)
            await add_web_login(url, *DESK, "admin")
            async with running_app(database_url=url, trusted_proxies="127.0.0.1") as app:
                await measure(app.url, rounds, "PostgreSQL" if postgres else "SQLite")
        finally:
            if postgres:
                await drop_postgres_database(url)


async def measure(base: str, rounds: int, database: str) -> None:
    desk = AdminClient(base)
    assert (await desk.sign_in(*DESK)).status == 303
    inbox = Stream(desk.session, base + "/admin/inbox/events")
    await inbox.opened()
    to_inbox, to_her = [], []
    try:
        for n in range(rounds):
            first, second = await one_round(base, desk, inbox, n)
            to_inbox.append(first * 1000)
            to_her.append(second * 1000)
    finally:
        await inbox.close()
        await desk.close()
    print(f"\n{database}, {rounds} rounds (target < {TARGET_MS:.0f} ms)\n")
    print("| delay | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in (("her message → inbox", to_inbox), ("reply → her page", to_her)):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"| {name} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.rounds, arguments.postgres))


if __name__ == "__main__":
    main()
