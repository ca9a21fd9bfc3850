"""Making the async engine: SQLite (aiosqlite, WAL, foreign keys) or PostgreSQL (asyncpg).

On SQLite every transaction begins with `BEGIN IMMEDIATE`, so a writer takes the write lock
at its start instead of failing half-way with "database is locked" when it upgrades. Units of
work on SQLite use a synchronous twin of this engine (`storage/loop_sqlite.py`); this one
serves migrations, the health check and the command line.
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

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
            hide_parameters=True,  # a failing statement's values (a phone, an answer) stay out
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S},
            pool_size=4,
            max_overflow=4,
        )
        tune_sqlite(engine.sync_engine, busy_timeout_s=SQLITE_BUSY_TIMEOUT_S)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True, hide_parameters=True
    )


def tune_sqlite(sync_engine: Engine, busy_timeout_s: float) -> None:
    """WAL, foreign keys, `secure_delete` (deleted personal data is overwritten, not left in
    free pages), `BEGIN IMMEDIATE`, and how long a statement may wait for a lock."""

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        busy = f"busy_timeout={int(busy_timeout_s * 1000)}"
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=NORMAL",
            "secure_delete=ON",
            busy,
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
