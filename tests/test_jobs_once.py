"""Each periodic job runs once a period however many processes check it (`run_claimed`): the
first claim of a period wins, later ones in it do nothing, the next period runs again, and a
run that fails gives its period back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.scheduler import PeriodicJob, run_claimed
from storage.uow import UnitOfWorkFactory

DAY = timedelta(days=1)
NOON = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


class Runs:
    def __init__(self, fail: bool = False) -> None:
        self.count, self.fail = 0, fail

    async def __call__(self) -> None:
        self.count += 1
        if self.fail:
            raise RuntimeError("the job failed")


async def test_a_daily_job_runs_once_a_day_whoever_checks(engine):
    runs, factory = Runs(), UnitOfWorkFactory(engine)
    job = PeriodicJob("retention", runs, (), DAY)
    checks = [NOON, NOON + timedelta(hours=3), NOON + timedelta(hours=11, minutes=59)]
    assert [await run_claimed(job, factory, lambda at=at: at) for at in checks] == [
        True,
        False,
        False,
    ]
    assert await run_claimed(job, factory, lambda: NOON + DAY)  # the next day
    assert runs.count == 2


async def test_a_failed_run_gives_its_period_back(engine):
    factory = UnitOfWorkFactory(engine)
    failing = PeriodicJob("nudge", Runs(fail=True), (), timedelta(seconds=30))
    with pytest.raises(RuntimeError):
        await run_claimed(failing, factory, lambda: NOON)
    working = PeriodicJob("nudge", Runs(), (), timedelta(seconds=30))
    assert await run_claimed(working, factory, lambda: NOON + timedelta(seconds=1))
