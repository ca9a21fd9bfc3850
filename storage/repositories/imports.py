"""Batch reads and writes for `ilteo import`: thousands of rows in a few round trips.

Rows are plain dicts of column values, looked up and upserted by one identifying column
(`key` for most tables, `code` for zones, `name` to find a site). Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import dialect_insert
from storage.tables import bus_sites, bus_visits, bus_zones, centres, cohorts, programmes

TABLES: dict[str, Table] = {
    table.name: table for table in (centres, programmes, cohorts, bus_zones, bus_sites, bus_visits)
}
LOOKUP_CHUNK = 500  # values per `IN (...)`: well under SQLite's and asyncpg's parameter limits
WRITE_CHUNK = 1000  # rows per executemany


class ImportRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def rows_where(
        self, table_name: str, column: str, values: Iterable[Any]
    ) -> list[dict[str, Any]]:
        """Every row of the table whose `column` is one of `values`."""
        table = TABLES[table_name]
        wanted = list(dict.fromkeys(values))
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            query = select(table).where(table.c[column].in_(chunk))
            result = await self._connection.execute(query)
            found.extend(dict(row) for row in result.mappings().all())
        return found

    async def existing(
        self, table_name: str, values: Iterable[Any], column: str = "key"
    ) -> dict[Any, dict[str, Any]]:
        """The stored rows whose unique `column` is one of `values`, by that value."""
        return {row[column]: row for row in await self.rows_where(table_name, column, values)}

    async def upsert_many(
        self,
        table_name: str,
        rows: Sequence[Mapping[str, Any]],
        key: str = "key",
        on_written=None,
    ) -> None:
        """Insert the rows, or update the stored row with the same `key` (executemany).

        Every row must have the same columns; only those columns are written.
        `on_written(count)` is called after each chunk, for a progress bar.
        """
        if not rows:
            return
        table = TABLES[table_name]
        columns = list(rows[0])
        statement = dialect_insert(self._connection, table).values(
            {name: bindparam(name, type_=table.c[name].type) for name in columns}
        )
        changes = {name: statement.excluded[name] for name in columns if name != key}
        statement = statement.on_conflict_do_update(index_elements=[key], set_=changes)
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = [dict(row) for row in rows[start : start + WRITE_CHUNK]]
            await self._connection.execute(statement, chunk)
            if on_written is not None:
                on_written(len(chunk))

    async def insert_missing(
        self, table_name: str, rows: Sequence[Mapping[str, Any]], key: str
    ) -> None:
        """Insert the rows whose `key` is not stored yet; stored rows are left as they are."""
        if not rows:
            return
        table = TABLES[table_name]
        statement = dialect_insert(self._connection, table).on_conflict_do_nothing(
            index_elements=[key]
        )
        await self._connection.execute(statement, [dict(row) for row in rows])

    async def rekey(self, table_name: str, renames: Mapping[str, str]) -> None:
        """Give stored rows a new `key` (old key -> new key), keeping their ids."""
        if not renames:
            return
        table = TABLES[table_name]
        statement = (
            update(table)
            .where(table.c.key == bindparam("old_key"))
            .values(key=bindparam("new_key"))
        )
        await self._connection.execute(
            statement, [{"old_key": old, "new_key": new} for old, new in renames.items()]
        )

    async def ids(
        self, table_name: str, keys: Iterable[Any], column: str = "key"
    ) -> dict[Any, int]:
        """The id of each stored row, by its unique `column`."""
        table = TABLES[table_name]
        wanted = list(dict.fromkeys(keys))
        found: dict[Any, int] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            query = select(table.c[column], table.c.id).where(table.c[column].in_(chunk))
            for value, row_id in (await self._connection.execute(query)).all():
                found[value] = row_id
        return found
