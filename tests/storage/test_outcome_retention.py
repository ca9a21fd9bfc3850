"""Retention of outcome records: records unchanged for RETENTION_DAYS are deleted by the daily
retention job, and the figures already reported for their cohorts stay, as anonymous counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.admin.outcomes_figures import Period, cells, gather
from bot.scheduler import forget
from storage.demo import load_demo
from storage.records import EVERYTHING
from storage.tables import participants
from storage.uow import UnitOfWork

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2026, 12, 6)
YEAR = Period(TODAY - timedelta(days=365), TODAY)


async def figures_of(engine) -> list[str]:
    async with UnitOfWork(engine) as uow:
        _cohorts, _people, found = await gather(uow, EVERYTHING, YEAR)
    return cells(found.total)


async def test_retention_deletes_old_records_and_the_cohorts_figures_stay(engine):
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, TODAY, SEOUL)
        await uow.commit()
    before = await figures_of(engine)
    assert before[:6] == ["24", "19", "79%", "13", "68%", "54%"]

    loaded = datetime(2026, 12, 6, 0, tzinfo=UTC)
    await forget(
        lambda: UnitOfWork(engine), lambda: loaded + timedelta(days=30), timedelta(days=365)
    )
    async with engine.connect() as connection:
        assert (
            await connection.execute(select(func.count()).select_from(participants))
        ).scalar() == 24

    await forget(
        lambda: UnitOfWork(engine), lambda: loaded + timedelta(days=400), timedelta(days=365)
    )

    async with engine.connect() as connection:
        assert (
            await connection.execute(select(func.count()).select_from(participants))
        ).scalar() == 0
    assert await figures_of(engine) == before
