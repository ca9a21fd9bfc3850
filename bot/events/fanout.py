"""One process's fan-out: every open stream subscribes and is woken when an event was written.

Each subscriber has a queue of one place: wake-ups coalesce (a stream woken ten times while it
was writing reads once), and a slow subscriber never holds up the others.
"""

from __future__ import annotations

import asyncio
import contextlib


class Subscription:
    """One open stream's wake-ups; use it as a context manager so it is dropped when it ends."""

    def __init__(self, fanout: Fanout) -> None:
        self._fanout = fanout
        self._queue: asyncio.Queue[bool] = asyncio.Queue(maxsize=1)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._fanout.drop(self)

    def wake(self) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # already woken: once is enough
            self._queue.put_nowait(True)

    async def wait(self, seconds: float) -> bool:
        """True when woken, False after `seconds` without a wake-up."""
        try:
            await asyncio.wait_for(self._queue.get(), seconds)
        except TimeoutError:
            return False
        return True

    @property
    def closed(self) -> bool:
        return self._fanout.closed


class Fanout:
    """The subscribers of this process; `wake` reaches all of them (callable from the loop)."""

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self.closed = False

    def subscribe(self) -> Subscription:
        subscription = Subscription(self)
        self._subscribers.add(subscription)
        return subscription

    def drop(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    def wake(self) -> None:
        for subscription in list(self._subscribers):
            subscription.wake()

    def close(self) -> None:
        """The server is stopping: every stream is woken to see `closed` and end."""
        self.closed = True
        self.wake()

    def __len__(self) -> int:
        return len(self._subscribers)
