"""The outbox dispatch: claim due messages, render each in its reader's language, send it
through the reader's channel, and record the outcome (sent, retry later, missed, failed).

Claims are short transactions; sending happens outside them, so a slow channel never holds
the database. A claim whose process died is claimed again after OUTBOX_LEASE.
"""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from handlers.messages import Reply
from handlers.notices import Gone, render_notice
from handlers.turn import FlowSettings
from storage.records import OutboxMessage
from storage.uow import UnitOfWork

MAX_ATTEMPTS = 5
log = structlog.get_logger(__name__)


class Notifier(Protocol):
    async def send(self, external_id: str, reply: Reply) -> None: ...


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … between tries."""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


class Dispatcher:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        notifiers: dict[str, Notifier],
        clock: Callable[[], datetime],
        lease: timedelta,
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._notifiers = notifiers
        self._clock = clock
        self._lease = lease
        self._worker = f"{socket.gethostname()}:{id(self):x}"

    async def run_once(self) -> int:
        """Send what is due now; returns how many were sent."""
        if not self._notifiers:
            return 0
        async with self._uow_factory() as uow:
            claimed = await uow.outbox.claim(
                self._clock(), self._worker, self._lease, tuple(self._notifiers)
            )
            await uow.commit()
        sent = 0
        for message in claimed:
            sent += await self._deliver(message)
        return sent

    async def _deliver(self, message: OutboxMessage) -> int:
        async with self._uow_factory() as uow:
            user = await uow.users.get(message.user_id)
            try:
                reply = await render_notice(uow, message, user, self._settings, self._clock())
            except Gone as reason:
                await uow.outbox.mark(message.id, "missed", str(reason))
                await uow.commit()
                return 0
        return await self._send(message, user.channel, user.external_id, reply)

    async def _send(
        self, message: OutboxMessage, channel: str, external_id: str, reply: Reply
    ) -> int:
        try:
            await self._notifiers[channel].send(external_id, reply)
        except Exception as error:  # any channel failure: retry later, then give up
            await self._failed(message, type(error).__name__)
            return 0
        await self._record(lambda uow: uow.outbox.mark_sent(message.id, self._clock()))
        log.info("outbox_sent", id=message.id, kind=message.kind)
        return 1

    async def _failed(self, message: OutboxMessage, error: str) -> None:
        log.warning("outbox_send_failed", id=message.id, attempts=message.attempts, error=error)
        if message.attempts >= MAX_ATTEMPTS:
            await self._record(lambda uow: uow.outbox.mark(message.id, "failed", error))
        else:
            due = self._clock() + backoff(message.attempts)
            await self._record(lambda uow: uow.outbox.retry(message.id, due, error))

    async def _record(self, change: Callable[[UnitOfWork], Awaitable[None]]) -> None:
        async with self._uow_factory() as uow:
            await change(uow)
            await uow.commit()
