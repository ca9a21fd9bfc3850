"""Shared fixtures: fresh migrated databases (SQLite and PostgreSQL, copies of a template
migrated once: tests/templates.py), and skip-or-fail rules.

Tests that need PostgreSQL or Chromium skip, saying why, when those are missing; with
`ILTEO_REQUIRE_ALL=1` (as CI sets it) a missing one is a failure instead.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import pytest

from storage.database import create_engine
from tests.requirements import skip_or_fail
from tests.templates import drop_templates, migrated

POSTGRES_ADMIN_URL = os.environ.get(
    "ILTEO_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


async def postgres_problem() -> str | None:
    try:
        import asyncpg
    except ImportError:
        return "asyncpg is not installed"
    dsn = POSTGRES_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    try:
        connection = await asyncio.wait_for(asyncpg.connect(dsn), timeout=3)
    except Exception as error:  # any failure means: no usable server here
        return f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({type(error).__name__})"
    await connection.close()
    return None


async def create_postgres_database() -> str:
    """A new, empty PostgreSQL database for one test; returns its URL."""
    import asyncpg

    name = f"ilteo_test_{uuid.uuid4().hex[:12]}"
    dsn = POSTGRES_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def drop_postgres_database(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    dsn = POSTGRES_ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def pytest_sessionfinish(session, exitstatus) -> None:
    """Drop the migrated templates the run copied its databases from."""
    asyncio.run(drop_templates())


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path) -> AsyncIterator[str]:
    """An empty database of each kind, dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'ilteo.db'}"
        return
    problem = await postgres_problem()
    if problem:
        skip_or_fail(problem)
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database (for what only PostgreSQL has)."""
    problem = await postgres_problem()
    if problem:
        skip_or_fail(problem)
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def engine(database_url):
    """A migrated engine on a fresh database of each kind."""
    await migrated(database_url, POSTGRES_ADMIN_URL)
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'ilteo.db'}"


async def prepared_database(url: str, *, demo: bool = True) -> None:
    """Migrate `url` and, unless told not to, load the demo catalogue."""
    from zoneinfo import ZoneInfo

    from storage.demo import load_demo
    from storage.uow import UnitOfWork

    await migrated(url, POSTGRES_ADMIN_URL)
    engine = create_engine(url)
    try:
        if demo:
            tz = ZoneInfo("Asia/Seoul")
            async with UnitOfWork(engine) as uow:
                await load_demo(uow, datetime.now(tz).date(), tz)
                await uow.commit()
    finally:
        await engine.dispose()


@asynccontextmanager
async def running_app(clock=None, **overrides) -> AsyncIterator:
    """The real application on a free port of 127.0.0.1; yields the `Ilteo` (it has `.url`).
    With `clock`, everything in it (conversations, dispatch) reads that clock."""
    from bot.app import Ilteo, utc_now
    from bot.config import load_settings

    settings = load_settings(**{"secret_key": "test-secret-key-of-at-least-32-chars", **overrides})
    app = await Ilteo.create(settings, clock=clock or utc_now)
    await app.start(host="127.0.0.1", port=overrides.get("port", 0), warm_up=False)
    try:
        yield app
    finally:
        await app.stop()


@asynccontextmanager
async def app_with_telegram(database_url: str, clock=None, **overrides) -> AsyncIterator:
    """The app with Telegram by webhook through a fresh fake Bot API, once Telegram is
    connected; yields (app, fake)."""
    from tests.fakes.bot_api import FakeBotApi

    port = free_port()
    async with FakeBotApi() as fake:
        webhook = f"http://127.0.0.1:{port}/telegram/webhook"
        settings = dict(
            database_url=database_url,
            port=port,
            telegram_bot_token=fake.token,
            telegram_api_url=fake.api_url,
            telegram_webhook_url=webhook,
        )
        async with running_app(clock=clock, **settings, **overrides) as app:
            await asyncio.wait_for(app.telegram_ready(), timeout=10)
            yield app, fake


@pytest.fixture
async def live_server(sqlite_url) -> AsyncIterator:
    """The whole bot on a fresh SQLite database with the demo catalogue, as `make demo` runs it."""
    await prepared_database(sqlite_url)
    async with running_app(database_url=sqlite_url) as app:
        yield app


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


from tests.cli import ilteo, with_demo  # noqa: E402, F401 (fixtures for `ilteo …` commands)
