"""Dialect-aware INSERT … ON CONFLICT, for SQLite and PostgreSQL alike.

The statements are built once per table, columns and dialect, with bound parameters, so the
hot path of every update (inbox, user, conversation) reuses SQLAlchemy's compiled cache
instead of rebuilding statements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def dialect_insert(connection: AsyncConnection, table: Table):
    """`INSERT` of the connection's dialect, which knows `ON CONFLICT`."""
    return DIALECTS[connection.dialect.name].insert(table)


@lru_cache(maxsize=128)
def _statement(dialect: str, table: Table, columns: tuple, keys: tuple, update: bool, returning):
    statement = (
        DIALECTS[dialect]
        .insert(table)
        .values({name: bindparam(name, type_=table.c[name].type) for name in columns})
    )
    if not update:
        return statement.on_conflict_do_nothing(index_elements=list(keys))
    changes = {name: statement.excluded[name] for name in columns if name not in keys}
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
    return statement.returning(*returning) if returning else statement


async def _execute(connection, table, values, keys, *, update: bool, returning=()):
    statement = _statement(
        connection.dialect.name, table, tuple(values), tuple(keys), update, tuple(returning)
    )
    return await connection.execute(statement, dict(values))


async def insert_ignoring_conflict(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> bool:
    """Insert a row unless one with the same `keys` exists; True when a row was inserted."""
    result = await _execute(connection, table, values, keys, update=False)
    return result.rowcount == 1


async def upsert(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> int:
    """Insert or update the row identified by `keys`; returns its id."""
    result = await _execute(connection, table, values, keys, update=True, returning=(table.c.id,))
    return result.scalar_one()


async def upsert_without_id(
    connection: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> None:
    """Insert or update a row of a table whose primary key is `keys` (no id column)."""
    await _execute(connection, table, values, keys, update=True)


async def upsert_returning_row(
    connection: AsyncConnection,
    table: Table,
    values: Mapping[str, Any],
    keys: Sequence[str],
    changes: Sequence[str],
):
    """Insert a row, or on conflict update only `changes`; returns the whole row."""
    statement = _statement_changing(
        connection.dialect.name, table, tuple(values), tuple(keys), tuple(changes)
    )
    return (await connection.execute(statement, dict(values))).one()


@lru_cache(maxsize=32)
def _statement_changing(dialect: str, table: Table, columns: tuple, keys: tuple, changes: tuple):
    statement = (
        DIALECTS[dialect]
        .insert(table)
        .values({name: bindparam(name, type_=table.c[name].type) for name in columns})
    )
    updated = {name: statement.excluded[name] for name in changes}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=updated).returning(
        *table.c
    )
