"""What the chat reaches of the conversation log (storage/repositories/chat_log.py): the engine
adds a step's lines and trims them; withdrawing consent forgets them. The counsellors' inbox
reads `recent` through the admin unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class ChatLog(Protocol):
    async def add(self, user_id: int, at: datetime, lines: Sequence[tuple[str, str]]) -> None: ...

    async def count(self, user_id: int) -> int: ...

    async def trim(self, user_id: int, keep: int = ...) -> int: ...

    async def forget(self, user_id: int) -> int: ...
