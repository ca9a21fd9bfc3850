"""Reading handoffs: one by id, the inbox's listings with unread counts, a transcript, the
events after an event id, a person's messages not yet delivered, and the figures per centre.
The writes are `storage/repositories/handoffs.py`'s."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.handoff_records import (
    OPEN_STATES,
    CentreHandoffFigures,
    Handoff,
    HandoffEvent,
    HandoffMessage,
    InboxRow,
)
from storage.records import Scope
from storage.repositories.reach import centre_condition, within
from storage.tables import handoff_events, handoff_messages, handoffs, users

_UNREAD = (
    select(func.count())
    .where(
        handoff_messages.c.handoff_id == handoffs.c.id,
        handoff_messages.c.author == "person",
        handoff_messages.c.read_by_staff_at.is_(None),
    )
    .scalar_subquery()
    .label("unread")
)
_LISTING = select(handoffs, users.c.channel, users.c.language, _UNREAD).join(
    users, users.c.id == handoffs.c.chat_id
)


def handoff_of(row) -> Handoff:
    return Handoff(**{column.name: getattr(row, column.name) for column in handoffs.c})


def message_of(row) -> HandoffMessage:
    return HandoffMessage(
        **{column.name: getattr(row, column.name) for column in handoff_messages.c}
    )


def event_of(row) -> HandoffEvent:
    return HandoffEvent(**{column.name: getattr(row, column.name) for column in handoff_events.c})


def _row(row) -> InboxRow:
    return InboxRow(handoff_of(row), row.channel, row.language, row.unread)


class HandoffReads:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, handoff_id: int, scope: Scope | None = None) -> Handoff | None:
        """The handoff, or None when there is none or it is outside `scope` (None: no limit)."""
        query = select(handoffs).where(handoffs.c.id == handoff_id)
        if scope is not None:
            query = within(query, centre_condition(scope, handoffs.c.centre_id))
        row = (await self._connection.execute(query)).first()
        return handoff_of(row) if row else None

    async def open_for(self, user_id: int) -> Handoff | None:
        """Her open (waiting or human) handoff, if any."""
        query = select(handoffs).where(
            handoffs.c.user_id == user_id, handoffs.c.state.in_(OPEN_STATES)
        )
        row = (await self._connection.execute(query)).first()
        return handoff_of(row) if row else None

    async def latest_for(self, user_id: int) -> Handoff | None:
        """Her most recent handoff, open or closed."""
        query = (
            select(handoffs)
            .where(handoffs.c.user_id == user_id)
            .order_by(handoffs.c.id.desc())
            .limit(1)
        )
        row = (await self._connection.execute(query)).first()
        return handoff_of(row) if row else None

    async def listing(self, scope: Scope, *conditions, limit: int = 200) -> list[InboxRow]:
        query = within(
            _LISTING.where(*conditions), centre_condition(scope, handoffs.c.centre_id)
        ).order_by(handoffs.c.requested_at, handoffs.c.id)
        return [_row(row) for row in await self._connection.execute(query.limit(limit))]

    async def messages(self, handoff_id: int) -> list[HandoffMessage]:
        query = (
            select(handoff_messages)
            .where(handoff_messages.c.handoff_id == handoff_id)
            .order_by(handoff_messages.c.id)
        )
        return [message_of(row) for row in await self._connection.execute(query)]

    async def undelivered(self, user_id: int) -> list[HandoffMessage]:
        """Counsellors' messages of her handoffs that have not reached her chat."""
        query = (
            select(handoff_messages)
            .join(handoffs, handoffs.c.id == handoff_messages.c.handoff_id)
            .where(
                handoffs.c.user_id == user_id,
                handoff_messages.c.author == "staff",
                handoff_messages.c.delivered_at.is_(None),
            )
            .order_by(handoff_messages.c.id)
        )
        return [message_of(row) for row in await self._connection.execute(query)]

    async def events_after(
        self, last_event_id: int, scope: Scope, limit: int = 500
    ) -> list[HandoffEvent]:
        """The events after `last_event_id` of the centres within `scope`, oldest first."""
        query = within(
            select(handoff_events).where(handoff_events.c.id > last_event_id),
            centre_condition(scope, handoff_events.c.centre_id),
        )
        query = query.order_by(handoff_events.c.id).limit(limit)
        return [event_of(row) for row in await self._connection.execute(query)]

    async def person_events_after(
        self, last_event_id: int, user_id: int, limit: int = 500
    ) -> list[HandoffEvent]:
        """The events after `last_event_id` of her handoffs (her web chat's live stream)."""
        hers = select(handoffs.c.id).where(handoffs.c.user_id == user_id)
        query = (
            select(handoff_events)
            .where(handoff_events.c.id > last_event_id, handoff_events.c.handoff_id.in_(hers))
            .order_by(handoff_events.c.id)
            .limit(limit)
        )
        return [event_of(row) for row in await self._connection.execute(query)]

    async def latest_event_id(self) -> int:
        query = select(func.coalesce(func.max(handoff_events.c.id), 0))
        return (await self._connection.execute(query)).scalar_one()

    async def unanswered_since(self, before: datetime) -> list[Handoff]:
        """Requests still waiting that were made before `before`."""
        return await self._where(handoffs.c.state == "waiting", handoffs.c.requested_at < before)

    async def idle_since(self, before: datetime) -> list[Handoff]:
        """Conversations with a counsellor in which nothing was said since `before`."""
        return await self._where(handoffs.c.state == "human", handoffs.c.last_activity_at < before)

    async def _where(self, *conditions) -> list[Handoff]:
        query = select(handoffs).where(*conditions).order_by(handoffs.c.id)
        return [handoff_of(row) for row in await self._connection.execute(query)]

    async def figures(
        self, first: datetime, last: datetime, scope: Scope
    ) -> list[CentreHandoffFigures]:
        """Per centre (None: the shared queue), the handoffs requested in [first, last)."""
        query = within(
            select(handoffs).where(
                handoffs.c.requested_at >= first, handoffs.c.requested_at < last
            ),
            centre_condition(scope, handoffs.c.centre_id),
        )
        found: dict[int | None, list[Handoff]] = {}
        for row in await self._connection.execute(query):
            found.setdefault(row.centre_id, []).append(handoff_of(row))
        return [_figures(centre, rows) for centre, rows in sorted(found.items(), key=_centre_key)]


def _centre_key(item) -> int:
    return -1 if item[0] is None else item[0]


def _seconds(start: datetime, end: datetime | None) -> list[float]:
    return [] if end is None else [(end - start).total_seconds()]


def _figures(centre: int | None, rows: list[Handoff]) -> CentreHandoffFigures:
    claimed = [row for row in rows if row.claimed_at is not None]
    return CentreHandoffFigures(
        centre_id=centre,
        requested=len(rows),
        handled=len(claimed),
        waits=tuple(s for row in claimed for s in _seconds(row.requested_at, row.claimed_at)),
        first_replies=tuple(
            s for row in rows for s in _seconds(row.requested_at, row.first_reply_at)
        ),
    )


def mine_condition(staff_id: int):
    return and_(handoffs.c.staff_id == staff_id, handoffs.c.state == "human")


def open_condition():
    return or_(handoffs.c.state == "waiting", handoffs.c.state == "human")
