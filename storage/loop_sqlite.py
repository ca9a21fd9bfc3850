"""SQLite for the hot path: a synchronous SQLAlchemy connection used on the event loop.

An update's unit of work on SQLite is a handful of statements of a few microseconds each. Run
through aiosqlite, every statement took several thread round trips and greenlet switches, which
cost far more than the SQL. Here the unit of work uses a plain `sqlite3` connection on the
loop's thread behind the same `await connection.execute(...)` interface that repositories use
(SQLAlchemy's async results are buffered `CursorResult`s too).

Nothing here waits on the loop: `BEGIN IMMEDIATE` runs with no busy wait and, while another
process holds the write lock, is retried after short async sleeps. Once a transaction holds the
write lock its statements cannot wait on anyone (WAL readers never block).
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import tune_sqlite

_twins: weakref.WeakKeyDictionary[AsyncEngine, Engine] = weakref.WeakKeyDictionary()


def sync_twin(engine: AsyncEngine) -> Engine | None:
    """A synchronous engine on the same SQLite file as `engine`; None for other databases."""
    if engine.dialect.name != "sqlite":
        return None
    twin = _twins.get(engine)
    if twin is None:
        url = engine.url.set(drivername="sqlite+pysqlite")
        twin = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 0},
            pool_size=2,
            max_overflow=2,
            pool_reset_on_return=None,
            hide_parameters=True,
        )
        tune_sqlite(twin, busy_timeout_s=0)  # `begin` waits for the lock, asynchronously
        _twins[engine] = twin
    return twin


class LoopConnection:
    """A synchronous connection behind the async interface of `AsyncConnection`."""

    def __init__(self, connection) -> None:
        self._connection = connection
        self.dialect = connection.dialect

    @property
    def info(self) -> dict:
        """The connection's own dictionary (`storage/event_signal.py` marks it)."""
        return self._connection.info

    async def execute(self, statement, parameters=None):
        return self._connection.execute(statement, parameters)

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    def in_transaction(self) -> bool:
        return self._connection.in_transaction()

    async def close(self) -> None:
        self._connection.close()


async def begin(engine: Engine, timeout_s: float) -> LoopConnection:
    """A connection inside `BEGIN IMMEDIATE`, waiting asynchronously for the write lock."""
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + timeout_s, 0.001
    while True:
        connection = engine.connect()
        try:
            connection.begin()
            return LoopConnection(connection)
        except OperationalError as error:
            connection.close()
            if "locked" not in str(error) and "busy" not in str(error) or loop.time() >= deadline:
                raise
        except BaseException:
            connection.close()
            raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.05)
