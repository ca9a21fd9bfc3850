"""Processes sending from the outbox announce themselves every second or so; each then sends at
its share of the overall rate (BROADCAST_RATE divided by the processes alive)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import upsert_without_id
from storage.tables import dispatch_workers


class WorkerRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def heartbeat(self, worker: str, now: datetime, alive: timedelta) -> int:
        """Record that `worker` is alive; returns how many workers were seen within `alive`."""
        values = {"worker": worker, "seen_at": now}
        await upsert_without_id(self._connection, dispatch_workers, values, keys=("worker",))
        await self._connection.execute(
            delete(dispatch_workers).where(dispatch_workers.c.seen_at < now - 10 * alive)
        )
        query = select(func.count()).where(dispatch_workers.c.seen_at >= now - alive)
        return max(1, (await self._connection.execute(query)).scalar_one())

    async def leave(self, worker: str) -> None:
        await self._connection.execute(
            delete(dispatch_workers).where(dispatch_workers.c.worker == worker)
        )
