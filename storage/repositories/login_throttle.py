"""The admin login's throttle: password checks counted per key (a keyed hash of a login or of
an address, never the typed text), each counted before its check. The first `free` checks of a
window pass at once; after that each must wait a doubling pause after the previous one, at most
`longest`. A refused attempt is not counted, so a guesser cannot keep a login shut: the wait
never grows past `longest` after the last check.

Concurrent attempts are serialised by the row: the conditional UPDATE waits for another
transaction's lock on PostgreSQL and then re-reads `next_at`; SQLite's write transactions are
already one at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.upsert import dialect_insert
from storage.tables import login_throttle

FIRST_PAUSE = timedelta(seconds=15)


def pause_after(attempts: int, free: int, longest: timedelta) -> timedelta:
    """The wait before the next check once `attempts` checks were made in the window."""
    if attempts < free:
        return timedelta(0)
    return min(FIRST_PAUSE * 2 ** min(attempts - free, 16), longest)


class LoginThrottleRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def take(
        self, key: str, now: datetime, *, free: int, window: timedelta, longest: timedelta
    ) -> bool:
        """Count one check under `key`; False (nothing counted) while it must still wait."""
        table = login_throttle.c
        values = {"key": key, "attempts": 0, "last_at": now, "next_at": now}
        insert = dialect_insert(self._connection, login_throttle).values(**values)
        await self._connection.execute(insert.on_conflict_do_nothing(index_elements=["key"]))
        counted = case((table.last_at < now - window, 1), else_=table.attempts + 1)
        statement = (
            update(login_throttle)
            .where(table.key == key, table.next_at <= now)
            .values(attempts=counted, last_at=now)
            .returning(table.attempts)
        )
        row = (await self._connection.execute(statement)).first()
        if row is None:
            return False
        wait = pause_after(row.attempts, free, longest)
        await self._connection.execute(
            update(login_throttle).where(table.key == key).values(next_at=now + wait)
        )
        return True

    async def forgive(self, key: str, now: datetime, *, free: int) -> None:
        """A check that succeeded is not held against `key` (an address shared by an office)."""
        table = login_throttle.c
        left = table.attempts - 1
        await self._connection.execute(
            update(login_throttle)
            .where(table.key == key, table.attempts > 0)
            .values(attempts=left, next_at=case((left < free, now), else_=table.next_at))
        )

    async def forget(self, key: str) -> None:
        """A successful sign-in: the login's count starts again."""
        await self._connection.execute(delete(login_throttle).where(login_throttle.c.key == key))
