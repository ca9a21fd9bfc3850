"""The outbox dispatch: claim due messages, render each in its reader's language, send it
through the reader's channel within the channel's limits, and record the outcome (sent, retry
later, missed, failed).

A loop (`start` / `stop`) wakes when something falls due (at least every second), claims about a
second's worth of sending for each channel and sends it concurrently through that channel's rate
limiter. A channel that takes many readers in one request (Kakao's Event API: `batch_size`
users) is allowed `rate × batch_size` messages a second, so its requests stay at the rate. Claims
and renders are short transactions of their own; sending happens outside them. A message is
committed as sent as soon as its channel answered (several in one commit when they pile up), so
a crash can send twice only what was answered in those milliseconds. The process renews its
claims while it sends; a claim whose process died is claimed again after OUTBOX_LEASE.
`run_once` does one round and waits for it: what tests call with a moved clock.

A notice's text depends on its payload and its reader's language only (`render_notice`), so
the messages of a batch with the same payload and language share one rendering: a broadcast or
a visit's reminders cost one set of reads per batch, not one per reader.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog

from bot.channels.base import Later, Notifier, Notifiers, Uncertain, Way
from bot.ratelimit import RateLimiter, SlowDown, Timer, Unreachable
from bot.sent_log import SentLog
from handlers.notices import Gone, render_notice
from handlers.turn import FlowSettings
from storage.records import OutboxMessage, User
from storage.uow import UnitOfWork

MAX_ATTEMPTS = 5
DEFAULT_RATE = 25.0
CLAIM_BATCH = 200  # messages claimed, and rendered, in one transaction
AHEAD_S = 1.0  # claim about this much sending ahead of the rate limiter
IDLE_S = 1.0  # look for due messages at least this often
STOP_WAIT_S = 10.0  # how long a stop waits for sends under way and their record
SHARE_EVERY_S = 1.0  # how often a process says it is alive and rereads its share of the rate
ALIVE = timedelta(seconds=3)  # a process not heard from for this long no longer shares
log = structlog.get_logger(__name__)


def readers_per_request(notifier: Notifier[Any]) -> int:
    """How many readers one request of the channel can carry (at least one)."""
    return max(1, notifier.batch_size)


def channel_rate(notifier: Notifier[Any], rate: float) -> float:
    """Messages a second for the channel: its own pace (the phone: SMS_RATE), else `rate`,
    times the readers one request carries."""
    own = notifier.rate if notifier.rate is not None else rate
    return own * readers_per_request(notifier)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … between tries."""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


@dataclass(slots=True)
class Delivery:
    """A claimed message, rendered, on its way to one chat."""

    message: OutboxMessage
    channel: str
    external_id: str
    reply: Any  # a Reply, or what a way of its own rendered (the phone: a PhoneNotice)
    sending: bool = False  # past the rate limiter: the channel may have it already


