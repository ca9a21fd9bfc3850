"""Writing outcome rows: every cohort they name must exist (else each such row is an error and
nothing is written); each participant is added, or changed in place by her number."""

from __future__ import annotations

from datetime import datetime

from handlers.importing.outcome_rows import OutcomeRow
from handlers.importing.report import Tally
from handlers.importing.rows import RowError
from storage.uow import UnitOfWork


async def unknown_cohorts(uow: UnitOfWork, rows: list[OutcomeRow]) -> list[RowError]:
    known = await uow.outcomes.cohort_by_key(sorted({row.cohort for row in rows}))
    return [
        RowError(row.row, f'cohort "{row.cohort}" is not a cohort key we know')
        for row in rows
        if row.cohort not in known
    ]


async def save_outcomes(uow: UnitOfWork, rows: list[OutcomeRow], now: datetime) -> dict[str, Tally]:
    known = await uow.outcomes.cohort_by_key(sorted({row.cohort for row in rows}))
    tally = Tally()
    for row in rows:
        values = dict(row.values)
        done = await uow.outcomes.upsert(
            known[row.cohort], row.number, now, source="import", **values
        )
        setattr(tally, done, getattr(tally, done) + 1)
    return {"participants": tally}
