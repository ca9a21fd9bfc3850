"""Telegram's sending limits, kept by one process: an overall rate (30 messages a second, up
to 1000 with paid broadcasts), about one message a second per chat, and a pause when the
channel answers 429 with retry_after.

Each message reserves the next free slot on a schedule spaced 1/rate apart, so messages never
go out faster than the rate, and a late wake-up catches up on the schedule rather than losing
its slot. Catching up never bunches: no second (a sliding window from any message) holds more
than `rate` messages, as Telegram counts them. The time source is a dependency: tests run the
schedule on virtual time.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager

TELEGRAM_RATE = 30.0  # messages a second, overall, without paid broadcasts
PAID_RATE = 1000.0
PER_CHAT_S = 1.0
_SAME_MOMENT_S = 1e-6  # schedule slots add up 1/rate: rounding must not cost a slot
_PRUNE_AT = 10_000  # chats remembered before the idle ones are forgotten


def allowed_rate(rate: float, paid: bool) -> float:
    """BROADCAST_RATE, within what Telegram allows (BROADCAST_PAID lifts 30/s to 1000/s)."""
    return min(rate, PAID_RATE if paid else TELEGRAM_RATE)


class SlowDown(Exception):
    """The channel asks us to send nothing for `seconds` (Telegram's 429 retry_after)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:g} s")
        self.seconds = seconds


class Unreachable(Exception):
    """The person blocked the bot or left (Telegram's 403): stop writing to her."""


class Timer:
    """Real time: a monotonic clock in seconds and a sleep."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class RateLimiter:
    """`async with limiter.turn(chat):` send one message to `chat` within the limits."""

    def __init__(self, rate: float, per_chat_s: float = PER_CHAT_S, timer: Timer | None = None):
        self._interval = 1.0 / rate
        self._per_chat = per_chat_s
        self._timer = timer or Timer()
        self._next = 0.0  # the next free slot on the overall schedule
        self._paused_until = 0.0
        self._chat_next: dict[Hashable, float] = {}  # when each chat may get its next message
        self._queues: dict[Hashable, _ChatQueue] = {}
        self._sent = _Window(rate)

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        """One chat's messages go one at a time, in order, a second apart, each in a slot."""
        queue = self._queues.setdefault(chat, _ChatQueue())
        queue.length += 1
        try:
            async with queue.lock:
                await self._until(self._chat_next.get(chat, 0.0))
                self._chat_next[chat] = await self._slot() + self._per_chat
                yield
        finally:
            queue.length -= 1
            if not queue.length:
                del self._queues[chat]
            self._prune()

    def set_rate(self, rate: float) -> None:
        """This process's share of the overall rate changed (another process came or went)."""
        self._interval = 1.0 / rate
        self._sent = _Window(rate, self._sent)

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` from now; slots already handed out are taken again."""
        self._paused_until = max(self._paused_until, self._timer.now() + seconds)

    async def _slot(self) -> float:
        """Wait for the next free slot; returns the time it was taken."""
        while True:
            now = self._timer.now()
            slot = max(now, self._next, self._paused_until)
            self._next = slot + self._interval
            await self._until(slot)
            while (free := self._sent.free_at()) > self._timer.now():
                await self._until(free)
            now = self._timer.now()
            if now >= self._paused_until:  # no 429 came while we waited
                self._sent.add(now)
                return now

    async def _until(self, moment: float) -> None:
        delay = moment - self._timer.now()
        if delay > 0:
            await self._timer.sleep(delay)

    def _prune(self) -> None:
        if len(self._chat_next) > _PRUNE_AT:
            now = self._timer.now()
            self._chat_next = {c: at for c, at in self._chat_next.items() if at > now}


class _Window:
    """When the last `rate` messages went out: the next may go once the oldest is a second old."""

    __slots__ = ("_times",)

    def __init__(self, rate: float, before: _Window | None = None) -> None:
        self._times: deque[float] = deque(before._times if before else (), math.floor(rate) or 1)

    def free_at(self) -> float:
        full = len(self._times) == self._times.maxlen
        return self._times[0] + 1.0 - _SAME_MOMENT_S if full else 0.0

    def add(self, moment: float) -> None:
        self._times.append(moment)


class _ChatQueue:
    __slots__ = ("length", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.length = 0  # messages holding or waiting for the lock
