"""Applying and checking migrations (Alembic) from inside the application.

Alembic's scripts live in `storage/migrations`; these helpers run them on an async engine so
that the CLI, the server's start-up check and the tests all use the one path.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Brings the schema up to `revision`."""

    def run(connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            await connection.run_sync(run)
        return
    async with engine.connect() as connection:
        # A table rebuild (SQLite's way to alter one) drops the old table: with foreign keys
        # on, that deletes every row referring to it. The pragma only works outside a
        # transaction, so it is set on the driver's connection before ours begins.
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None  # (an open connection has its driver's)
        await driver.execute("PRAGMA foreign_keys=OFF")
        try:
            async with connection.begin():
                await connection.run_sync(run)
        finally:
            await driver.execute("PRAGMA foreign_keys=ON")


async def current_revision(engine: AsyncEngine) -> str | None:
    def read(connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(read)


async def schema_is_current(engine: AsyncEngine) -> bool:
    return await current_revision(engine) == head_revision()
