"""Subscriptions: to a region, a field, a programme, the bus in a zone, or one bus visit.

They are the audiences that staff announcements reach, and the source of visit reminders.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.records import Subscription
from storage.repositories.rows import columns_of
from storage.repositories.upsert import insert_ignoring_conflict
from storage.tables import subscriptions

KINDS = ("region", "field", "programme", "bus_zone", "bus_visit")


class SubscriptionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, user_id: int, kind: str, target: str, now: datetime) -> bool:
        """Subscribe; False when the subscription already existed."""
        if kind not in KINDS:
            raise ValueError(f"unknown subscription kind {kind!r}")
        values = {"user_id": user_id, "kind": kind, "target": target, "created_at": now}
        return await insert_ignoring_conflict(
            self._connection, subscriptions, values, keys=("user_id", "kind", "target")
        )

    async def of_user(self, user_id: int) -> list[Subscription]:
        query = (
            select(subscriptions)
            .where(subscriptions.c.user_id == user_id)
            .order_by(subscriptions.c.id)
        )
        return [Subscription(**columns_of(row)) for row in await self._connection.execute(query)]

    async def remove(self, user_id: int, subscription_id: int) -> Subscription | None:
        """Unsubscribe; returns what was removed, None when there was nothing."""
        statement = (
            delete(subscriptions)
            .where(subscriptions.c.user_id == user_id, subscriptions.c.id == subscription_id)
            .returning(*subscriptions.c)
        )
        row = (await self._connection.execute(statement)).first()
        return Subscription(**columns_of(row)) if row else None

    async def remove_all(self, user_id: int) -> None:
        await self._connection.execute(
            delete(subscriptions).where(subscriptions.c.user_id == user_id)
        )
