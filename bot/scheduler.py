"""The scheduler (APScheduler 3) and its jobs: the intake nudge, pruning the inbox and the daily
retention clean-up; alongside it runs the outbox dispatch loop, which wakes when a message is
due. Jobs take the clock as a dependency, so tests can move time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.dispatch import Dispatcher
from handlers.nudges import queue_nudges
from storage.repositories.retention import forget_inactive
from storage.uow import UnitOfWork

INBOX_KEEP = timedelta(days=7)  # Telegram re-delivers for at most a day; keep a week.
RETENTION_FIRST_RUN = timedelta(minutes=1)  # after a start, then daily: restarts never skip it
log = structlog.get_logger(__name__)


async def prune_inbox(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]) -> int:
    async with uow_factory() as uow:
        removed = await uow.inbox.prune(before=clock() - INBOX_KEEP)
        await uow.commit()
    log.info("inbox_pruned", removed=removed)
    return removed


async def nudge(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime],
                after: timedelta) -> int:  # fmt: skip
    async with uow_factory() as uow:
        queued = await queue_nudges(uow, clock(), after)
        await uow.commit()
    if queued:
        log.info("nudges_queued", count=queued)
    return queued


async def forget(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime],
                 retention: timedelta) -> int:  # fmt: skip
    """Delete the personal data of everyone inactive for RETENTION_DAYS (PIPA)."""
    async with uow_factory() as uow:
        forgotten = await forget_inactive(uow.connection, before=clock() - retention)
        await uow.commit()
    log.info("retention_applied", users=forgotten, days=retention.days)
    return forgotten


class Scheduler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], datetime],
        dispatcher: Dispatcher,
        nudge_after: timedelta,
        retention: timedelta = timedelta(days=365),
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._dispatcher = dispatcher
        jobs = (
            (prune_inbox, {"hours": 6}, (uow_factory, clock), None),
            (nudge, {"seconds": 30}, (uow_factory, clock, nudge_after), None),
            (forget, {"days": 1}, (uow_factory, clock, retention), RETENTION_FIRST_RUN),
        )
        for job, every, args, first in jobs:
            start = {"next_run_time": datetime.now(UTC) + first} if first else {}
            self._scheduler.add_job(job, "interval", args=args, coalesce=True, max_instances=1,
                                    **every, **start)  # fmt: skip

    def start(self) -> None:
        self._scheduler.start()
        self._dispatcher.start()

    async def stop(self) -> None:
        """Stop the jobs; the dispatch finishes what it is sending and gives back the rest."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        await self._dispatcher.stop()
