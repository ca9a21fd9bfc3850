"""The rate limiter on virtual time: a late wake-up catches up without bunching, so no second
holds more than the rate, as Telegram counts it."""

from __future__ import annotations

import asyncio

from bot.ratelimit import RateLimiter


class LateTime:
    """Virtual time whose one sleep overshoots by `stall` seconds (a busy event loop)."""

    def __init__(self, stall_after: int, stall: float) -> None:
        self.t = 0.0
        self._sleeps = 0
        self._stall_after, self._stall = stall_after, stall

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self._sleeps += 1
        late = self._stall if self._sleeps == self._stall_after else 0.0
        wake = self.t + seconds + late
        await asyncio.sleep(0)
        self.t = max(self.t, wake)


async def send_all(limiter: RateLimiter, timer: LateTime, count: int) -> list[float]:
    times: list[float] = []

    async def one(chat: int) -> None:
        async with limiter.turn(chat):
            times.append(timer.now())

    await asyncio.gather(*(one(chat) for chat in range(count)))
    return sorted(times)


def busiest_second(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 1.0 - 1e-6) for start in times)


async def test_a_stalled_loop_does_not_send_more_than_the_rate_in_any_second():
    timer = LateTime(stall_after=5, stall=0.6)
    times = await send_all(RateLimiter(10, timer=timer), timer, 40)
    assert len(times) == 40
    assert busiest_second(times) <= 10


async def test_without_a_stall_the_schedule_keeps_the_full_rate():
    timer = LateTime(stall_after=0, stall=0.0)
    times = await send_all(RateLimiter(10, timer=timer), timer, 31)
    assert times[-1] - times[0] <= 3.0 + 1e-9
    assert busiest_second(times) <= 10


async def test_a_new_rate_keeps_what_was_sent_in_the_last_second():
    timer = LateTime(stall_after=0, stall=0.0)
    limiter = RateLimiter(10, timer=timer)
    first = await send_all(limiter, timer, 10)
    limiter.set_rate(5)
    later = await send_all(limiter, timer, 5)
    assert busiest_second(first + later) <= 10
    assert later[0] >= first[-1]
