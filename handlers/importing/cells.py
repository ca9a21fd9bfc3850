"""Reading one row's cells as typed values, noting every problem in plain English.

A `Cells` never raises: each reader returns None for a value it cannot use and adds a sentence
an operator can act on ("traStartDate "2027-13-01" is not a date; write YYYY-MM-DD or YYYYMMDD").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from handlers.importing.formats import SourceRow

_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%Y/%m/%d")
_DATE_SHAPE = re.compile(r"^\d{4}([-./])\d{1,2}\1\d{1,2}$|^\d{8}$")
_TIME_SHAPE = re.compile(r"^(\d{1,2}):(\d{2})$")
_INTEGER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")


class Cells:
    def __init__(self, row: SourceRow, columns: dict[str, str]) -> None:
        """`columns` maps each known column to the file's spelling of it (case may differ)."""
        self.row = row
        self._columns = columns
        self.problems: list[str] = []
        if row.extra_cells:
            self.problems.append(
                f"it has {row.extra_cells} more cell(s) than the header has columns; "
                "a comma inside a value needs quotes"
            )

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def raw(self, column: str) -> str:
        name = self._columns.get(column)
        return self.row.values.get(name, "") if name else ""

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.raw(column)
        if value:
            return value
        if required:
            self.problem(f"{column} is empty; it is required")
        return None

    def integer(self, column: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        if value.endswith(".0"):  # spreadsheets export whole numbers as 24.0
            value = value[:-2]
        if not _INTEGER.match(value):
            self.problem(f'{column} "{value}" is not a whole number')
            return None
        number = int(value.replace(",", ""))
        if number < minimum:
            self.problem(f"{column} is {number}; it must be at least {minimum}")
            return None
        return number

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        if _DATE_SHAPE.match(value):
            for pattern in _DATE_FORMATS:
                try:
                    return datetime.strptime(value, pattern).date()
                except ValueError:
                    continue
        self.problem(f'{column} "{value}" is not a date; write YYYY-MM-DD or YYYYMMDD')
        return None

    def clock(self, column: str, *, required: bool = False) -> time | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        match = _TIME_SHAPE.match(value)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        self.problem(f'{column} "{value}" is not a time of day; write HH:MM, e.g. 09:30')
        return None

    def number(self, column: str, low: float, high: float, where: str) -> float | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.problem(f'{column} "{value}" is not a number')
            return None
        if not low <= number <= high:
            self.problem(f"{column} {value} is out of range; {where}")
            return None
        return number

    def ordered(self, first: str, first_value, second: str, second_value, *, strict: bool) -> None:
        """Notes a problem when the second value comes before (or, if strict, at) the first."""
        if first_value is None or second_value is None:
            return
        if second_value < first_value or (strict and second_value == first_value):
            relation = "is not after" if strict else "is before"
            self.problem(
                f"{second} {_shown(second_value)} {relation} {first} {_shown(first_value)}"
            )


def _shown(value) -> str:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value.isoformat() if isinstance(value, date) else str(value)
