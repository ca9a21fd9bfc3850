"""Periodic jobs run once a period across every process, and the test clock's offset.

A job's period is cut into slots (slot n covers [n·period, (n+1)·period) of the clock); a
process claims the job's current slot before running it. The claim reads the job's row
`FOR UPDATE SKIP LOCKED` (PostgreSQL), so a process that finds another one claiming it moves
on at once, and it succeeds only when the row's slot is an earlier one, so a job runs once a
slot whichever process checks first. On SQLite the transaction's write lock does the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import insert_ignoring_conflict, upsert_without_id
from storage.tables import clock_offset, job_runs

NEVER = -1


class JobRunRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def claim(self, name: str, slot: int, now: datetime) -> int | None:
        """Claim `slot` for job `name`; returns the slot it ran in before (to give the claim
        back if the run fails), or None when this slot is taken or being taken."""
        values = {"name": name, "slot": NEVER, "ran_at": now}
        await insert_ignoring_conflict(self._connection, job_runs, values, keys=("name",))
        query = (
            select(job_runs.c.slot)
            .where(job_runs.c.name == name, job_runs.c.slot < slot)
            .with_for_update(skip_locked=True)
        )
        previous = (await self._connection.execute(query)).scalar_one_or_none()
        if previous is None:
            return None
        await self._connection.execute(
            update(job_runs).where(job_runs.c.name == name).values(slot=slot, ran_at=now)
        )
        return previous

    async def give_back(self, name: str, slot: int, previous: int) -> None:
        """The run of `slot` failed: the next check may run the job again."""
        await self._connection.execute(
            update(job_runs)
            .where(job_runs.c.name == name, job_runs.c.slot == slot)
            .values(slot=previous)
        )

    async def clock_offset(self) -> float:
        """Seconds the test clock is ahead of the real one (0 when never set)."""
        query = select(clock_offset.c.seconds).where(clock_offset.c.id == 1)
        return (await self._connection.execute(query)).scalar_one_or_none() or 0.0

    async def set_clock_offset(self, seconds: float) -> None:
        values = {"id": 1, "seconds": seconds}
        await upsert_without_id(self._connection, clock_offset, values, keys=("id",))
