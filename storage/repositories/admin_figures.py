"""The figures the admin dashboard draws: bookings made per day, interest per programme,
users per region, and the talks with counsellors per centre. Counting is done here; drawing is
the admin web's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.handoff_records import CentreHandoffFigures
from storage.records import EVERYTHING, Scope
from storage.repositories.handoff_reads import HandoffReads
from storage.repositories.reach import (
    people_condition,
    programme_condition,
    slot_condition,
    within,
)
from storage.tables import (
    account_links,
    bookings,
    centres,
    profiles,
    programmes,
    slots,
    subscriptions,
    users,
)


class AdminFiguresRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def handoffs(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[tuple[str | None, CentreHandoffFigures]]:
        """Per centre within `scope` (its name; None: the shared queue), the requests for a
        counsellor made in [first, last): how many, how many were taken, the waits and the
        times to the first reply."""
        figures = await HandoffReads(self._connection).figures(first, last, scope)
        ids = [f.centre_id for f in figures if f.centre_id is not None]
        query = select(centres.c.id, centres.c.name).where(centres.c.id.in_(ids))
        names = dict(tuple(row) for row in await self._connection.execute(query))
        return [(names.get(f.centre_id), f) for f in figures]

    async def bookings_made(
        self, first: datetime, last: datetime, scope: Scope = EVERYTHING
    ) -> list[datetime]:
        """When each booking within `scope` made in [first, last) was made (the caller buckets
        them by day)."""
        query = within(
            select(bookings.c.created_at)
            .join(slots, slots.c.id == bookings.c.slot_id)
            .where(bookings.c.created_at >= first, bookings.c.created_at < last),
            slot_condition(scope),
        )
        return list((await self._connection.execute(query)).scalars())

    async def programme_interest(
        self, limit: int = 8, scope: Scope = EVERYTHING
    ) -> list[tuple[str, int, int]]:
        """(title, bookings, subscribers) of the programmes (of the centres within `scope`) with
        the most of both, most first."""
        booked = (
            select(bookings.c.programme_id.label("pid"), func.count().label("n"))
            .where(bookings.c.programme_id.is_not(None))
            .group_by(bookings.c.programme_id)
            .subquery()
        )
        subscribed = (
            select(subscriptions.c.target.label("target"), func.count().label("n"))
            .where(subscriptions.c.kind == "programme")
            .group_by(subscriptions.c.target)
            .subquery()
        )
        n_booked = func.coalesce(booked.c.n, 0)
        n_subscribed = func.coalesce(subscribed.c.n, 0)
        query = (
            within(
                select(programmes.c.title, n_booked, n_subscribed)
                .outerjoin(booked, booked.c.pid == programmes.c.id)
                .outerjoin(subscribed, subscribed.c.target == cast(programmes.c.id, String))
                .where((n_booked + n_subscribed) > 0),
                programme_condition(scope),
            )
            .order_by((n_booked + n_subscribed).desc(), programmes.c.title)
            .limit(limit)
        )
        return [(title, int(b), int(s)) for title, b, s in await self._connection.execute(query)]

    async def users_by_region(self, scope: Scope = EVERYTHING) -> list[tuple[str | None, int]]:
        """Active people (within `scope`) per 시/도 of their profile (None: not told), most
        first; a chat linked to another chat of the same person is not counted again."""
        query = (
            within(
                select(profiles.c.sido, func.count())
                .select_from(users)
                .outerjoin(profiles, profiles.c.user_id == users.c.id)
                .where(
                    users.c.active.is_(True), users.c.id.not_in(select(account_links.c.user_id))
                ),
                people_condition(scope),
            )
            .group_by(profiles.c.sido)
            .order_by(func.count().desc())
        )
        return [(sido, int(count)) for sido, count in await self._connection.execute(query)]
