"""Reading submitted forms: each reader returns a typed value or raises `FormError` with a
short Korean sentence that the page shows above the form, with what was typed kept."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from datetime import date, time
from typing import Literal, overload

from multidict import MultiDictProxy

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class FormError(ValueError):
    """A field is missing or wrong; the message says which, in Korean."""


def values_of(form: MultiDictProxy[str]) -> dict[str, str]:
    """What was typed, to fill the form again (lists keep their first value)."""
    return {key: str(form.get(key, "")) for key in form if key not in ("csrf", "password")}


# A reader with `required=True` never returns None: it raises FormError instead.
@overload
def text(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: Literal[True],
    max_length: int = 200,
) -> str: ...
@overload
def text(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: bool = False,
    max_length: int = 200,
) -> str | None: ...
def text(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: bool = False,
    max_length: int = 200,
) -> str | None:
    value = str(form.get(name, "")).strip()
    if not value:
        if required:
            raise FormError(f"{label}을(를) 입력해 주세요.")
        return None
    if len(value) > max_length:
        raise FormError(f"{label}은(는) {max_length}자 이하로 써 주세요.")
    return value


@overload
def number(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: Literal[True],
    minimum: int = 0,
    maximum: int = 100_000,
) -> int: ...
@overload
def number(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: bool = False,
    minimum: int = 0,
    maximum: int = 100_000,
) -> int | None: ...
def number(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    *,
    required: bool = False,
    minimum: int = 0,
    maximum: int = 100_000,
) -> int | None:
    value = text(form, name, label, required=required, max_length=9)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise FormError(f"{label}에는 {minimum}부터 {maximum}까지의 숫자를 써 주세요.")
    return int(value)


@overload
def day(form: MultiDictProxy[str], name: str, label: str, *, required: Literal[True]) -> date: ...
@overload
def day(
    form: MultiDictProxy[str], name: str, label: str, *, required: bool = False
) -> date | None: ...
def day(form: MultiDictProxy[str], name: str, label: str, *, required: bool = False) -> date | None:
    value = text(form, name, label, required=required, max_length=10)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormError(f"{label}은(는) 2026-11-26처럼 써 주세요.") from None


@overload
def clock(form: MultiDictProxy[str], name: str, label: str, *, required: Literal[True]) -> time: ...
@overload
def clock(
    form: MultiDictProxy[str], name: str, label: str, *, required: bool = False
) -> time | None: ...
def clock(
    form: MultiDictProxy[str], name: str, label: str, *, required: bool = False
) -> time | None:
    value = text(form, name, label, required=required, max_length=5)
    if value is None:
        return None
    match = _TIME.match(value)
    if not match:
        raise FormError(f"{label}은(는) 09:30처럼 써 주세요.")
    return time(int(match[1]), int(match[2]))


@overload
def choice(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    allowed: Container[str],
    *,
    required: Literal[True],
) -> str: ...
@overload
def choice(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    allowed: Container[str],
    *,
    required: bool = False,
) -> str | None: ...
def choice(
    form: MultiDictProxy[str],
    name: str,
    label: str,
    allowed: Container[str],
    *,
    required: bool = False,
) -> str | None:
    value = text(form, name, label, required=required, max_length=40)
    if value is not None and value not in allowed:
        raise FormError(f"{label}에서 목록에 있는 것을 골라 주세요.")
    return value


def choices(form: MultiDictProxy[str], name: str, label: str, allowed: Iterable[str]) -> list[str]:
    given = [str(value) for value in form.getall(name, [])]
    if any(value not in allowed for value in given):
        raise FormError(f"{label}에서 목록에 있는 것만 골라 주세요.")
    return [value for value in allowed if value in given]  # in the list's own order
