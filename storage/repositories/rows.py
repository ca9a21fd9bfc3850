"""Turning rows into records: joined tables are selected with prefixed labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table


def labelled(table: Table, prefix: str) -> list:
    """The columns of `table`, labelled `<prefix>_<name>` so joins never clash."""
    return [column.label(f"{prefix}_{column.name}") for column in table.c]


def columns_of(row, prefix: str = "") -> dict[str, Any]:
    """The values of one table in a row, by their plain column names; lists become tuples."""
    start = f"{prefix}_" if prefix else ""
    values = {}
    for name, value in row._mapping.items():
        if name.startswith(start):
            values[name[len(start) :]] = tuple(value) if isinstance(value, list) else value
    return values
