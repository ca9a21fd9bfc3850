"""Broadcasts: an announcement, its audience (people who asked for such news), one outbox row
per recipient (key `broadcast:<id>:user:<id>`, so nobody is queued twice), and its progress.

An audience is `{"kind": ..., "target": ...}`: all (anyone with an alert), region (a 시/도 or
"시/도 시/군/구"; alerts for the whole 시/도 count too), zone (a bus zone code), field (a field
code), programme (a programme id), bus (any bus alert). Only people who agreed to personal
data, have notifications on and are active are counted. A counsellor's audience also names her
centres (`"centres": [ids]`, see `scoped`) and then stops at their people
(`storage/repositories/reach.py`), when counted and when queued.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import JSON, String, and_, cast, exists, func, literal, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import EVERYTHING, Broadcast, Scope
from storage.repositories.reach import people_condition, within
from storage.repositories.rows import columns_of
from storage.repositories.upsert import dialect_insert
from storage.tables import broadcasts, outbox, subscriptions, users

AUDIENCE_KINDS = ("all", "region", "zone", "field", "programme", "bus")
SUBSCRIPTION_KIND = {"zone": "bus_zone", "field": "field", "programme": "programme"}
OPEN_STATES = ("pending", "claimed")


def _wanted(audience: dict):
    """The alert that puts a person in `audience`."""
    kind, target = audience.get("kind"), str(audience.get("target") or "")
    sub = subscriptions.c
    if kind == "all":
        return sub.id.is_not(None)
    if kind == "bus":
        return sub.kind.in_(("bus_zone", "bus_visit"))
    if kind == "region":
        wider = literal(target).startswith(sub.target + " ")
        return and_(
            sub.kind == "region",
            or_(sub.target == target, sub.target.startswith(target + " "), wider),
        )
    if kind in SUBSCRIPTION_KIND:
        return and_(sub.kind == SUBSCRIPTION_KIND[kind], sub.target == target)
    raise ValueError(f"unknown audience {audience!r}")


def reach_of(audience: dict) -> Scope:
    """Whose people an audience may reach: those of the centres its author works for
    (`"centres": [...]`, written when a counsellor composes it), or everyone."""
    centres = audience.get("centres")
    return EVERYTHING if centres is None else Scope(frozenset(int(c) for c in centres))


def scoped(audience: dict, scope: Scope) -> dict:
    """`audience` limited to the people of `scope` (unchanged for the admin's)."""
    if scope.everything:
        return {key: value for key, value in audience.items() if key != "centres"}
    return {**audience, "centres": sorted(scope.centres)}


def audience_query(audience: dict):
    """SELECT users.id of everyone in `audience` (and within its reach)."""
    asked = exists().where(subscriptions.c.user_id == users.c.id, _wanted(audience))
    return within(
        select(users.c.id).where(
            users.c.active.is_(True),
            users.c.notifications.is_(True),
            users.c.consent_at.is_not(None),
            asked,
        ),
        people_condition(reach_of(audience)),
    )


class BroadcastRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def count_audience(self, audience: dict) -> int:
        query = select(func.count()).select_from(audience_query(audience).subquery())
        return (await self._connection.execute(query)).scalar_one()

    async def audience_languages(self, audience: dict) -> dict[str | None, int]:
        """How many of the audience read each language (None: not chosen yet)."""
        ids = audience_query(audience).subquery()
        query = (
            select(users.c.language, func.count())
            .where(users.c.id.in_(select(ids.c.id)))
            .group_by(users.c.language)
        )
        return {language: count for language, count in await self._connection.execute(query)}

    async def create(
        self,
        *,
        author: str,
        texts: dict[str, str],
        audience: dict,
        now: datetime,
        programme_id: int | None = None,
        visit_id: int | None = None,
        author_channel: str | None = None,
        author_external_id: str | None = None,
    ) -> int:
        values = {
            "author": author,
            "texts": texts,
            "audience": audience,
            "state": "draft",
            "programme_id": programme_id,
            "visit_id": visit_id,
            "created_at": now,
            "author_channel": author_channel,
            "author_external_id": author_external_id,
        }
        result = await self._connection.execute(broadcasts.insert().values(**values))
        return result.inserted_primary_key[0]

    async def get(self, broadcast_id: int) -> Broadcast | None:
        query = select(broadcasts).where(broadcasts.c.id == broadcast_id)
        row = (await self._connection.execute(query)).first()
        return Broadcast(**columns_of(row)) if row else None

    async def recent(self, limit: int = 20) -> list[Broadcast]:
        query = select(broadcasts).order_by(broadcasts.c.id.desc()).limit(limit)
        return [Broadcast(**columns_of(row)) for row in await self._connection.execute(query)]

    async def queue(self, broadcast_id: int, now: datetime) -> int:
        """One outbox row per recipient, in one statement; the broadcast starts sending.
        Returns how many were queued (0 when it was not a draft any more)."""
        started = await self._connection.execute(
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id, broadcasts.c.state == "draft")
            .values(state="sending")
        )
        if started.rowcount != 1:
            return 0
        broadcast = await self.get(broadcast_id)
        people = audience_query(broadcast.audience).subquery()
        key = literal(f"broadcast:{broadcast_id}:user:") + cast(people.c.id, String)
        payload = literal({"type": "broadcast", "broadcast_id": broadcast_id}, JSON)
        rows = select(
            key,
            people.c.id,
            literal("broadcast"),
            payload,
            literal(now, outbox.c.due_at.type),
            literal("pending"),
            literal(0),
            literal(broadcast_id),
        ).where(true())
        # (SQLite needs a WHERE in INSERT … SELECT … ON CONFLICT to parse it.)
        columns = [
            "key",
            "user_id",
            "kind",
            "payload",
            "due_at",
            "state",
            "attempts",
            "broadcast_id",
        ]
        insert = dialect_insert(self._connection, outbox).from_select(columns, rows)
        await self._connection.execute(insert.on_conflict_do_nothing(index_elements=["key"]))
        count = await self._count_rows(broadcast_id)
        await self._connection.execute(
            update(broadcasts).where(broadcasts.c.id == broadcast_id).values(recipients=count)
        )
        return count

    async def progress(
        self, broadcast_id: int, push_channels: Collection[str] | None = None
    ) -> dict[str, int]:
        """How many of its messages are in each outbox state; of the failed, those whose
        reader blocked the bot count as "blocked"; with `push_channels`, the pending messages of
        readers on other channels (the web chat) count as "on_return": they are shown when the
        reader comes back, and the broadcast does not wait for them."""
        return (await self.progress_of([broadcast_id], push_channels))[broadcast_id]

    async def progress_of(
        self, broadcast_ids: list[int], push_channels: Collection[str] | None = None
    ) -> dict[int, dict[str, int]]:
        """`progress` of several broadcasts, in one query."""
        query = (
            select(
                outbox.c.broadcast_id,
                outbox.c.state,
                outbox.c.last_error,
                users.c.channel,
                func.count(),
            )
            .join(users, users.c.id == outbox.c.user_id)
            .where(outbox.c.broadcast_id.in_(broadcast_ids))
            .group_by(outbox.c.broadcast_id, outbox.c.state, outbox.c.last_error, users.c.channel)
        )
        found: dict[int, dict[str, int]] = {broadcast_id: {} for broadcast_id in broadcast_ids}
        for broadcast_id, state, error, channel, count in await self._connection.execute(query):
            if state == "failed" and error == "blocked":
                state = "blocked"
            elif state == "pending" and push_channels is not None and channel not in push_channels:
                state = "on_return"
            counts = found[broadcast_id]
            counts[state] = counts.get(state, 0) + count
        return found

    async def cancel(self, broadcast_id: int, now: datetime | None = None) -> int:
        """Stop sending: messages not yet sent are cancelled; returns how many."""
        result = await self._connection.execute(
            update(outbox)
            .where(outbox.c.broadcast_id == broadcast_id, outbox.c.state == "pending")
            .values(state="cancelled")
        )
        await self._set(broadcast_id, state="cancelled", finished_at=now)
        return result.rowcount

    async def sending(self) -> list[Broadcast]:
        query = select(broadcasts).where(broadcasts.c.state == "sending")
        return [Broadcast(**columns_of(row)) for row in await self._connection.execute(query)]

    async def finish_if_done(
        self, broadcast_id: int, now: datetime, push_channels: Collection[str] | None = None
    ) -> bool:
        """Mark it done once none of its messages is waiting or being sent (with
        `push_channels`: none of those to readers on these channels; the others wait for
        their reader's return)."""
        waiting = select(outbox.c.id).where(
            outbox.c.broadcast_id == broadcast_id, outbox.c.state.in_(OPEN_STATES)
        )
        if push_channels is not None:
            pushed = select(users.c.id).where(users.c.channel.in_(sorted(push_channels)))
            waiting = waiting.where(outbox.c.user_id.in_(pushed))
        if (await self._connection.execute(waiting.limit(1))).first() is not None:
            return False
        statement = (
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id, broadcasts.c.state == "sending")
            .values(state="done", finished_at=now)
        )
        result = await self._connection.execute(statement)
        return result.rowcount == 1

    async def set_progress_message(self, broadcast_id: int, message_id: str) -> None:
        await self._set(broadcast_id, progress_message_id=message_id)

    async def _count_rows(self, broadcast_id: int) -> int:
        query = select(func.count()).where(outbox.c.broadcast_id == broadcast_id)
        return (await self._connection.execute(query)).scalar_one()

    async def _set(self, broadcast_id: int, **values) -> None:
        await self._connection.execute(
            update(broadcasts).where(broadcasts.c.id == broadcast_id).values(**values)
        )
