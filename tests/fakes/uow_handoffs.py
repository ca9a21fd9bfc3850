"""In-memory handoffs, for `tests/fakes/uow.py`: her request for a counsellor, her messages
kept, the bot silent while one is open. Nobody is ever on duty here (no inbox is open in a
flow test); claiming, the inbox's listings and the live events stay in the database tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from storage.handoff_records import OPEN_STATES, Handoff, HandoffMessage
from storage.records import StaffIdentity
from storage.repositories.handoffs import TOPIC_MAX

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


class FakeHandoffs:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._handoffs: dict[int, Handoff] = storage.table("handoffs")
        self._messages: dict[int, HandoffMessage] = storage.table("handoff_messages")

    async def open_for(self, user_id: int) -> Handoff | None:
        return next((h for h in self._of(user_id) if h.state in OPEN_STATES), None)

    async def latest_for(self, user_id: int) -> Handoff | None:
        found = self._of(user_id)
        return found[-1] if found else None

    async def get(self, handoff_id: int, who: StaffIdentity | None = None) -> Handoff | None:
        if who is not None:
            raise NotImplementedError("a counsellor's reach: the database tests")
        return self._handoffs.get(handoff_id)

    async def open_request(
        self,
        user_id: int,
        chat_id: int,
        centre_id: int | None,
        topic: str | None,
        now: datetime,
        context: tuple[tuple[str, str], ...] = (),
    ) -> tuple[Handoff, bool]:
        found = await self.open_for(user_id)
        if found is not None:
            return found, False
        handoff_id = self._storage.new_id("handoffs")
        handoff = Handoff(
            handoff_id,
            user_id,
            chat_id,
            centre_id,
            "waiting",
            topic[:TOPIC_MAX] if topic else None,
            None,
            now,
            None,
            None,
            None,
            now,
            None,
        )
        self._handoffs[handoff_id] = handoff
        for author, text in context:
            self._insert(handoff_id, author, text, now)
        return handoff, True

    async def add_message(
        self,
        handoff_id: int,
        author: str,
        text: str,
        now: datetime,
        staff_id: int | None = None,
        chat_id: int | None = None,
    ) -> int:
        handoff = self._handoffs[handoff_id]
        topic = handoff.topic or (text[:TOPIC_MAX] if author == "person" else None)
        changed = replace(handoff, last_activity_at=now, topic=topic)
        self._handoffs[handoff_id] = replace(changed, chat_id=chat_id or handoff.chat_id)
        return self._insert(handoff_id, author, text, now, staff_id)

    async def reply(
        self, handoff_id: int, who: StaffIdentity, text: str, now: datetime
    ) -> int | None:
        raise NotImplementedError("a counsellor's reply: the database tests")

    async def close(
        self, handoff_id: int, reason: str, now: datetime, who: StaffIdentity | None = None
    ) -> Handoff | None:
        handoff = self._handoffs.get(handoff_id)
        if handoff is None or handoff.state not in OPEN_STATES or who is not None:
            return None
        closed = replace(
            handoff, state="closed", closed_at=now, closed_reason=reason, last_activity_at=now
        )
        self._handoffs[handoff_id] = closed
        return closed

    async def messages(self, handoff_id: int) -> list[HandoffMessage]:
        return [m for m in self._sorted() if m.handoff_id == handoff_id]

    async def undelivered(self, user_id: int) -> list[HandoffMessage]:
        hers = {h.id for h in self._of(user_id)}
        return [
            m
            for m in self._sorted()
            if m.handoff_id in hers and m.author == "staff" and m.delivered_at is None
        ]

    async def mark_delivered(self, message_ids: list[int], now: datetime) -> None:
        for message_id in message_ids:
            self._messages[message_id] = replace(self._messages[message_id], delivered_at=now)

    async def on_duty(self, centre_id: int | None, now: datetime) -> bool:
        return False

    async def unanswered_since(self, before: datetime) -> list[Handoff]:
        return [
            h for h in self._handoffs.values() if h.state == "waiting" and h.requested_at < before
        ]

    async def idle_since(self, before: datetime) -> list[Handoff]:
        return [
            h for h in self._handoffs.values() if h.state == "human" and h.last_activity_at < before
        ]

    async def forget(self, user_id: int, now: datetime) -> int:
        hers = {h.id for h in self._of(user_id)}
        for key in [k for k, m in self._messages.items() if m.handoff_id in hers]:
            del self._messages[key]
        for key in hers:
            del self._handoffs[key]
        return len(hers)

    def _of(self, user_id: int) -> list[Handoff]:
        return sorted(
            (h for h in self._handoffs.values() if h.user_id == user_id), key=lambda h: h.id
        )

    def _sorted(self) -> list[HandoffMessage]:
        return [self._messages[key] for key in sorted(self._messages)]

    def _insert(
        self, handoff_id: int, author: str, text: str, now: datetime, staff_id: int | None = None
    ) -> int:
        message_id = self._storage.new_id("handoff_messages")
        self._messages[message_id] = HandoffMessage(
            message_id, handoff_id, author, staff_id, text, now, None, None
        )
        return message_id
