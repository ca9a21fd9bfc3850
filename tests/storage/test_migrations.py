"""The migrations make exactly the schema `storage/tables.py` describes, on SQLite and on
PostgreSQL, so the code and a database built by `ilteo db upgrade` never drift apart."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.tables import metadata


def _differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_the_migrated_schema_is_the_schema_of_the_code(engine):
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []
