"""An aiosqlite connection that runs statements on the event loop's own thread.

aiosqlite sends every call (cursor, execute, fetch, close, commit) to a worker thread and
back; one update made ~22 such round trips, which cost more than the SQL itself. Here only
opening and closing go to the worker thread. `BEGIN IMMEDIATE` is tried inline with no busy
wait; while another process holds the write lock it is retried after short async sleeps, so
the loop never blocks and never waits for the worker thread to get the GIL back. Once a
transaction holds the write lock, its statements cannot wait on anyone (WAL readers never
block), so they run inline in microseconds.
"""

from __future__ import annotations

import asyncio
import sqlite3
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.engine import make_url


class InlineConnection(aiosqlite.Connection):
    busy_timeout_s: float = 30.0

    async def _execute(self, fn, *args: Any, **kwargs: Any):
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        if _begins(args):
            return await self._begin(fn, *args, **kwargs)
        return fn(*args, **kwargs)

    async def _begin(self, fn, *args: Any, **kwargs: Any):
        """BEGIN now, or after another process lets go of the write lock (async back-off)."""
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + self.busy_timeout_s, 0.001
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise
                if loop.time() >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)


def _begins(args: tuple) -> bool:
    return bool(args) and isinstance(args[0], str) and args[0].lstrip()[:5].upper() == "BEGIN"


def inline_creator(url: str, timeout: float):
    """An `async_creator` for SQLAlchemy that opens `InlineConnection`s to the URL's file."""
    path = make_url(url).database or ":memory:"
    connector = partial(sqlite3.connect, path, timeout=timeout, check_same_thread=False,
                        isolation_level=None)  # fmt: skip

    async def create() -> InlineConnection:
        connection = InlineConnection(connector, iter_chunk_size=64)
        connection.busy_timeout_s = timeout
        connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own thread
        return await connection

    return create
