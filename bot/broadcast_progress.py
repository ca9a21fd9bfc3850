"""A broadcast's progress, shown to the staff member who sent it from the chat: one message,
sent when sending starts and edited every few seconds until the final report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import structlog

from handlers.broadcasts.progress import progress_text
from handlers.i18n import speaking
from handlers.turn import FlowSettings
from storage.records import Broadcast
from storage.uow import UnitOfWork

log = structlog.get_logger(__name__)


class ProgressBoard(Protocol):
    """A channel that can post a text and later replace it (Telegram: editMessageText)."""

    async def post(self, external_id: str, text: str) -> str: ...
    async def replace(self, external_id: str, message_id: str, text: str) -> None: ...


class BroadcastProgress:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        boards: dict[str, ProgressBoard],
        clock: Callable[[], datetime],
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._boards = boards
        self._clock = clock
        self._shown: dict[int, str] = {}  # broadcast id -> the text last shown

    async def run_once(self) -> int:
        """Update every broadcast being sent; returns how many are still sending."""
        async with self._uow_factory() as uow:
            sending = await uow.broadcasts.sending()
            report = []
            push = self._settings.push_channels
            for broadcast in sending:
                finished = await uow.broadcasts.finish_if_done(broadcast.id, self._clock(), push)
                now_is = await uow.broadcasts.get(broadcast.id) if finished else None
                report.append(now_is or broadcast)
            progress = await uow.broadcasts.progress_of([b.id for b in report], push)
            await uow.commit()
        for broadcast in report:
            await self._show(broadcast, progress[broadcast.id])
        return sum(1 for broadcast in report if broadcast.state == "sending")

    async def _show(self, broadcast: Broadcast, counts: dict[str, int]) -> None:
        board = self._boards.get(broadcast.author_channel or "")
        if board is None or not broadcast.author_external_id:
            return
        text = await self._text(broadcast, counts)
        if self._shown.get(broadcast.id) == text:
            return  # Telegram refuses an edit that changes nothing
        try:
            if broadcast.progress_message_id:
                await board.replace(
                    broadcast.author_external_id, broadcast.progress_message_id, text
                )
            else:
                message_id = await board.post(broadcast.author_external_id, text)
                async with self._uow_factory() as uow:
                    await uow.broadcasts.set_progress_message(broadcast.id, message_id)
                    await uow.commit()
        except Exception as error:  # a progress line is not worth failing the job for
            log.warning("broadcast_progress_not_shown", id=broadcast.id, error=type(error).__name__)
            return
        self._shown[broadcast.id] = text
        if broadcast.state != "sending":
            self._shown.pop(broadcast.id, None)

    async def _text(self, broadcast: Broadcast, counts: dict[str, int]) -> str:
        author = None
        if broadcast.author_channel and broadcast.author_external_id:
            async with self._uow_factory() as uow:
                channel, external_id = broadcast.author_channel, broadcast.author_external_id
                author = await uow.users.find(channel, external_id)
        languages = self._settings.languages
        language = author.language if author and author.language in languages else languages[0]
        with speaking(self._settings.translator, language):
            return progress_text(broadcast, counts)
