"""What the chat reaches of the handoff storage (a person asking for a counsellor, the bot
silent while one holds the chat, the counsellors' messages delivered to her channel, the
timeouts). The counsellors' inbox uses the whole repository through the admin unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from storage.handoff_records import Handoff, HandoffMessage
from storage.records import StaffIdentity


class Handoffs(Protocol):
    async def open_for(self, user_id: int) -> Handoff | None: ...

    async def latest_for(self, user_id: int) -> Handoff | None: ...

    async def get(self, handoff_id: int, who: StaffIdentity | None = None) -> Handoff | None: ...

    async def open_request(
        self,
        user_id: int,
        chat_id: int,
        centre_id: int | None,
        topic: str | None,
        now: datetime,
        context: tuple[tuple[str, str], ...] = (),
    ) -> tuple[Handoff, bool]: ...

    async def add_message(
        self,
        handoff_id: int,
        author: str,
        text: str,
        now: datetime,
        staff_id: int | None = None,
        chat_id: int | None = None,
    ) -> int: ...

    async def reply(
        self, handoff_id: int, who: StaffIdentity, text: str, now: datetime
    ) -> int | None: ...

    async def close(
        self, handoff_id: int, reason: str, now: datetime, who: StaffIdentity | None = None
    ) -> Handoff | None: ...

    async def messages(self, handoff_id: int) -> list[HandoffMessage]: ...

    async def undelivered(self, user_id: int) -> list[HandoffMessage]: ...

    async def mark_delivered(self, message_ids: list[int], now: datetime) -> None: ...

    async def on_duty(self, centre_id: int | None, now: datetime) -> bool: ...

    async def unanswered_since(self, before: datetime) -> list[Handoff]: ...

    async def idle_since(self, before: datetime) -> list[Handoff]: ...

    async def forget(self, user_id: int, now: datetime) -> int: ...
