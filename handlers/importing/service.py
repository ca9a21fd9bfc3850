"""`import_file`: read a public-data file, check every row, and only then upsert them all.

All or nothing: when any row is bad, nothing is written and the report lists every bad row.
Otherwise the rows are upserted by the source's identity inside the caller's unit of work,
which commits when `report.ok` (this never commits).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from handlers.importing.catalogue_rows import (
    HrdCohortRow,
    SaeilCentreRow,
    SaeilCourseRow,
    saeil_centre_key,
)
from handlers.importing.formats import UnreadableFile, guess_kind, read_source
from handlers.importing.regions import short_sido
from handlers.importing.report import ImportReport, Progress, Tally
from handlers.importing.rows import KINDS, check_rows
from handlers.importing.saving import TableWriter
from handlers.importing.saving_bus import save_bus_visits
from handlers.importing.saving_outcomes import save_outcomes, unknown_cohorts
from storage.repositories.imports import ImportRepository
from storage.uow import UnitOfWork


async def import_file(
    uow: UnitOfWork,
    path: Path | str,
    kind: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Checks and upserts the file; raises `UnreadableFile` when it cannot be read at all.
    Outcomes are checked against the stored cohorts too, and saved by their own writer."""
    if kind is not None and kind not in KINDS:
        raise UnreadableFile(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    source = read_source(Path(path))
    kind = kind or guess_kind(source)
    rows, errors = check_rows(kind, source, tz or ZoneInfo("Asia/Seoul"), progress)
    if kind == "outcomes" and not errors:
        errors = await unknown_cohorts(uow, rows)
    report = ImportReport(
        path=source.path,
        kind=kind,
        format=source.format,
        encoding=source.encoding,
        unit=source.unit,
        rows=len(source.rows),
        errors=errors,
        repeated=0 if errors else len(source.rows) - len(rows),
    )
    if report.ok and kind == "outcomes":
        report.tallies = await save_outcomes(uow, rows, now or datetime.now(UTC))
    elif report.ok:
        writer = TableWriter(ImportRepository(uow.connection), progress)
        report.tallies = await SAVERS[kind](writer, rows)
    return report


async def save_hrd_courses(writer: TableWriter, rows: list[HrdCohortRow]) -> dict[str, Tally]:
    centres, programmes = {}, {}
    for row in rows:  # a later row of the same institution or course wins
        centre_key = f"hrd:{short_sido(row.sido)}:{row.sigungu or ''}:{row.institution}"
        centres[centre_key] = dict(
            key=centre_key,
            name=row.institution,
            kind="agency",
            sido=row.sido,
            sigungu=row.sigungu,
            address=row.address,
            phone=row.phone,
            source="hrd",
        )
        programmes[f"hrd:{row.course_id}"] = (centre_key, row)
    centre_tally, centre_ids = await writer.save("centres", centres)
    programme_tally, programme_ids = await writer.save(
        "programmes",
        {
            key: dict(
                key=key,
                centre_id=centre_ids[centre_key],
                title=row.title,
                kind="course",
                audience=row.audience,
                target_groups=[],
                fields=list(row.fields),
                cost=row.cost,
                contact=row.phone,
                url=row.url,
                source="hrd",
            )
            for key, (centre_key, row) in programmes.items()
        },
    )
    cohort_tally, _ = await writer.save(
        "cohorts",
        {
            row.identity: dict(
                key=row.identity,
                programme_id=programme_ids[f"hrd:{row.course_id}"],
                number=row.number,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                capacity=row.capacity,
                seats_left=row.seats_left,
            )
            for row in rows
        },
    )
    return {"centres": centre_tally, "programmes": programme_tally, "cohorts": cohort_tally}


async def save_saeil_centres(writer: TableWriter, rows: list[SaeilCentreRow]) -> dict[str, Tally]:
    # A centre first met in a course file has no 시/군/구 in its key; it becomes this one.
    placeholders = {
        saeil_centre_key(row.area, None, row.name): row.identity for row in rows if row.sigungu
    }
    stored = await writer.repository.existing("centres", [*placeholders, *placeholders.values()])
    renames = {old: new for old, new in placeholders.items() if old in stored and new not in stored}
    await writer.repository.rekey("centres", renames)
    centres = {
        row.identity: dict(
            key=row.identity,
            name=row.name,
            kind="saeil",
            sido=row.sido,
            sigungu=row.sigungu,
            address=row.address,
            phone=row.phone,
            source="saeil",
        )
        for row in rows
    }
    tally, _ = await writer.save("centres", centres)
    return {"centres": tally}


async def save_saeil_courses(writer: TableWriter, rows: list[SaeilCourseRow]) -> dict[str, Tally]:
    centre_keys, centre_tally = await _saeil_centres_of(writer, rows)
    programme_tally, programme_ids = await writer.save(
        "programmes",
        {
            row.programme_key: dict(
                key=row.programme_key,
                centre_id=centre_keys[(row.area, row.centre)][1],
                title=row.title,
                kind="course",
                audience="job_seekers",
                target_groups=["career_break"],
                fields=list(row.fields),
                hours=row.hours,
                source="saeil",
            )
            for row in rows
        },
    )
    cohort_tally, _ = await writer.save(
        "cohorts",
        {
            row.identity: dict(
                key=row.identity,
                programme_id=programme_ids[row.programme_key],
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                capacity=row.capacity,
            )
            for row in rows
        },
    )
    return {"centres": centre_tally, "programmes": programme_tally, "cohorts": cohort_tally}


async def _saeil_centres_of(writer: TableWriter, rows: list[SaeilCourseRow]):
    """(area, centre name) -> (key, id) of the 새일센터 it names; missing ones are created."""
    wanted = {(row.area, row.centre): row.sido for row in rows}
    stored = await writer.repository.rows_where("centres", "name", {name for _a, name in wanted})
    found = {
        (short_sido(centre["sido"]), centre["name"]): (centre["key"], centre["id"])
        for centre in stored
        if centre["source"] == "saeil"
    }
    missing = {
        saeil_centre_key(area, None, name): dict(
            key=saeil_centre_key(area, None, name),
            name=name,
            kind="saeil",
            sido=sido,
            source="saeil",
        )
        for (area, name), sido in wanted.items()
        if (area, name) not in found
    }
    tally, ids = await writer.save("centres", missing)
    tally.unchanged += len(wanted) - len(missing)
    for key, record in missing.items():
        found[(short_sido(record["sido"]), record["name"])] = (key, ids[key])
    return found, tally


SAVERS: dict[str, Callable[[TableWriter, Any], Awaitable[dict[str, Tally]]]] = {
    "hrd-courses": save_hrd_courses,
    "saeil-centres": save_saeil_centres,
    "saeil-courses": save_saeil_courses,
    "bus-visits": save_bus_visits,
}
