"""Checking every row of a file of one kind: typed rows, or the reasons a row cannot be used.

Each kind lists the columns it reads; a missing required column is one problem with the header
(row 1), not one per row. A row repeated with the same identity is dropped when it says the
same thing, and rejected when it contradicts the first one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from handlers.importing.bus_rows import BUS_COLUMNS, bus_visit
from handlers.importing.catalogue_rows import (
    HRD_COLUMNS,
    SAEIL_CENTRE_COLUMNS,
    SAEIL_COURSE_COLUMNS,
    hrd_cohort,
    saeil_centre,
    saeil_course,
)
from handlers.importing.cells import Cells
from handlers.importing.formats import SourceFile, canonical_columns
from handlers.importing.outcome_rows import OUTCOME_COLUMNS, outcome


@dataclass(frozen=True)
class Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def known(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass(frozen=True)
class RowError:
    row: int  # as the operator counts (see formats.py); 1 is a CSV's header, 0 the whole file
    reason: str


@dataclass(frozen=True)
class Kind:
    columns: Columns
    read: Callable  # (Cells, tz) -> typed row or None; problems are noted on the Cells
    same: str  # how a repeated identity is described: "the same cohort"


KINDS: dict[str, Kind] = {
    "hrd-courses": Kind(Columns(*HRD_COLUMNS), hrd_cohort, "the same course and cohort"),
    "saeil-centres": Kind(Columns(*SAEIL_CENTRE_COLUMNS), saeil_centre, "the same centre"),
    "saeil-courses": Kind(Columns(*SAEIL_COURSE_COLUMNS), saeil_course, "the same course"),
    "bus-visits": Kind(Columns(*BUS_COLUMNS), bus_visit, "the same visit (day and site)"),
    "outcomes": Kind(Columns(*OUTCOME_COLUMNS), outcome, "the same participant of the cohort"),
}


def check_rows(kind: str, source: SourceFile, tz: tzinfo, progress=None) -> tuple[list, list]:
    """(typed rows, errors) for every row of `source` read as `kind`."""
    spec = KINDS[kind]
    columns = canonical_columns(source.columns, spec.columns.known)
    missing = [name for name in spec.columns.required if name not in columns]
    if missing:
        where = 1 if source.format == "CSV" else 0
        names = ", ".join(missing)
        return [], [RowError(where, f"the file has no {names} column(s), which {kind} needs")]
    typed: list[Any] = []
    errors: list[RowError] = []
    seen: dict[str, Any] = {}
    total = len(source.rows)
    for done, row in enumerate(source.rows, start=1):
        cells = Cells(row, columns)
        value = spec.read(cells, tz)
        if cells.problems or value is None:
            errors.extend(RowError(row.number, problem) for problem in cells.problems)
        elif value.identity in seen:
            first = seen[value.identity]
            if first != value:
                unit = source.unit
                reason = _contradicts(spec.same, value.identity, unit, first.row)
                errors.append(RowError(row.number, reason))
        else:
            seen[value.identity] = value
            typed.append(value)
        if progress is not None and (done % 500 == 0 or done == total):
            progress("checking", done, total)
    return typed, errors


def _contradicts(same: str, identity: str, unit: str, first_row: int) -> str:
    return (
        f"it is {same} as {unit} {first_row} ({identity}) with different values; keep one of them"
    )
