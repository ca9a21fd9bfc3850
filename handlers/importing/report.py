"""What an import did, or why it did nothing: counts per table, or every bad row with its reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handlers.importing.rows import RowError

# Called as progress(stage, done, total): stage is "checking" or "saving <table>".
Progress = Callable[[str, int, int], None]


@dataclass
class Tally:
    added: int = 0
    changed: int = 0  # stored under the same key, with at least one value different
    unchanged: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.added + other.added,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
        )


@dataclass
class ImportReport:
    path: Path
    kind: str
    format: str  # CSV, JSON
    encoding: str
    unit: str  # "row" or "record", as the errors count them
    rows: int  # data rows read
    errors: list[RowError] = field(default_factory=list)
    repeated: int = 0  # rows that repeated an earlier one exactly, and were skipped
    tallies: dict[str, Tally] = field(default_factory=dict)  # table -> counts, in write order

    @property
    def ok(self) -> bool:
        """True when every row was good; only then was anything written (and may be committed)."""
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})
