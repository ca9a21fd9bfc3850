"""The scheduler (APScheduler 3) and its jobs: the intake nudge, pruning the inbox and the daily
retention clean-up; alongside it runs the outbox dispatch loop, which wakes when a message is
due. Jobs take the clock as a dependency, so tests can move time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.broadcast_progress import BroadcastProgress
from bot.dispatch import Dispatcher
from handlers.booking.service import expire_offers
from handlers.nudges import queue_nudges
from handlers.turn import BookingPolicy
from storage.repositories.retention import erase_booking_phones, forget_inactive
from storage.uow import UnitOfWork

INBOX_KEEP = timedelta(days=7)  # Telegram re-delivers for at most a day; keep a week.
PROGRESS_EVERY_S = 3  # a staff member's broadcast progress message is edited this often
RETENTION_FIRST_RUN = timedelta(minutes=1)  # after a start, then daily: restarts never skip it
log = structlog.get_logger(__name__)


async def prune_inbox(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]) -> int:
    async with uow_factory() as uow:
        removed = await uow.inbox.prune(before=clock() - INBOX_KEEP)
        await uow.commit()
    log.info("inbox_pruned", removed=removed)
    return removed


async def nudge(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime],
                after: timedelta, channels: tuple[str, ...]) -> int:  # fmt: skip
    async with uow_factory() as uow:
        queued = await queue_nudges(uow, clock(), after, channels)
        await uow.commit()
    if queued:
        log.info("nudges_queued", count=queued)
    return queued


async def forget(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime],
                 retention: timedelta, phones: timedelta = timedelta(days=30)) -> int:  # fmt: skip
    """Delete the personal data of everyone inactive for RETENTION_DAYS, and the phone numbers
    of bookings whose appointment was BOOKING_PHONE_DAYS ago (PIPA)."""
    async with uow_factory() as uow:
        forgotten = await forget_inactive(uow.connection, before=clock() - retention)
        erased = await erase_booking_phones(uow.connection, ended_before=clock() - phones)
        await uow.commit()
    log.info("retention_applied", users=forgotten, days=retention.days, booking_phones=erased)
    return forgotten


async def expire_waitlist_offers(
    uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime], policy: BookingPolicy
) -> int:
    """Freed seats nobody took within WAITLIST_HOLD go to the next in line."""
    async with uow_factory() as uow:
        expired = await expire_offers(uow, clock(), policy)
        await uow.commit()
    if expired:
        log.info("waitlist_offers_expired", count=expired)
    return expired


class Scheduler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Callable[[], datetime],
        dispatcher: Dispatcher,
        nudge_after: timedelta,
        retention: timedelta = timedelta(days=365),
        booking_phones: timedelta = timedelta(days=30),
        booking: BookingPolicy | None = None,
        progress: BroadcastProgress | None = None,
        push_channels: tuple[str, ...] = ("telegram", "kakao"),
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._dispatcher = dispatcher
        jobs = (
            (prune_inbox, {"hours": 6}, (uow_factory, clock), None),
            (nudge, {"seconds": 30}, (uow_factory, clock, nudge_after, push_channels), None),
            (
                forget,
                {"days": 1},
                (uow_factory, clock, retention, booking_phones),
                RETENTION_FIRST_RUN,
            ),
            (
                expire_waitlist_offers,
                {"seconds": 30},
                (uow_factory, clock, booking or BookingPolicy()),
                None,
            ),
        )
        if progress is not None:
            jobs += ((progress.run_once, {"seconds": PROGRESS_EVERY_S}, (), None),)
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
