"""Her short log of the conversation with the bot, in memory, for `tests/fakes/uow.py`: lines
kept in order per person as `ChatLogRepository` keeps them (capped text, trimmed to her newest,
forgotten with her). Retention and the inbox's reads stay in the database tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from storage.repositories.chat_log import KEEP, TEXT_MAX, ChatLine

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


class FakeChatLog:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._lines: dict[int, ChatLine] = storage.table("chat_log")

    async def add(self, user_id: int, at: datetime, lines: Sequence[tuple[str, str]]) -> None:
        for who, text in lines:
            if text:
                line_id = self._storage.new_id("chat_log")
                self._lines[line_id] = ChatLine(line_id, user_id, at, who, text[:TEXT_MAX])

    async def recent(
        self, user_id: int, limit: int = KEEP, until: datetime | None = None
    ) -> list[ChatLine]:
        hers = [line for line in self._of(user_id) if until is None or line.at <= until]
        return hers[-limit:] if limit else []

    async def count(self, user_id: int) -> int:
        return len(self._of(user_id))

    async def trim(self, user_id: int, keep: int = KEEP) -> int:
        hers = self._of(user_id)
        gone = hers[:-keep] if keep else hers
        for line in gone:
            del self._lines[line.id]
        return len(gone)

    async def forget(self, user_id: int) -> int:
        return await self.trim(user_id, 0)

    async def forget_older(self, before: datetime) -> int:
        gone = [line for line in self._lines.values() if line.at < before]
        for line in gone:
            del self._lines[line.id]
        return len(gone)

    def _of(self, user_id: int) -> list[ChatLine]:
        return sorted(
            (line for line in self._lines.values() if line.user_id == user_id),
            key=lambda line: line.id,
        )
