"""`LiveEvents`: this process's fan-out and what feeds it, started and stopped with the server.

PostgreSQL: `LISTEN` on a connection of its own (`postgres.py`), so every process hears every
event. SQLite: this process's own commits (`sqlite_commits.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.events.fanout import Fanout
from bot.events.postgres import PostgresListener
from bot.events.sqlite_commits import wake_on_commits


class LiveEvents:
    def __init__(self, database: AsyncEngine, database_url: str) -> None:
        self.fanout = Fanout()
        self._database = database
        self.listener: PostgresListener | None = None
        if database.dialect.name == "postgresql":
            self.listener = PostgresListener(database_url, self.fanout)
        self._unhook: Callable[[], None] | None = None

    def register(self, app: web.Application) -> None:
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._stop)

    async def _start(self, _app: web.Application) -> None:
        if self.listener is not None:
            self.listener.start()
        else:
            self._unhook = wake_on_commits(self._database, self.fanout)

    async def _stop(self, _app: web.Application) -> None:
        self.fanout.close()  # open streams end now, not after the shutdown timeout
        if self.listener is not None:
            await self.listener.stop()
        if self._unhook is not None:
            self._unhook()
            self._unhook = None
