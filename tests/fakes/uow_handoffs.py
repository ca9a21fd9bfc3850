"""In-memory handoffs, for `tests/fakes/uow.py`: her request for a counsellor, her messages
kept, the bot silent while one is open; a counsellor of her centre (`FakeStaff.grant`) who has
the inbox open (`mark_present`) claims it, replies and closes it, and each change appends an
event and an audit row as `HandoffRepository` does. Two counsellors racing for one claim, the
inbox's listings and the live streams' signals stay in the database tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storage.handoff_records import OPEN_STATES, Handoff, HandoffEvent, HandoffMessage, Transcript
from storage.records import Scope, StaffIdentity
from storage.repositories.handoffs import TEXT_MAX, TOPIC_MAX, staff_actor
from storage.repositories.staff_presence import PRESENCE_WINDOW
from tests.fakes.uow_people import FakeAudit, FakeStaffRow

if TYPE_CHECKING:
    from tests.fakes.uow import FakeStorage


def reaches(scope: Scope, centre_id: int | None) -> bool:
    """Whether `scope` sees a row of `centre_id` (the shared queue, None: only the admin), as
    `centre_condition`."""
    return scope.centres is None or centre_id in scope.centres


class FakeHandoffs:
    def __init__(self, storage: FakeStorage) -> None:
        self._storage = storage
        self._handoffs: dict[int, Handoff] = storage.table("handoffs")
        self._messages: dict[int, HandoffMessage] = storage.table("handoff_messages")
        self._events: dict[int, HandoffEvent] = storage.table("handoff_events")
        self._audit = FakeAudit(storage)

    # --- her side -------------------------------------------------------------------------

    async def open_for(self, user_id: int) -> Handoff | None:
        return next((h for h in self._of(user_id) if h.state in OPEN_STATES), None)

    async def latest_for(self, user_id: int) -> Handoff | None:
        found = self._of(user_id)
        return found[-1] if found else None

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
        self._event(handoff, "requested", now)
        await self._record(f"user:{user_id}", "handoff.requested", handoff, now)
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
        message_id = self._insert(handoff_id, author, text, now, staff_id)
        self._event(
            self._handoffs[handoff_id], "message", now, message_id=message_id, author=author
        )
        return message_id

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

    async def forget(self, user_id: int, now: datetime) -> int:
        hers = self._of(user_id)
        for handoff in hers:
            self._append(handoff.centre_id, handoff.id, "removed", {"user_id": user_id}, now)
        ids = {h.id for h in hers}
        for key in [k for k, m in self._messages.items() if m.handoff_id in ids]:
            del self._messages[key]
        for key in ids:
            del self._handoffs[key]
        return len(ids)

    # --- the counsellors' side ------------------------------------------------------------

    async def claim(self, handoff_id: int, who: StaffIdentity, now: datetime) -> bool:
        handoff = self._handoffs.get(handoff_id)
        if (
            handoff is None
            or handoff.state != "waiting"
            or not reaches(who.scope, handoff.centre_id)
        ):
            return False
        claimed = replace(
            handoff, state="human", staff_id=who.id, claimed_at=now, last_activity_at=now
        )
        await self._changed(claimed, "claimed", staff_actor(who), now, staff_id=who.id)
        return True

    async def reply(
        self, handoff_id: int, who: StaffIdentity, text: str, now: datetime
    ) -> int | None:
        handoff = self._handoffs.get(handoff_id)
        if handoff is None or handoff.state != "human" or handoff.staff_id != who.id:
            return None
        first = handoff.first_reply_at or now
        self._handoffs[handoff_id] = replace(handoff, first_reply_at=first, last_activity_at=now)
        message_id = self._insert(handoff_id, "staff", text, now, who.id)
        held = self._handoffs[handoff_id]
        self._event(held, "message", now, message_id=message_id, author="staff", staff_id=who.id)
        await self._record(staff_actor(who), "handoff.replied", held, now)
        return message_id

    async def close(
        self, handoff_id: int, reason: str, now: datetime, who: StaffIdentity | None = None
    ) -> Handoff | None:
        handoff = self._handoffs.get(handoff_id)
        if handoff is None or handoff.state not in OPEN_STATES:
            return None
        if who is not None and not reaches(who.scope, handoff.centre_id):
            return None
        closed = replace(
            handoff, state="closed", closed_at=now, closed_reason=reason, last_activity_at=now
        )
        actor = staff_actor(who) if who else "system"
        return await self._changed(closed, "closed", actor, now, reason=reason)

    # --- the inbox's reads ----------------------------------------------------------------

    async def get(self, handoff_id: int, who: StaffIdentity | None = None) -> Handoff | None:
        found = self._handoffs.get(handoff_id)
        if found is None or (who is not None and not reaches(who.scope, found.centre_id)):
            return None
        return found

    async def transcript(self, handoff_id: int, who: StaffIdentity) -> Transcript | None:
        handoff = await self.get(handoff_id, who)
        if handoff is None:
            return None
        return Transcript(handoff, tuple(await self.messages(handoff_id)))

    async def events_after(self, last_event_id: int, who: StaffIdentity) -> list[HandoffEvent]:
        found = [
            self._events[key]
            for key in sorted(self._events)
            if key > last_event_id and reaches(who.scope, self._events[key].centre_id)
        ]
        return found[:500]

    async def messages(self, handoff_id: int) -> list[HandoffMessage]:
        return [m for m in self._sorted() if m.handoff_id == handoff_id]

    # --- presence, timeouts -----------------------------------------------------------------

    async def mark_present(self, staff_id: int, now: datetime) -> None:
        self._storage.table("staff_presence")[staff_id] = now

    async def on_duty(self, centre_id: int | None, now: datetime) -> bool:
        seen = self._storage.table("staff_presence")
        staff: dict[int, FakeStaffRow] = self._storage.table("staff")
        return any(
            seen.get(row.id, now - 2 * PRESENCE_WINDOW) >= now - PRESENCE_WINDOW
            and (row.role == "admin" if centre_id is None else centre_id in row.centres)
            for row in staff.values()
        )

    async def unanswered_since(self, before: datetime) -> list[Handoff]:
        return [
            h for h in self._handoffs.values() if h.state == "waiting" and h.requested_at < before
        ]

    async def idle_since(self, before: datetime) -> list[Handoff]:
        return [
            h for h in self._handoffs.values() if h.state == "human" and h.last_activity_at < before
        ]

    # --- inside -----------------------------------------------------------------------------

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
            message_id, handoff_id, author, staff_id, text[:TEXT_MAX], now, None, None
        )
        return message_id

    async def _changed(
        self, handoff: Handoff, kind: str, actor: str, now: datetime, **payload: Any
    ) -> Handoff:
        self._handoffs[handoff.id] = handoff
        self._event(handoff, kind, now, **payload)
        await self._record(actor, f"handoff.{kind}", handoff, now, **payload)
        return handoff

    def _event(self, handoff: Handoff, kind: str, now: datetime, **payload: Any) -> None:
        ids = {"user_id": handoff.user_id, "chat_id": handoff.chat_id, "state": handoff.state}
        self._append(handoff.centre_id, handoff.id, kind, ids | payload, now)

    def _append(
        self,
        centre_id: int | None,
        handoff_id: int,
        kind: str,
        payload: dict[str, Any],
        now: datetime,
    ) -> None:
        event_id = self._storage.new_id("handoff_events")
        self._events[event_id] = HandoffEvent(event_id, centre_id, handoff_id, kind, payload, now)

    async def _record(
        self, actor: str, action: str, handoff: Handoff, now: datetime, **detail: Any
    ) -> None:
        details = {"handoff": handoff.id, "centre": handoff.centre_id} | detail
        await self._audit.record(actor, action, details, now)
