"""The clock every part of a process reads, and its test hook.

`utc_now` is the real clock. With TEST_CLOCK_FROM_DATABASE on, `DatabaseClock` adds an offset
kept in the database (`clock_offset`), reread every `REFRESH_S`: a test moves time in every
process sharing the database at once, so reminders fall due and daily jobs come round without
waiting. Nothing reads the offset when the setting is off.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog

from storage.uow import UnitOfWork

REFRESH_S = 0.2
log = structlog.get_logger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class DatabaseClock:
    """Real time plus the offset a test stored in the database."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory
        self._offset = timedelta(0)
        self._task: asyncio.Task | None = None

    def now(self) -> datetime:
        return utc_now() + self._offset

    async def refresh(self) -> None:
        async with self._uow_factory() as uow:
            seconds = await uow.job_runs.clock_offset()
        offset = timedelta(seconds=seconds)
        if offset != self._offset:
            log.info("test_clock_moved", offset_s=seconds)
            self._offset = offset

    async def start(self) -> None:
        await self.refresh()
        self._task = asyncio.create_task(self._follow(), name="test-clock")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_S)
            try:
                await self.refresh()
            except Exception as error:  # the database is away for a moment
                log.warning("test_clock_not_read", error=type(error).__name__)
