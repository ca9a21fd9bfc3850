"""Making the async engine: SQLite (aiosqlite, WAL, foreign keys) or PostgreSQL (asyncpg).

On SQLite every transaction begins with `BEGIN IMMEDIATE`, so a writer takes the write lock
at its start instead of failing half-way with "database is locked" when it upgrades.
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.sqlite_inline import inline_creator

SQLITE_BUSY_TIMEOUT_S = 30

# SQLite has one writer at a time. Writers of this process queue on an asyncio lock instead of
# polling SQLite's busy handler, whose back-off sleeps add hundreds of milliseconds under load.
_writer_locks: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


def writer_lock(engine: AsyncEngine) -> asyncio.Lock | None:
    """The lock a unit of work holds on SQLite; None where the database has row locks."""
    if engine.dialect.name != "sqlite":
        return None
    lock = _writer_locks.get(engine)
    if lock is None:
        lock = _writer_locks[engine] = asyncio.Lock()
    return lock


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine for `url`, with the pragmas and pool that the backend needs."""
    if is_sqlite(url):
        engine = create_async_engine(
            url,
            echo=echo,
            async_creator=inline_creator(url, SQLITE_BUSY_TIMEOUT_S),
            pool_size=4,
            max_overflow=4,
            # Units of work always commit or roll back themselves; skip the pool's extra ROLLBACK.
            pool_reset_on_return=None,
        )
        _tune_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _tune_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # No blocking busy wait on the loop: a BEGIN that finds the write lock taken is retried
        # asynchronously (storage/sqlite_inline.py).
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
