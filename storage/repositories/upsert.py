"""Dialect-aware INSERT … ON CONFLICT, for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


def dialect_insert(connection: AsyncConnection, table: Table):
    """`INSERT` of the connection's dialect, which knows `ON CONFLICT`."""
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    return module.insert(table)


async def insert_ignoring_conflict(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> bool:
    """Insert a row unless one with the same `keys` exists; True when a row was inserted."""
    statement = (
        dialect_insert(connection, table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    result = await connection.execute(statement)
    return result.rowcount == 1


async def upsert(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> int:
    """Insert or update the row identified by `keys`; returns its id."""
    statement = dialect_insert(connection, table).values(**values)
    changes = {name: statement.excluded[name] for name in values if name not in keys}
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
    result = await connection.execute(statement.returning(table.c.id))
    return result.scalar_one()


async def upsert_without_id(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> None:
    """Insert or update a row of a table whose primary key is `keys` (no id column)."""
    statement = dialect_insert(connection, table).values(**values)
    changes = {name: statement.excluded[name] for name in values if name not in keys}
    await connection.execute(
        statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
    )
