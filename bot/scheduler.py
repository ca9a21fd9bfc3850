"""The scheduler (APScheduler 3) and its jobs: the intake nudge, pruning the inbox, waitlist
expiry, handoff timeouts, broadcast progress and the daily retention clean-up; alongside it
runs the outbox dispatch loop, which wakes when a message is due. Jobs take the clock as a
dependency, so tests can move time.

With several processes on one database each job runs once a period across all of them: a
process claims the job's current period (`storage/repositories/job_runs.py`) before running it,
and only the first claim of a period wins. Reminders and other messages are outbox rows that
one process claims at a time (bot/dispatch.py), so each goes out once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.broadcast_progress import BroadcastProgress
from bot.dispatch import Dispatcher
from handlers.booking.policy import BookingPolicy
from handlers.booking.service import expire_offers
from handlers.flows.handoff.timeouts import HandoffTimeouts, apply_timeouts
from handlers.nudges import queue_nudges
from handlers.turn import FlowSettings
from storage.repositories.chat_log import KEEP_FOR as CHAT_LOG_KEEP
from storage.repositories.retention import erase_booking_phones, forget_inactive
from storage.uow import UnitOfWork

INBOX_KEEP = timedelta(days=7)  # Telegram re-delivers for at most a day; keep a week.
HANDOFF_CHECK_EVERY = timedelta(seconds=30)  # a timed-out handoff is closed within this
PROGRESS_EVERY_S = 3  # a staff member's broadcast progress message is edited this often
CHECK_EVERY = timedelta(minutes=1)  # how often a job longer than this looks for its period
FIRST_CHECK = timedelta(minutes=1)  # after a start
log = structlog.get_logger(__name__)


async def prune_inbox(uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]) -> int:
    async with uow_factory() as uow:
        removed = await uow.inbox.prune(before=clock() - INBOX_KEEP)
        await uow.commit()
    log.info("inbox_pruned", removed=removed)
    return removed


async def nudge(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    after: timedelta,
    channels: frozenset[str],
) -> int:
    async with uow_factory() as uow:
        queued = await queue_nudges(uow, clock(), after, channels)
        await uow.commit()
    if queued:
        log.info("nudges_queued", count=queued)
    return queued


async def forget(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    retention: timedelta,
    phones: timedelta = timedelta(days=30),
) -> int:
    """Delete the personal data of everyone inactive for RETENTION_DAYS, the phone numbers of
    bookings whose appointment was BOOKING_PHONE_DAYS ago, outcome records unchanged for
    RETENTION_DAYS (their counts stay, anonymous) and lines of the conversation log older than
    30 days (PIPA)."""
    async with uow_factory() as uow:
        forgotten = await forget_inactive(uow.connection, before=clock() - retention)
        erased = await erase_booking_phones(uow.connection, ended_before=clock() - phones)
        outcomes = await uow.outcomes.forget_older(clock() - retention)
        chat_lines = await uow.chat_log.forget_older(clock() - CHAT_LOG_KEEP)
        await uow.commit()
    log.info(
        "retention_applied",
        users=forgotten,
        days=retention.days,
        booking_phones=erased,
        outcome_records=outcomes,
        chat_log_lines=chat_lines,
    )
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


async def handoff_timeouts(
    uow_factory: Callable[[], UnitOfWork],
    clock: Callable[[], datetime],
    timeouts: HandoffTimeouts,
    settings: FlowSettings,
) -> int:
    """Requests unanswered for HANDOFF_WAIT and talks idle for HANDOFF_IDLE go back to the bot."""
    async with uow_factory() as uow:
        closed = await apply_timeouts(uow, clock(), timeouts, settings)
        await uow.commit()
    if closed:
        log.info("handoffs_timed_out", count=closed)
    return closed


@dataclass(frozen=True)
class PeriodicJob:
    """A job that runs once a `period` across every process sharing the database."""

    name: str
    run: Callable[..., Awaitable[object]]
    args: tuple
    period: timedelta


def slot_of(now: datetime, period: timedelta) -> int:
    """Which period `now` falls in, counted from the epoch (a day job: the UTC day)."""
    return int(now.timestamp() // period.total_seconds())


async def run_claimed(
    job: PeriodicJob, uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]
) -> bool:
    """Run `job` if no process has run it in this period yet; False when one has. A failed
    run gives its claim back, so the next check tries again."""
    now = clock()
    slot = slot_of(now, job.period)
    async with uow_factory() as uow:
        previous = await uow.job_runs.claim(job.name, slot, now)
        await uow.commit()
    if previous is None:
        return False
    try:
        await job.run(*job.args)
    except Exception:
        async with uow_factory() as uow:
            await uow.job_runs.give_back(job.name, slot, previous)
            await uow.commit()
        raise
    return True


class Scheduler:
    """Checks each job every `check_every`, or twice a period when that is shorter (so no
    period goes by unchecked); the check runs it when no process has claimed the period yet."""

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
        push_channels: frozenset[str] = frozenset(),
        check_every: timedelta = CHECK_EVERY,
        handoffs: tuple[HandoffTimeouts, FlowSettings] | None = None,
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._dispatcher = dispatcher
        jobs = [
            PeriodicJob("prune_inbox", prune_inbox, (uow_factory, clock), timedelta(hours=6)),
            PeriodicJob(
                "nudge",
                nudge,
                (uow_factory, clock, nudge_after, push_channels),
                timedelta(seconds=30),
            ),
            PeriodicJob(
                "retention",
                forget,
                (uow_factory, clock, retention, booking_phones),
                timedelta(days=1),
            ),
            PeriodicJob(
                "waitlist_expiry",
                expire_waitlist_offers,
                (uow_factory, clock, booking or BookingPolicy()),
                timedelta(seconds=30),
            ),
        ]
        if handoffs is not None:
            arguments = (uow_factory, clock, *handoffs)
            jobs.append(
                PeriodicJob("handoff_timeouts", handoff_timeouts, arguments, HANDOFF_CHECK_EVERY)
            )
        if progress is not None:
            every = timedelta(seconds=PROGRESS_EVERY_S)
            jobs.append(PeriodicJob("broadcast_progress", progress.run_once, (), every))
        for job in jobs:
            every = min(job.period / 2, check_every)
            first = datetime.now(UTC) + min(every, FIRST_CHECK)  # restarts never skip one
            self._scheduler.add_job(
                run_claimed,
                "interval",
                args=(job, uow_factory, clock),
                seconds=every.total_seconds(),
                next_run_time=first,
                coalesce=True,
                max_instances=1,
            )

    def start(self) -> None:
        self._scheduler.start()
        self._dispatcher.start()

    async def stop(self) -> None:
        """Stop the jobs; the dispatch finishes what it is sending and gives back the rest."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        await self._dispatcher.stop()
