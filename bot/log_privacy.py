"""What keeps personal data out of log lines, whatever fails.

An exception's text can hold anything it was given: a database error repeats the values of the
row it could not write (PostgreSQL's `DETAIL: Key (…)=(…)`), a parsing error the text it could
not read. So a logged exception keeps its types and where it happened (file, line, function),
never its message. And any string that still looks like a Korean phone number is
masked, in the event and in every field."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from structlog.typing import EventDict

from handlers.phones import mask_phones

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _resolved(exc_info) -> ExcInfo | None:
    if exc_info is True:
        exc_info = sys.exc_info()
    if isinstance(exc_info, BaseException):
        return type(exc_info), exc_info, exc_info.__traceback__
    if isinstance(exc_info, tuple) and exc_info[0] is not None:
        return exc_info
    return None


def describe_exception(error: BaseException) -> str:
    """The traceback of `error` and its causes: types and places (file, line, function), no
    messages and no source lines (a line may hold a literal)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = [
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
            for frame in traceback.extract_tb(current.__traceback__)
        ]
        kind = type(current)
        parts.append("".join(frames) + f"{kind.__module__}.{kind.__qualname__} (message hidden)")
        current = current.__cause__ or current.__context__
    return "\nwhich came while handling:\n".join(reversed(parts))


def private_exception(_logger: object, _method: str, event: EventDict) -> EventDict:
    """structlog processor: `exc_info` becomes `exception` without the exception's text."""
    resolved = _resolved(event.pop("exc_info", None))
    if resolved is not None:
        event["exception"] = describe_exception(resolved[1])
    return event


def masked_phones(_logger: object, _method: str, event: EventDict) -> EventDict:
    """structlog processor: phone numbers in any string field become `[phone]`."""
    for key, value in event.items():
        if isinstance(value, str) and not key.startswith("_"):
            event[key] = mask_phones(value)
    return event
