"""Admin-web fixtures: the real app on a fresh database (SQLite and PostgreSQL) with the demo
catalogue and two web logins, an admin and a counsellor of the first centre, and clients to
use it."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.passwords import hash_password
from storage.database import create_engine
from storage.tables import centres
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.conftest import free_port, prepared_database, running_app

ADMIN = ("boss.kim", "boss-password-1")
COUNSELLOR = ("counsellor.lee", "counsellor-password-1")


@functools.cache
def stored_hash(password: str) -> str:
    """The argon2 hash of a test password, made once a run: each costs a tenth of a second, and
    signing in still checks the password against it as in production."""
    return hash_password(password)


async def add_web_login(
    url: str, login: str, password: str, role: str, centres: list[int] | None = None
) -> None:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            await uow.staff.grant_web(
                login, stored_hash(password), role, datetime.now(UTC), centres
            )
            await uow.commit()
    finally:
        await engine.dispose()


async def first_centre(url: str) -> int:
    """The first centre of the demo catalogue (the one `seeding.booking_today` books at)."""
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine) as uow:
            query = select(centres.c.id).order_by(centres.c.id)
            return (await uow.connection.execute(query)).scalars().first()
    finally:
        await engine.dispose()


@pytest.fixture
async def admin_site(database_url):
    """The running app (`.url`, `.database`) with the demo catalogue and the two logins.

    Telegram is configured but out of reach (nothing listens at its address), as on a day its
    servers are away: its users are sent to later, so a broadcast to them stays being sent."""
    await prepared_database(database_url)
    await add_web_login(database_url, *ADMIN, "admin")
    # The counsellor works for the first centre: she sees its people only.
    await add_web_login(database_url, *COUNSELLOR, "staff", [await first_centre(database_url)])
    away = f"http://127.0.0.1:{free_port()}/bot"
    async with running_app(
        database_url=database_url, telegram_bot_token="123:away", telegram_api_url=away
    ) as app:
        yield app


@pytest.fixture
async def client(admin_site):
    """A client that has not signed in."""
    client = AdminClient(admin_site.url)
    yield client
    await client.close()


@pytest.fixture
async def admin(admin_site):
    client = AdminClient(admin_site.url)
    page = await client.sign_in(*ADMIN)
    assert page.status == 303, page.text
    await client.get("/admin/")
    yield client
    await client.close()


@pytest.fixture
async def counsellor(admin_site):
    client = AdminClient(admin_site.url)
    page = await client.sign_in(*COUNSELLOR)
    assert page.status == 303, page.text
    await client.get("/admin/")
    yield client
    await client.close()


@pytest.fixture
async def browser():
    """Headless Chromium for the browser tests of the admin web (skips without it)."""
    from tests.channels.browser import chromium

    async with chromium() as launched:
        yield launched
