"""On SQLite, this process's commits that wrote a handoff event wake its streams.

`storage/event_signal.py` marks the connection when an event is written; the commit listener
here sees the mark and wakes the fan-out after the commit (units of work commit synchronously
on the loop's thread, so the callback runs once the rows are there); a rollback drops the mark.
Another process on the same SQLite file is not heard: its events reach the streams here at
their next heartbeat (`sse.py`), which reads the table anyway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.events.fanout import Fanout
from storage.event_signal import MARK
from storage.loop_sqlite import sync_twin


def wake_on_commits(engine: AsyncEngine, fanout: Fanout) -> Callable[[], None]:
    """Listen to the commits of `engine`'s units of work; returns what stops listening."""
    twin = sync_twin(engine)
    if twin is None:
        return lambda: None
    loop = asyncio.get_running_loop()

    def committed(connection) -> None:
        if connection.info.pop(MARK, None) is not None:
            loop.call_soon_threadsafe(fanout.wake)

    def rolled_back(connection) -> None:
        connection.info.pop(MARK, None)

    event.listen(twin, "commit", committed)
    event.listen(twin, "rollback", rolled_back)

    def stop() -> None:
        event.remove(twin, "commit", committed)
        event.remove(twin, "rollback", rolled_back)

    return stop
