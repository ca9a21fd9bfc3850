"""The scheduler (APScheduler 3) and its housekeeping jobs.

Today it prunes the inbox of old update ids; later issues add the outbox dispatch, nudges
and retention here. Jobs take the clock as a dependency, so tests can move time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from storage.uow import UnitOfWork

INBOX_KEEP = timedelta(days=7)  # Telegram re-delivers for at most a day; keep a week.
log = structlog.get_logger(__name__)


async def prune_inbox(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]) -> int:
    async with uow_factory() as uow:
        removed = await uow.inbox.prune(before=clock() - INBOX_KEEP)
        await uow.commit()
    log.info("inbox_pruned", removed=removed)
    return removed


class Scheduler:
    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._scheduler.add_job(
            prune_inbox, "interval", hours=6, args=(uow_factory, clock), id="prune_inbox",
            coalesce=True, max_instances=1,
        )  # fmt: skip

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