class Dispatcher:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        notifiers: Notifiers,
        clock: Callable[[], datetime],
        lease: timedelta,
        rate: float = DEFAULT_RATE,
        timer: Timer | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._notifiers = notifiers
        self._clock = clock
        self._lease = lease
        self._timer = timer or Timer()
        self._rates = {c: channel_rate(n, rate) for c, n in notifiers.items()}
        self._limits = {c: RateLimiter(r, timer=self._timer) for c, r in self._rates.items()}
        self._ahead = {c: max(1, int(r * AHEAD_S)) for c, r in self._rates.items()}
        self._idle_s = min(IDLE_S, lease.total_seconds() / 4)
        self._worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._sent = SentLog(uow_factory)
        self._in_flight: dict[int, tuple[Delivery, asyncio.Task]] = {}
        self._busy = dict.fromkeys(notifiers, 0)  # messages in flight, per channel
        self._wake = asyncio.Event()
        self._loop: asyncio.Task | None = None
        self._stopping = False
        self._hungry = False  # the last claim took all it asked for: more may be due now
        self._renewed_at = self._reclaimed_at = self._shared_at = -IDLE_S
        self._workers = 1

    async def run_once(self) -> int:
        """Send what is due now and record it; returns how many were sent."""
        if not self._notifiers:
            return 0
        channels = self._ready_channels()
        _claimed, deliveries, _next_due = await self._claim(CLAIM_BATCH, True, channels)
        sent = await asyncio.gather(*(self._deliver(delivery) for delivery in deliveries))
        await self._sent.flush()
        return sum(sent)

    def start(self) -> None:
        """Run the dispatch loop until `stop`."""
        if self._notifiers and self._loop is None:
            self._loop = asyncio.create_task(self._run(), name="outbox-dispatch")

    async def stop(self) -> None:
        """Stop claiming; sends under way finish and are recorded, the rest are given back."""
        if self._loop is None:
            return
        self._stopping = True
        self._wake.set()
        await self._loop
        waiting = [(d, task) for d, task in self._in_flight.values() if not d.sending]
        for _delivery, task in waiting:
            task.cancel()
        tasks = [task for _delivery, task in self._in_flight.values()]
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_WAIT_S)
        if waiting:
            unsent = [delivery.message.id for delivery, _task in waiting]
            await self._record(lambda uow: uow.outbox.release(unsent))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._sent.flush(), STOP_WAIT_S)
        with contextlib.suppress(Exception):  # the database may be gone already
            await self._record(lambda uow: uow.workers.leave(self._worker))

    # --- the loop ------------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self._round()
            except Exception as error:  # the database went away: try again shortly
                log.error("outbox_dispatch_failed", error=type(error).__name__)
                await self._rest(self._idle_s)

    async def _round(self) -> None:
        await self._share_rate()
        await self._renew_claims()
        reclaim, hungry, full, next_due, asked = self._reclaim_now(), False, False, None, False
        for channel in self._ready_channels():
            room = self._room(channel)
            if room * 2 < self._ahead[channel]:  # wait for half its claimed backlog to go out
                full = True
                continue
            limit = min(room, CLAIM_BATCH)
            claimed, deliveries, due = await self._claim(limit, reclaim, (channel,), not asked)
            reclaim, asked = False, asked or claimed < limit  # (the next due is any channel's)
            for delivery in deliveries:
                self._spawn(delivery)
            hungry = hungry or claimed == limit
            next_due = next_due or due
        self._hungry = hungry or full  # a send that ends wakes the loop for another claim
        if not hungry:  # nothing more is due now, or no room: sleep until it is
            await self._rest(self._until(next_due))

    def _room(self, channel: str) -> int:
        """How many more messages of `channel` may be claimed ahead of its rate limiter."""
        return self._ahead[channel] - self._busy[channel]

    async def _share_rate(self) -> None:
        """About once a second: say we are alive, and send at our share of the overall rate."""
        now = self._timer.now()
        if now - self._shared_at < SHARE_EVERY_S:
            return
        self._shared_at = now
        async with self._uow_factory() as uow:
            workers = await uow.workers.heartbeat(self._worker, self._clock(), ALIVE)
            await uow.commit()
        if workers != self._workers:
            self._workers = workers
            for channel, limiter in self._limits.items():
                limiter.set_rate(self._rates[channel] / workers)
            log.info("outbox_rate_shared", workers=workers)

    def _reclaim_now(self) -> bool:
        """Look for claims of dead processes about once a second, not on every claim."""
        now = self._timer.now()
        if now - self._reclaimed_at < self._idle_s:
            return False
        self._reclaimed_at = now
        return True

    def _until(self, due: datetime | None) -> float:
        if due is None:
            return self._idle_s
        return min(self._idle_s, max((due - self._clock()).total_seconds(), 0.0) + 0.002)

    async def _rest(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    def _spawn(self, delivery: Delivery) -> None:
        task = asyncio.create_task(self._deliver(delivery))
        self._in_flight[delivery.message.id] = (delivery, task)
        self._busy[delivery.channel] += 1
        task.add_done_callback(functools.partial(self._done, delivery.message.id))

    def _done(self, message_id: int, task: asyncio.Task[int]) -> None:
        delivery, _task = self._in_flight.pop(message_id, (None, None))
        if not task.cancelled() and task.exception() is not None:
            error = type(task.exception()).__name__
            log.error("outbox_outcome_not_recorded", id=message_id, error=error)
        if delivery is None:
            return
        channel = delivery.channel
        self._busy[channel] -= 1
        if self._hungry and self._room(channel) * 2 >= self._ahead[channel]:
            self._wake.set()  # room for another claim, and more may be due

    async def _renew_claims(self) -> None:
        """Keep the claims of messages still queued or sending, so no one takes them over."""
        now = self._timer.now()
        if not self._in_flight or now - self._renewed_at < self._lease.total_seconds() / 3:
            return
        self._renewed_at = now
        ids = list(self._in_flight)
        await self._record(lambda uow: uow.outbox.renew(ids, self._worker, self._clock()))

    # --- claiming and rendering ----------------------------------------------------------------

    async def _claim(
        self, limit: int, reclaim: bool, channels: tuple[str, ...], ask_next: bool = True
    ) -> tuple[int, list[Delivery], datetime | None]:
        """Claim up to `limit` due messages for `channels` and render them; also (`ask_next`)
        when the next message of any channel falls due, if not all were claimed."""
        now = self._clock()
        if not channels:
            return 0, [], None
        async with self._uow_factory() as uow:
            claimed = await uow.outbox.claim(
                now, self._worker, self._lease, channels, limit, reclaim=reclaim
            )
            more = ask_next and len(claimed) < limit
            next_due = await uow.outbox.next_due(now) if more else None
            await uow.commit()
        fresh = [message for message in claimed if message.id not in self._in_flight]
        return len(claimed), await self._render(fresh) if fresh else [], next_due

    def _ready_channels(self) -> tuple[str, ...]:
        return tuple(name for name, notifier in self._notifiers.items() if notifier.ready)

    async def _render(self, claimed: list[OutboxMessage]) -> list[Delivery]:
        try:
            return await self._render_together(claimed)
        except Exception as error:  # one bad message must not hold back the others
            log.warning("outbox_render_batch_failed", error=type(error).__name__)
        rendered = [await self._render_alone(message) for message in claimed]
        return [delivery for delivery in rendered if delivery is not None]

    async def _render_together(self, claimed: list[OutboxMessage]) -> list[Delivery]:
        """Render a batch in one transaction; messages with the same payload for readers of the
        same language share one rendering (a broadcast, a visit's reminders)."""
        now, deliveries, shared = self._clock(), [], {}
        async with self._uow_factory() as uow:
            readers = await uow.outbox.readers({message.user_id for message in claimed})
            for message in claimed:
                user = readers[message.user_id]
                key = (
                    json.dumps(message.payload, sort_keys=True),
                    user.language,
                    message.via and message.id,
                )  # (a way of its own renders each alone)
                if key not in shared:
                    shared[key] = await self._rendering(uow, message, user, now)
                if isinstance(shared[key], Gone | Later):
                    await self._not_now(uow, message, shared[key])
                else:
                    deliveries.append(
                        Delivery(
                            message, message.via or user.channel, user.external_id, shared[key]
                        )
                    )
            await uow.commit()
        return deliveries

    async def _rendering(
        self, uow: UnitOfWork, message: OutboxMessage, user: User, now: datetime
    ) -> Any:
        try:
            if message.via is not None:  # its way renders it (the phone: a filled template)
                return await self._way(message.via).render(uow, message, user, now)
            return await render_notice(uow, message, user, self._settings, now)
        except (Gone, Later) as reason:
            return reason

    def _way(self, name: str) -> Way[Any]:
        way = self._notifiers[name]
        if not isinstance(way, Way):
            raise TypeError(f"{name} is a channel, not a way of its own")
        return way

    async def _not_now(self, uow: UnitOfWork, message: OutboxMessage, reason: Gone | Later) -> None:
        if isinstance(reason, Later):
            await uow.outbox.release([message.id], due_at=reason.at)
        else:
            await self._missed(uow, message, reason)

    async def _render_alone(self, message: OutboxMessage) -> Delivery | None:
        try:
            async with self._uow_factory() as uow:
                user = await uow.users.get(message.user_id)
                if user is None:  # deleted since it was queued
                    await self._not_now(uow, message, Gone("no such person"))
                    await uow.commit()
                    return None
                reply = await self._rendering(uow, message, user, self._clock())
                if isinstance(reply, Gone | Later):
                    await self._not_now(uow, message, reply)
                    await uow.commit()
                    return None
                return Delivery(message, message.via or user.channel, user.external_id, reply)
        except Exception as error:  # a bug or bad data in this one message: retry, then give up
            await self._failed(message, type(error).__name__)
            return None

    async def _missed(self, uow: UnitOfWork, message: OutboxMessage, reason: Gone) -> None:
        await uow.outbox.mark(message.id, "missed", str(reason))
        log.info("outbox_missed", id=message.id, kind=message.kind, reason=str(reason))

    # --- sending and recording -----------------------------------------------------------------

    async def _deliver(self, delivery: Delivery) -> int:
        message, limiter = delivery.message, self._limits[delivery.channel]
        notifier = self._notifiers[delivery.channel]
        try:
            async with limiter.turn((delivery.channel, delivery.external_id)):
                delivery.sending = True
                try:
                    await notifier.send(delivery.external_id, delivery.reply)
                except SlowDown as slow:
                    limiter.pause(slow.seconds)  # before anyone else takes a slot
                    raise
        except SlowDown as slow:
            await self._slowed(message, slow.seconds)
            return 0
        except Unreachable:
            await self._record(lambda uow: stop_writing_to(uow, message))
            log.info("outbox_recipient_gone", id=message.id, kind=message.kind)
            return 0
        except Uncertain as uncertain:
            why = str(uncertain)
            await self._record(lambda uow: uow.outbox.mark(message.id, "unknown", why))
            log.warning("outbox_outcome_unknown", id=message.id, kind=message.kind)
            return 0
        except Exception as error:  # any channel failure: retry later, then give up
            await self._failed(message, type(error).__name__)
            return 0
        self._sent.add(message.id, self._clock())
        log.debug("outbox_sent_one", id=message.id, kind=message.kind)
        return 1

    async def _slowed(self, message: OutboxMessage, seconds: float) -> None:
        """Told to wait: the message goes back unsent, due after the pause, no attempt spent."""
        log.warning("outbox_rate_limited", id=message.id, retry_after_s=seconds)
        due = self._clock() + timedelta(seconds=seconds)
        await self._record(lambda uow: uow.outbox.release([message.id], due_at=due))

    async def _failed(self, message: OutboxMessage, error: str) -> None:
        log.warning("outbox_send_failed", id=message.id, attempts=message.attempts, error=error)
        if message.attempts >= MAX_ATTEMPTS:
            await self._record(lambda uow: uow.outbox.mark(message.id, "failed", error))
        else:
            due = self._clock() + backoff(message.attempts)
            await self._record(lambda uow: uow.outbox.retry(message.id, due, error))

    async def _record(self, change: Callable[[UnitOfWork], Awaitable[None]]) -> None:
        async with self._uow_factory() as uow:
            await change(uow)
            await uow.commit()


async def stop_writing_to(uow: UnitOfWork, message: OutboxMessage) -> None:
    """She blocked the bot: this message failed, she is inactive and her alerts are gone."""
    await uow.outbox.mark(message.id, "failed", "blocked")
    await uow.users.deactivate(message.user_id)
    await uow.subscriptions.remove_all(message.user_id)
