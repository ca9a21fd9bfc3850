"""The handoff's buttons: end the talk, or ask for a person of a given centre."""

from __future__ import annotations

from handlers.flows.common import row_id, split_data

NAMESPACE = "ho"
END = "ho:end"
PERSON = "menu:person"
BOOK = "menu:booking"


def for_centre(centre_id: int) -> str:
    """Ask for a counsellor of this centre (the one whose course she was looking at)."""
    return f"{NAMESPACE}:c:{centre_id}"


def centre_of(data: str | None) -> int | None:
    """The centre a `for_centre` button names, or None."""
    namespace, value = split_data(data)
    kind, _sep, rest = value.partition(":")
    return row_id(rest) if namespace == NAMESPACE and kind == "c" else None
