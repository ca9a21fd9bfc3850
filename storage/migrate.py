"""Applying and checking migrations (Alembic) from inside the application.

Alembic's scripts live in `storage/migrations`; these helpers run them on an async engine so
that the CLI, the server's start-up check and the tests all use the one path.

Expand, then contract. A migration that only adds (tables, nullable or defaulted columns,
indexes) declares `compatible_with_previous = True`: the code of its `down_revision` keeps
working on its schema. After an upgrade, `schema_compatibility` holds the oldest code revision
the chain of such migrations reaches back to, so a process of the previous version that
(re)starts while the new one is being rolled out reads there that it may serve the newer schema.
A removal (contract) comes in a later migration, without the mark, once no old process runs.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, delete, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import schema_compatibility

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


def known_revisions() -> set[str]:
    """Every revision this code's migrations know (the schemas at or before its head)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def oldest_serving_code(revision: str) -> str:
    """The oldest code revision that works on `revision`'s schema: back along the chain while
    each migration declares `compatible_with_previous`."""
    scripts = ScriptDirectory.from_config(alembic_config())
    script = scripts.get_revision(revision)
    while getattr(script.module, "compatible_with_previous", False) and script.down_revision:
        previous = script.down_revision
        assert isinstance(previous, str), "the chain is linear: one migration before each"
        script = scripts.get_revision(previous)
    return script.revision


def record_compatibility(connection: Connection) -> None:
    """Writes the schema's revision and the oldest code that serves it (after an upgrade)."""
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None or not inspect(connection).has_table(schema_compatibility.name):
        return
    connection.execute(delete(schema_compatibility))
    connection.execute(
        insert(schema_compatibility).values(
            revision=revision, serves_code_from=oldest_serving_code(revision)
        )
    )


def may_serve(current: str | None, serves_code_from: str | None) -> bool:
    """This code may serve a schema at `current`: its own head, or a newer schema (one this
    code does not know) whose migrations since this code's head are all compatible."""
    if current == head_revision():
        return True
    known = known_revisions()
    return current not in known and current is not None and serves_code_from in known


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Brings the schema up to `revision`."""

    def run(connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        record_compatibility(connection)

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


async def schema_serves_this_code(engine: AsyncEngine) -> bool:
    """The schema is this code's, or newer and marked compatible with it (see the top)."""

    def read(connection: Connection) -> tuple[str | None, str | None]:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None or not inspect(connection).has_table(schema_compatibility.name):
            return current, None
        row = connection.execute(
            select(schema_compatibility.c.serves_code_from).where(
                schema_compatibility.c.revision == current
            )
        ).first()
        return current, row[0] if row else None

    async with engine.connect() as connection:
        current, serves_code_from = await connection.run_sync(read)
    return may_serve(current, serves_code_from)
