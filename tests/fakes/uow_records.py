"""Records built from the values a repository is given, as the tables' defaults fill them."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


def record_of(kind: type[T], values: dict[str, Any]) -> T:
    """`kind` from `values` (lists become tuples, as `columns_of` makes them); a field with
    no default that `values` lacks is None, as a nullable column without a default."""
    made: dict[str, Any] = {}
    for each in fields(kind):  # type: ignore[arg-type]
        if each.name in values:
            value = values[each.name]
            made[each.name] = tuple(value) if isinstance(value, list) else value
        elif each.default is MISSING and each.default_factory is MISSING:
            made[each.name] = None
    return kind(**made)


def existing_id(table: dict[Any, Any], key: str, value: Any) -> int | None:
    """The id of the row whose `key` is `value` (an upsert's identity), None for a new one."""
    return next((id_ for id_, row in table.items() if getattr(row, key) == value), None)
