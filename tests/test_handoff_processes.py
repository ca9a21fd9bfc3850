"""Two `ilteo serve` processes on one PostgreSQL: her message arriving at one process reaches a
counsellor's inbox stream open at the other (LISTEN/NOTIFY on each process's own connection)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login
from tests.conftest import free_port, prepared_database
from tests.sse import stream_events
from tests.test_process import ILTEO, ROOT, environment, wait_healthy

DESK = ("desk.two", "desk-two-password-1")
TO_A_PERSON = ("sys:resume", "lang:ko", "consent:yes", "in:cancel", "menu:person")


@contextlib.asynccontextmanager
async def two_processes(url: str, logs: Path) -> AsyncIterator[list[str]]:
    """Two `ilteo serve` on `url` (no Telegram); yields their base URLs."""
    started, urls = [], []
    try:
        for n in range(2):
            port = free_port()
            env = {**environment(url, port), "SECRET_KEY": "two-processes-secret-key-of-32-chars"}
            with (logs / f"{n}.log").open("ab") as out:
                started.append(
                    await asyncio.create_subprocess_exec(
                        *ILTEO, "serve", env=env, cwd=ROOT, stdout=out, stderr=out
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
        for process, base in zip(started, urls, strict=True):
            await wait_healthy(int(base.rsplit(":", 1)[1]), process, seconds=120)
        yield urls
    finally:
        for process in started:
            if process.returncode is None:
                process.terminate()
        for process in started:
            await process.wait()


async def inbox_events(desk: AdminClient, found: list[dict], opened: asyncio.Event) -> None:
    """Reads the inbox's stream into `found` until cancelled."""
    url = desk.base_url + "/admin/inbox/events"
    async with desk.session.get(url, timeout=aiohttp.ClientTimeout(total=None)) as stream:
        assert stream.status == 200
        opened.set()
        async for event in stream_events(stream):
            found.append(event["data"])


async def test_her_message_at_one_process_reaches_an_inbox_open_at_the_other(
    postgres_url, tmp_path
):
    await prepared_database(postgres_url)
    await add_web_login(postgres_url, *DESK, "admin")
    async with two_processes(postgres_url, tmp_path) as (first, second):
        desk = AdminClient(second)
        found: list[dict] = []
        opened = asyncio.Event()
        try:
            assert (await desk.sign_in(*DESK)).status == 303
            listening = asyncio.create_task(inbox_events(desk, found, opened))
            await asyncio.wait_for(opened.wait(), 30)
            jar = aiohttp.CookieJar(unsafe=True)
            async with aiohttp.ClientSession(base_url=first, cookie_jar=jar) as her:
                for data in TO_A_PERSON:
                    async with her.post("/api/chat", json={"data": data}) as answer:
                        assert answer.status == 200
                async with her.post(
                    "/api/chat", json={"text": "일자리 상담 받고 싶어요"}
                ) as answer:
                    assert answer.status == 200
            await wait_for_kinds(found, ["requested", "message"])
            handoff = found[0]["handoff"]
            page = await desk.get(f"/admin/inbox/{handoff}")
            assert "일자리 상담 받고 싶어요" in page.shown
        finally:
            if "listening" in locals():
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await listening
            await desk.close()


async def wait_for_kinds(found: list[dict], kinds: list[str]) -> None:
    for _ in range(600):
        if [event["kind"] for event in found][: len(kinds)] == kinds:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the other process's inbox heard {found}, not {kinds}")
