"""`ilteo import FILE [--kind …] [--progress]`: runs the import in one unit of work and reports.

Exit codes: 0 imported, 1 rejected (a bad row; nothing changed), 2 the file cannot be read
(or its kind cannot be told), 3 the database schema is not current. The report goes to
standard output; the progress bar to standard error, when it is a terminal or when asked.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from handlers.importing import KIND_NAMES, KINDS, ImportReport, UnreadableFile, import_file
from storage.database import create_engine
from storage.migrate import schema_is_current
from storage.uow import UnitOfWork

KIND_CHOICES = tuple(KINDS)
BAR_FROM_ROWS = 1000  # on a terminal, smaller files finish before a bar would help


async def run_import(settings: Settings, path: Path, kind: str | None, progress: bool) -> int:
    """Imports `path`, prints the report, and returns the exit code."""
    bar = ProgressBar(sys.stderr, always=progress) if progress or sys.stderr.isatty() else None
    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            print(
                "Nothing was imported: the database schema is not current.\n"
                "Run `ilteo db upgrade` first, then import again.",
                file=sys.stderr,
            )
            return 3
        async with UnitOfWork(engine) as uow:
            report = await import_file(uow, path, kind, ZoneInfo(settings.timezone), bar)
            if report.ok:
                await uow.commit()
    except UnreadableFile as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
        await engine.dispose()
    print("\n".join(report_lines(report)))
    return 0 if report.ok else 1


def report_lines(report: ImportReport) -> list[str]:
    """The report as an operator reads it: counts per table, or every bad row and why."""
    what = (
        f"{KIND_NAMES[report.kind]}, {report.format} in {report.encoding}, "
        f"{report.rows:,} {report.unit}{'' if report.rows == 1 else 's'}"
    )
    name = report.path.name
    if not report.ok:
        lines = [
            f"Nothing was imported from {name} ({what}): "
            f"{report.bad_rows} {report.unit}(s) have problems."
        ]
        lines += [f"  {_where(report, error.row)}: {error.reason}" for error in report.errors]
        lines.append("Fix them and import the file again; no row of it was saved.")
        return lines
    lines = [f"Imported {name} ({what})."]
    if report.repeated:
        lines.append(f"{report.repeated} repeated {report.unit}(s) were the same as earlier ones.")
    lines.append(f"  {'':<12}{'added':>7}{'changed':>9}{'unchanged':>11}")
    for table, tally in report.tallies.items():
        lines.append(f"  {table:<12}{tally.added:>7}{tally.changed:>9}{tally.unchanged:>11}")
    return lines


def _where(report: ImportReport, row: int) -> str:
    if row == 0:
        return "the file"
    if row == 1 and report.unit == "row":
        return "row 1 (the header)"
    return f"{report.unit} {row}"


class ProgressBar:
    """A text bar on a terminal ("checking  [#####-----]  5,000/10,000"), or a line per 10 %.

    Drawn for files of `BAR_FROM_ROWS` rows or more, or for every file when asked (`always`).
    """

    WIDTH = 30

    def __init__(self, stream: TextIO, *, always: bool = False) -> None:
        self._stream = stream
        self._always = always
        self._live = stream.isatty()
        self._stage: str | None = None
        self._shown = -1
        self._drawing = False
        self._enabled: bool | None = None  # decided by the first call, which counts the rows

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._enabled is None:
            self._enabled = self._always or total >= BAR_FROM_ROWS
        if not self._enabled or not total:
            return
        if stage != self._stage:
            self._end_line()
            self._stage, self._shown = stage, -1
        tenth = done * 10 // total
        if self._live:
            filled = done * self.WIDTH // total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self._stream.write(f"\r{stage:<22}[{bar}] {done:,}/{total:,}")
            self._drawing = True
        elif tenth != self._shown:
            self._stream.write(f"{stage}: {done:,}/{total:,}\n")
        self._shown = tenth
        self._stream.flush()

    def close(self) -> None:
        self._end_line()

    def _end_line(self) -> None:
        if self._drawing:
            self._stream.write("\n")
            self._stream.flush()
            self._drawing = False
