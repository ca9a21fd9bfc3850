"""Handoffs to a counsellor: the narrow port the chat and the counsellors' inbox change them
through. A handoff is `waiting` (for a counsellor of its centre, or of the shared queue when it
has none), then `human` (one counsellor holds it), then `closed` (back to the bot).

Every change appends a `handoff_events` row (the live streams' event id; ids only, no text)
and, for a counsellor's act or a close, an audit row, in the caller's transaction: committed
together or not at all. Each event is announced to the live streams (`storage/event_signal.py`:
on PostgreSQL a `pg_notify` of its id, delivered to listeners when the transaction commits).

Claiming is one conditional `UPDATE … WHERE state = 'waiting'`: of two counsellors pressing at
once, exactly one changes the row (PostgreSQL re-checks the condition after the first one's
lock; SQLite serialises the writers), and only she is told she won. A counsellor's or a
timeout's change first takes the person lock of her steps (`person_locks`), so her state never
changes in the middle of one of her steps.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.event_signal import announce_event
from storage.handoff_records import (
    OPEN_STATES,
    CentreHandoffFigures,
    Handoff,
    HandoffEvent,
    HandoffMessage,
    InboxRow,
    Transcript,
)
from storage.records import EVERYTHING, Scope, StaffIdentity
from storage.repositories import staff_presence
from storage.repositories.audit import AuditRepository
from storage.repositories.handoff_reads import HandoffReads, mine_condition, open_condition
from storage.repositories.person_locks import PersonLockRepository
from storage.repositories.reach import centre_condition
from storage.tables import handoff_events, handoff_messages, handoffs, staff, staff_centres

TEXT_MAX = 4096
TOPIC_MAX = 200


def staff_actor(who: StaffIdentity) -> str:
    return f"staff:{who.id}"


class HandoffRepository:
    """The handoff port of the unit of work (see the module's docstring)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._reads = HandoffReads(connection)
        self._audit = AuditRepository(connection)
        self._locks = PersonLockRepository(connection)

    # --- her side -------------------------------------------------------------------------

    async def open_for(self, user_id: int) -> Handoff | None:
        """Her open (waiting or human) handoff, if any: while there is one, the bot is silent."""
        return await self._reads.open_for(user_id)

    async def latest_for(self, user_id: int) -> Handoff | None:
        """Her most recent handoff, open or closed (why it closed, when she comes back)."""
        return await self._reads.latest_for(user_id)

    async def state_of(self, user_id: int) -> str:
        """bot, waiting or human: who answers her now."""
        found = await self._reads.open_for(user_id)
        return found.state if found else "bot"

    async def open_request(
        self,
        user_id: int,
        chat_id: int,
        centre_id: int | None,
        topic: str | None,
        now: datetime,
        context: tuple[tuple[str, str], ...] = (),
    ) -> tuple[Handoff, bool]:
        """Her request for a counsellor of `centre_id` (None: the shared queue); `context` are
        (author, text) lines of what happened before, stored first. Returns the handoff and
        whether it is new (an open one is returned as it is)."""
        found = await self._reads.open_for(user_id)
        if found is not None:
            return found, False
        values = {
            "user_id": user_id,
            "chat_id": chat_id,
            "centre_id": centre_id,
            "state": "waiting",
            "topic": topic[:TOPIC_MAX] if topic else None,
            "requested_at": now,
            "last_activity_at": now,
        }
        result = await self._connection.execute(handoffs.insert().values(**values))
        handoff_id = result.inserted_primary_key[0]
        for author, text in context:
            await self._insert_message(handoff_id, author, text, now)
        handoff = await self._reads.get(handoff_id)
        assert handoff is not None
        await self._event(handoff, "requested", now)
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
        """A message in the handoff (hers: `chat_id` is the chat she wrote from, where the
        answers go); returns its id. A counsellor's reply goes through `reply`."""
        changes: dict = {"last_activity_at": now}
        if chat_id is not None:
            changes["chat_id"] = chat_id
        if author == "person":  # her first line says what it is about
            changes["topic"] = func.coalesce(handoffs.c.topic, text[:TOPIC_MAX])
        await self._connection.execute(
            update(handoffs).where(handoffs.c.id == handoff_id).values(**changes)
        )
        message_id = await self._insert_message(handoff_id, author, text, now, staff_id)
        handoff = await self._reads.get(handoff_id)
        assert handoff is not None
        await self._event(handoff, "message", now, message_id=message_id, author=author)
        return message_id

    async def undelivered(self, user_id: int) -> list[HandoffMessage]:
        """Counsellors' messages not yet shown in her chat, oldest first."""
        return await self._reads.undelivered(user_id)

    async def mark_delivered(self, message_ids: list[int], now: datetime) -> None:
        if message_ids:
            await self._connection.execute(
                update(handoff_messages)
                .where(handoff_messages.c.id.in_(message_ids))
                .values(delivered_at=now)
            )

    async def forget(self, user_id: int, now: datetime) -> int:
        """Her handoffs and their messages are deleted (her data is being deleted); the
        streams are told (`removed`). Returns how many."""
        query = select(handoffs).where(handoffs.c.user_id == user_id)
        found = [row for row in await self._connection.execute(query)]
        for row in found:
            await self._append(row.centre_id, row.id, "removed", {"user_id": user_id}, now)
        await self._connection.execute(delete(handoffs).where(handoffs.c.user_id == user_id))
        return len(found)

    # --- the counsellors' side ------------------------------------------------------------

    async def claim(self, handoff_id: int, who: StaffIdentity, now: datetime) -> bool:
        """She takes the waiting request; True only for the one counsellor who won it."""
        await self._hold_her(handoff_id)
        statement = (
            update(handoffs)
            .where(handoffs.c.id == handoff_id, handoffs.c.state == "waiting")
            .values(state="human", staff_id=who.id, claimed_at=now, last_activity_at=now)
        )
        condition = centre_condition(who.scope, handoffs.c.centre_id)
        if condition is not None:
            statement = statement.where(condition)
        if (await self._connection.execute(statement)).rowcount != 1:
            return False
        await self._changed(handoff_id, "claimed", staff_actor(who), now, staff_id=who.id)
        return True

    async def reply(
        self, handoff_id: int, who: StaffIdentity, text: str, now: datetime
    ) -> int | None:
        """Her counsellor's message (only the one holding it); its id, or None."""
        await self._hold_her(handoff_id)
        statement = (
            update(handoffs)
            .where(
                handoffs.c.id == handoff_id,
                handoffs.c.state == "human",
                handoffs.c.staff_id == who.id,
            )
            .values(
                first_reply_at=func.coalesce(handoffs.c.first_reply_at, now),
                last_activity_at=now,
            )
        )
        if (await self._connection.execute(statement)).rowcount != 1:
            return None
        message_id = await self._insert_message(handoff_id, "staff", text, now, who.id)
        handoff = await self._reads.get(handoff_id)
        assert handoff is not None
        await self._event(
            handoff, "message", now, message_id=message_id, author="staff", staff_id=who.id
        )
        await self._record(staff_actor(who), "handoff.replied", handoff, now)
        return message_id

    async def transfer(
        self, handoff_id: int, who: StaffIdentity, to_staff_id: int, now: datetime
    ) -> bool:
        """The counsellor holding it (or an admin) hands it to a colleague who may see its
        centre (not disabled); False when either is not so."""
        await self._hold_her(handoff_id)
        holder = true() if who.scope.everything else handoffs.c.staff_id == who.id
        colleague = exists().where(
            staff.c.id == to_staff_id,
            staff.c.disabled_at.is_(None),
            or_(
                staff.c.role == "admin",
                exists().where(
                    staff_centres.c.staff_id == to_staff_id,
                    staff_centres.c.centre_id == handoffs.c.centre_id,
                ),
            ),
        )
        statement = (
            update(handoffs)
            .where(handoffs.c.id == handoff_id, handoffs.c.state == "human", holder, colleague)
            .values(staff_id=to_staff_id, last_activity_at=now)
        )
        if (await self._connection.execute(statement)).rowcount != 1:
            return False
        await self._changed(
            handoff_id, "transferred", staff_actor(who), now, staff_id=to_staff_id, by=who.id
        )
        return True

    async def close(
        self, handoff_id: int, reason: str, now: datetime, who: StaffIdentity | None = None
    ) -> Handoff | None:
        """Back to the bot: `reason` staff, person, unanswered, idle or the like; `who` the
        counsellor closing it (within her centres), None for her or the timeouts. The closed
        handoff, or None when it was not open (or not hers to close)."""
        await self._hold_her(handoff_id)
        statement = (
            update(handoffs)
            .where(handoffs.c.id == handoff_id, handoffs.c.state.in_(OPEN_STATES))
            .values(state="closed", closed_at=now, closed_reason=reason, last_activity_at=now)
        )
        if who is not None:
            condition = centre_condition(who.scope, handoffs.c.centre_id)
            if condition is not None:
                statement = statement.where(condition)
        if (await self._connection.execute(statement)).rowcount != 1:
            return None
        actor = staff_actor(who) if who else "system"
        return await self._changed(handoff_id, "closed", actor, now, reason=reason)

    async def mark_read(self, handoff_id: int, who: StaffIdentity, now: datetime) -> int:
        """Her messages are read by a counsellor who may see them; returns how many."""
        if await self._reads.get(handoff_id, who.scope) is None:
            return 0
        result = await self._connection.execute(
            update(handoff_messages)
            .where(
                handoff_messages.c.handoff_id == handoff_id,
                handoff_messages.c.author == "person",
                handoff_messages.c.read_by_staff_at.is_(None),
            )
            .values(read_by_staff_at=now)
        )
        if result.rowcount:
            handoff = await self._reads.get(handoff_id)
            assert handoff is not None
            await self._event(handoff, "read", now, staff_id=who.id)
        return result.rowcount

    # --- the inbox's reads ----------------------------------------------------------------

    async def get(self, handoff_id: int, who: StaffIdentity | None = None) -> Handoff | None:
        """The handoff (None: none, or outside `who`'s centres)."""
        return await self._reads.get(handoff_id, who.scope if who else None)

    async def waiting(self, who: StaffIdentity) -> list[InboxRow]:
        """Requests nobody has claimed, of her centres (the admin: all, and the shared queue),
        the longest waiting first."""
        return await self._reads.listing(who.scope, handoffs.c.state == "waiting")

    async def mine(self, who: StaffIdentity) -> list[InboxRow]:
        """The conversations she holds."""
        return await self._reads.listing(who.scope, mine_condition(who.id))

    async def all_open(self, who: StaffIdentity) -> list[InboxRow]:
        """Every open handoff of her centres (waiting or held by anyone)."""
        return await self._reads.listing(who.scope, open_condition())

    async def transcript(self, handoff_id: int, who: StaffIdentity) -> Transcript | None:
        """Everything said in the handoff (with what she had done before asking), for a
        counsellor of its centre only (None otherwise)."""
        handoff = await self._reads.get(handoff_id, who.scope)
        if handoff is None:
            return None
        return Transcript(handoff, tuple(await self._reads.messages(handoff_id)))

    async def events_after(self, last_event_id: int, who: StaffIdentity) -> list[HandoffEvent]:
        """The events after `last_event_id` of her centres, oldest first (at most 500)."""
        return await self._reads.events_after(last_event_id, who.scope)

    async def person_events_after(self, last_event_id: int, user_id: int) -> list[HandoffEvent]:
        """The events after `last_event_id` of her own handoffs (her web chat's stream)."""
        return await self._reads.person_events_after(last_event_id, user_id)

    async def latest_event_id(self) -> int:
        return await self._reads.latest_event_id()

    async def messages(self, handoff_id: int) -> list[HandoffMessage]:
        """Every message of the handoff, oldest first (check the reader's reach first)."""
        return await self._reads.messages(handoff_id)

    async def prune_events(self, before: datetime) -> int:
        """Events older than `before` are dropped (a stream asking for them starts afresh)."""
        result = await self._connection.execute(
            delete(handoff_events).where(handoff_events.c.created_at < before)
        )
        return result.rowcount

    # --- presence, timeouts, figures ------------------------------------------------------

    async def mark_present(self, staff_id: int, now: datetime) -> None:
        """She has the inbox open (called by the inbox while it is open)."""
        await staff_presence.mark_present(self._connection, staff_id, now)

    async def on_duty(self, centre_id: int | None, now: datetime) -> bool:
        """Whether someone of the centre (None: an admin) had the inbox open a moment ago."""
        return await staff_presence.on_duty(self._connection, centre_id, now)

    async def unanswered_since(self, before: datetime) -> list[Handoff]:
        return await self._reads.unanswered_since(before)

    async def idle_since(self, before: datetime) -> list[Handoff]:
        return await self._reads.idle_since(before)

    async def figures(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[CentreHandoffFigures]:
        """Per centre within `scope`, the handoffs requested in [first, last)."""
        return await self._reads.figures(first, last, scope)

    # --- inside -----------------------------------------------------------------------------

    async def _hold_her(self, handoff_id: int) -> None:
        """Her state changes only with her person lock held (PostgreSQL; SQLite's one writer
        already serialises), so a counsellor's or a timeout's change never runs amid her step."""
        query = select(handoffs.c.user_id).where(handoffs.c.id == handoff_id)
        user_id = (await self._connection.execute(query)).scalar_one_or_none()
        if user_id is not None:
            await self._locks.hold(user_id)

    async def _insert_message(
        self, handoff_id: int, author: str, text: str, now: datetime, staff_id: int | None = None
    ) -> int:
        values = {
            "handoff_id": handoff_id,
            "author": author,
            "staff_id": staff_id,
            "text": text[:TEXT_MAX],
            "created_at": now,
        }
        result = await self._connection.execute(handoff_messages.insert().values(**values))
        return result.inserted_primary_key[0]

    async def _changed(
        self, handoff_id: int, kind: str, actor: str, now: datetime, **payload
    ) -> Handoff:
        handoff = await self._reads.get(handoff_id)
        assert handoff is not None
        await self._event(handoff, kind, now, **payload)
        await self._record(actor, f"handoff.{kind}", handoff, now, **payload)
        return handoff

    async def _event(self, handoff: Handoff, kind: str, now: datetime, **payload) -> int:
        ids = {"user_id": handoff.user_id, "chat_id": handoff.chat_id, "state": handoff.state}
        return await self._append(handoff.centre_id, handoff.id, kind, ids | payload, now)

    async def _append(
        self, centre_id: int | None, handoff_id: int, kind: str, payload: dict, now: datetime
    ) -> int:
        values = {
            "centre_id": centre_id,
            "handoff_id": handoff_id,
            "kind": kind,
            "payload": payload,
            "created_at": now,
        }
        result = await self._connection.execute(handoff_events.insert().values(**values))
        event_id = result.inserted_primary_key[0]
        await announce_event(self._connection, event_id)
        return event_id

    async def _record(
        self, actor: str, action: str, handoff: Handoff, now: datetime, **detail
    ) -> None:
        details = {"handoff": handoff.id, "centre": handoff.centre_id} | detail
        await self._audit.record(actor, action, details, now)
