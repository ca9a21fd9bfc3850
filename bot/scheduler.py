"""The scheduler (APScheduler 3) and its jobs: the outbox dispatch, the intake nudge, and
pruning the inbox. Jobs take the clock as a dependency, so tests can move time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.dispatch import Dispatcher
from handlers.nudges import queue_nudges
from storage.uow import UnitOfWork

INBOX_KEEP = timedelta(days=7)  # Telegram re-delivers for at most a day; keep a week.
DISPATCH_EVERY_S = 2
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


class Scheduler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], datetime],
        dispatcher: Dispatcher,
        nudge_after: timedelta,
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        jobs = (
            (prune_inbox, {"hours": 6}, (uow_factory, clock)),
            (nudge, {"seconds": 30}, (uow_factory, clock, nudge_after)),
            (dispatcher.run_once, {"seconds": DISPATCH_EVERY_S}, ()),
        )
        for job, every, args in jobs:
            self._scheduler.add_job(job, "interval", args=args, coalesce=True, max_instances=1,
                                    **every)  # fmt: skip

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
