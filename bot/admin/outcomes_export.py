"""Outcome exports for the reports staff file: one row per participant (CSV, or the first sheet
of an XLSX) and the figures (a second sheet, or their own CSV). The columns are ilteo's own,
listed in the README; the figures are the page's, small cells suppressed the same way."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from bot.admin.outcomes_figures import HEADINGS, Figures
from storage.repositories.outcomes_records import RECORDED, OutcomeCohort, Participant

PARTICIPANT_COLUMNS = (
    "centre",
    "programme",
    "cohort",
    "cohort_starts",
    "cohort_ends",
    "number",
    *RECORDED,
    "source",
)
FIGURE_COLUMNS = ("level", "name", *HEADINGS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def participant_rows(cohorts: list[OutcomeCohort], people: list[Participant]) -> list[list[str]]:
    by_id = {cohort.id: cohort for cohort in cohorts}
    rows = []
    for person in people:
        cohort = by_id[person.cohort_id]
        head = [cohort.centre, cohort.programme, cohort.key, cohort.starts_on, cohort.ends_on]
        rest = [getattr(person, name) for name in PARTICIPANT_COLUMNS[5:]]
        rows.append([_text(value) for value in head + rest])
    return rows


def figure_rows(found: Figures) -> list[list[str]]:
    rows = [[row.level, row.label, *row.cells] for row in found.rows]
    for name, breakdown in found.breakdowns.items():
        rows += [[name, row.label, *row.cells] for row in breakdown]
    return rows


def as_csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel in Korea opens it as it is."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(participants: list[list[str]], figures: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "participants"
    sheet.append(list(PARTICIPANT_COLUMNS))
    for values in participants:
        sheet.append(values)
    numbers = book.create_sheet("figures")
    numbers.append(list(FIGURE_COLUMNS))
    for values in figures:
        numbers.append([int(v) if v.isdigit() else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
