"""`ilteo serve` as an operator runs it: a real process, killed and started again.

The process talks to a fake Bot API in this test; a SIGKILL between two steps of the
conversation loses nothing, SIGTERM stops it cleanly, and an old schema is refused.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.conftest import free_port, prepared_database
from tests.fakes.bot_api import FakeBotApi

ILTEO = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[1]
USER = 7770001


def environment(database_url: str, port: int, fake: FakeBotApi | None = None) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1"}
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_API_URL"):
        env.pop(name, None)
    if fake is not None:
        env["TELEGRAM_BOT_TOKEN"] = fake.token
        env["TELEGRAM_API_URL"] = fake.api_url
        env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram/webhook"
    return env


async def start_serving(env: dict) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        *ILTEO,
        "serve",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    await wait_healthy(int(env["PORT"]), process)
    return process


async def wait_healthy(port: int, process: asyncio.subprocess.Process, seconds: float = 20) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(int(seconds * 10)):
            if process.returncode is not None:
                raise AssertionError(f"ilteo serve exited with {process.returncode}")
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("ilteo serve did not become healthy")


async def wait_webhook(fake: FakeBotApi, previous_calls: int) -> None:
    for _ in range(100):
        if len(fake.calls_to("setWebhook")) > previous_calls:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the webhook was not registered")


async def test_sigkill_between_two_steps_continues_at_the_same_step(sqlite_url):
    await prepared_database(sqlite_url)
    port = free_port()
    async with FakeBotApi() as fake:
        env = environment(sqlite_url, port, fake)
        process = await start_serving(env)
        try:
            await wait_webhook(fake, 0)
            await fake.post_webhook(fake.message_update(USER, "/start"))
            greeting = (await fake.wait_for_messages(USER, 1))[-1]
            await fake.post_webhook(fake.callback_update(USER, "lang:ko", greeting["message_id"]))
            consent = (await fake.wait_for_messages(USER, 2))[-1]
            assert "보관 기간" in consent["text"]
        finally:
            process.kill()  # SIGKILL: no clean-up at all
            await process.wait()

        process = await start_serving(env)
        try:
            await wait_webhook(fake, 1)
            await fake.post_webhook(fake.message_update(USER, "동의해요"))
            question = (await fake.wait_for_messages(USER, 3))[-1]
            assert "시·도를 골라 주세요" in question["text"]  # consent given: the intake begins
        finally:
            process.terminate()
            await process.wait()


async def test_sigterm_stops_the_server_cleanly(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    process = await start_serving(environment(sqlite_url, free_port()))
    process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(process.wait(), timeout=15) == 0
    stderr = (await process.stderr.read()).decode()
    assert '"event": "stopped"' in stderr


async def test_serve_refuses_an_old_schema_with_a_clear_message(sqlite_url):
    env = environment(sqlite_url, free_port())
    process = await asyncio.create_subprocess_exec(
        *ILTEO, "serve", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 3
    assert "Run `ilteo db upgrade` first" in err.decode()


async def test_a_bad_setting_is_explained_and_nothing_starts(sqlite_url):
    env = {**environment(sqlite_url, free_port()), "BOOKING_HORIZON": "soon", "PORT": "99999"}
    process = await asyncio.create_subprocess_exec(
        *ILTEO, "serve", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    assert "BOOKING_HORIZON" in err.decode() and "PORT" in err.decode()


async def test_unreachable_telegram_keeps_the_web_chat_up_and_no_secret_is_logged(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    port = free_port()
    env = {**environment(sqlite_url, port), "SECRET_KEY": "s3cr3t-key-value-long-enough-for-32"}
    env["TELEGRAM_BOT_TOKEN"] = "123456:very-secret-token"
    env["TELEGRAM_API_URL"] = "http://127.0.0.1:9/bot"  # nothing listens there
    process = await start_serving(env)
    async with aiohttp.ClientSession() as session:
        async with session.post(f"http://127.0.0.1:{port}/api/chat", json={"text": "/start"}) as r:
            assert r.status == 200
            assert "안녕하세요" in (await r.json())["messages"][0]["text"]
    await asyncio.sleep(1.5)  # at least one failed attempt to reach Telegram
    process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), timeout=15)
    logs = out.decode() + err.decode()
    assert process.returncode == 0
    assert "telegram_unavailable" in logs
    assert "very-secret-token" not in logs and "s3cr3t-key-value-long-enough-for-32" not in logs
