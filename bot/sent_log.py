"""The record of sent messages: committed as soon as their channel answered, in batches."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import structlog

from storage.uow import UnitOfWork

RECORD_RETRY_S = 0.5
log = structlog.get_logger(__name__)


class SentLog:
    """Messages their channel accepted, committed as sent at once; those answered while a
    commit runs go together in the next one, so the record keeps up at any rate."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory
        self._waiting: list[tuple[int, datetime]] = []
        self._writer: asyncio.Task | None = None

    def add(self, message_id: int, sent_at: datetime) -> None:
        self._waiting.append((message_id, sent_at))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())

    async def flush(self) -> None:
        """Wait until everything added so far is committed."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with self._uow_factory() as uow:
                    await uow.outbox.mark_sent_many(batch)
                    await uow.commit()
            except Exception as error:  # the database is away: keep them and try again
                log.error("outbox_sent_not_recorded", count=len(batch), error=type(error).__name__)
                self._waiting[:0] = batch
                await asyncio.sleep(RECORD_RETRY_S)
                continue
            log.info("outbox_sent", count=len(batch), first_id=batch[0][0])
