"""What every flow's actions module builds on: a button's data, typed.

An action is a small frozen class whose `encode()` gives the data a button carries and whose
class `read(data)` gives it back (None when the data is not it). Three shapes cover the flows:
`Tag` (the data is fixed: "in:done"), `OnRow` (a row id or a page: "prog:12") and `Named` (a
word of a known set, or a checked free text: "menu:bus", "sub:r:경기도 광명시"). `decode_as`
tries an actions module's kinds in order and never raises: data that is none of them (a typo,
a forged or an old button, too long, an id no row can have) is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

MAX_BYTES = 64  # Telegram's limit for button data; every action fits
ID_DIGITS = 18  # any id a row can have (64-bit); longer is forged


def row_id(text: str | None) -> int | None:
    """The id in button data ("123"), or None for anything else: other digits ("²", "٣"),
    signs, or more digits than a row id has (they would reach the database as an error)."""
    if text and len(text) <= ID_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def argument(data: str, prefix: str) -> str | None:
    """What follows `prefix:` in `data`, or None when `data` does not start with it."""
    head = prefix + ":"
    return data[len(head) :] if data.startswith(head) else None


@dataclass(frozen=True, slots=True)
class Tag:
    """An action that carries nothing: its data is its `prefix`."""

    prefix: ClassVar[str]

    def encode(self) -> str:
        return self.prefix

    @classmethod
    def read(cls, data: str) -> Any:
        return cls() if data == cls.prefix else None


@dataclass(frozen=True, slots=True)
class OnRow:
    """An action on a row id or a page number: `<prefix>:<number>`."""

    id: int
    prefix: ClassVar[str]

    def encode(self) -> str:
        return f"{self.prefix}:{self.id}"

    @classmethod
    def read(cls, data: str) -> Any:
        number = row_id(argument(data, cls.prefix))
        return None if number is None else cls(number)


@dataclass(frozen=True, slots=True)
class Named:
    """An action on a name: `<prefix>:<name>`, the name one of `names` (or, with no `names`,
    any text `allows` lets through)."""

    name: str
    prefix: ClassVar[str]
    names: ClassVar[tuple[str, ...]] = ()

    def encode(self) -> str:
        return f"{self.prefix}:{self.name}"

    @classmethod
    def allows(cls, name: str) -> bool:
        return name in cls.names

    @classmethod
    def read(cls, data: str) -> Any:
        name = argument(data, cls.prefix)
        return cls(name) if name is not None and cls.allows(name) else None


class Code(Named):
    """A name that is a short code of letters, digits, "_" or "-" ("ko", "zh_Hans", "care")."""

    @classmethod
    def allows(cls, name: str) -> bool:
        plain = name.replace("_", "a").replace("-", "a")
        return 0 < len(name) <= 24 and name.isascii() and plain.isalnum()


class Text(Named):
    """A name that is any short text without a line break (a region, a zone's name)."""

    @staticmethod
    def allows(name: str) -> bool:
        return bool(name.strip()) and "\n" not in name


def decode_as(kinds: Iterable[type], data: str | None) -> Any:
    """The first of `kinds` that reads `data`, or None."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    for kind in kinds:
        if (action := kind.read(data)) is not None:
            return action
    return None
