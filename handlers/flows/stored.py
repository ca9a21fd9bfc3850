"""Reading a flow's state back from the conversation's stored data (JSON): each field through
its own reader, which turns anything unreadable into None rather than an error, so a
conversation stored by an older version carries on where it was."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.flows.button_data import row_id

Reader = Callable[[object], Any]


def read_fields(data: object, readers: Mapping[str, Reader]) -> dict[str, Any]:
    """Each stored key read by its reader; a field whose key is missing reads as None."""
    stored = data if isinstance(data, Mapping) else {}
    return {key: read(stored.get(key)) for key, read in readers.items()}


def present(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` without its empty fields (they read back as the defaults)."""
    return {key: value for key, value in data.items() if value is not None}


def stored_text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def stored_id(value: object) -> int | None:
    """A row id kept as a number (or, by an older version, as text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    return row_id(value) if isinstance(value, str) else None
