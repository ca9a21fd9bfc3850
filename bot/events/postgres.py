"""On PostgreSQL: `LISTEN` on a connection of its own, so events written by any process reach
this process's streams.

The connection is made with asyncpg directly (not from the pool: a pooled connection that
listens would be handed to a unit of work). When it is lost (the server restarted, the network
dropped, the backend was terminated) it is made again after a pause that doubles up to 30 s,
and every stream is woken then, to read what was written while nobody listened. A connection
that looks open but no longer answers is found by a `SELECT 1` every `check_every` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog
from sqlalchemy.engine import make_url

from bot.events.fanout import Fanout
from storage.event_signal import CHANNEL

FIRST_PAUSE_S = 0.5
LONGEST_PAUSE_S = 30.0
ANSWER_WITHIN_S = 5.0
log = structlog.get_logger(__name__)


def asyncpg_dsn(database_url: str) -> str:
    """`postgresql+asyncpg://…` (SQLAlchemy's form) as asyncpg takes it."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PostgresListener:
    def __init__(self, database_url: str, fanout: Fanout, check_every: float = 30.0) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self._fanout = fanout
        self._check_every = check_every
        self._task: asyncio.Task | None = None
        self.listening = asyncio.Event()  # set while LISTEN holds (tests wait for it)
        self.server_pid: int | None = None  # the listening backend (tests terminate it)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="handoff-events-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        pause = FIRST_PAUSE_S
        while True:
            try:
                await self._listen()
                pause = FIRST_PAUSE_S  # it held for a while: start again quickly
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
                log.warning("handoff_listener_lost", error=type(error).__name__, retry_s=pause)
            self.listening.clear()
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)

    async def _listen(self) -> None:
        connection = await asyncio.wait_for(asyncpg.connect(self._dsn), ANSWER_WITHIN_S)
        lost = asyncio.Event()
        try:
            connection.add_termination_listener(lambda _connection: lost.set())
            await connection.add_listener(CHANNEL, self._notified)
            self.server_pid = connection.get_server_pid()
            self.listening.set()
            self._fanout.wake()  # whatever came while nobody listened
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), self._check_every)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1", timeout=ANSWER_WITHIN_S)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), ANSWER_WITHIN_S)

    def _notified(self, _connection, _pid, _channel, _payload) -> None:
        self._fanout.wake()
