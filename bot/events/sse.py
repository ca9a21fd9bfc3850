"""Server-sent events on aiohttp's own `StreamResponse`.

A stream subscribes to the fan-out first, then reads what is after the id it was given (the
browser's `Last-Event-ID` after a reconnect, or `?after=` from the page that opened it), sends
it, and waits to be woken; every `heartbeat_s` it sends a comment line (proxies keep the
connection; the browser sees a dead one), reads the table anyway (events of a process it
could not hear) and calls `beat` (the counsellor is present). It ends after `lifetime_s`,
when the server stops, or when the browser goes; the browser comes back with its last id, and
the guard of the route is checked again then.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog
from aiohttp import web

from bot.events.fanout import Fanout

RETRY_MS = 2000
HEARTBEAT_S = 15.0
LIFETIME_S = 300.0
HEADERS = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Accel-Buffering": "no",  # nginx: pass each event on at once
    "X-Content-Type-Options": "nosniff",
}
log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    kind: str
    data: dict = field(default_factory=dict)

    def frame(self) -> bytes:
        body = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        return f"id: {self.id}\nevent: {self.kind}\ndata: {body}\n\n".encode()


LOOK_S = 1.0  # how often a waiting stream looks whether its browser is still there
Read = Callable[[int], Awaitable[list[Event]]]
Beat = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Timing:
    heartbeat_s: float = HEARTBEAT_S
    lifetime_s: float = LIFETIME_S


STEADY = Timing()


def last_event_id(request: web.Request) -> int | None:
    """The id the browser last received (header first, then `?after=`): ASCII digits only."""
    for given in (request.headers.get("Last-Event-ID", ""), request.query.get("after", "")):
        if given and given.isascii() and given.isdigit() and len(given) <= 18:
            return int(given)
    return None


async def serve_events(
    request: web.Request,
    fanout: Fanout,
    read: Read,
    after: int,
    beat: Beat | None = None,
    timing: Timing = STEADY,
) -> web.StreamResponse:
    """Stream the events `read` finds after `after` until the stream's time is up."""
    response = web.StreamResponse(headers=HEADERS)
    await response.prepare(request)
    loop = asyncio.get_running_loop()
    ends = loop.time() + timing.lifetime_s
    try:
        await response.write(f"retry: {RETRY_MS}\n\n".encode())
        with fanout.subscribe() as woken:
            while not woken.closed and loop.time() < ends:
                for event in await read(after):
                    if event.kind:  # (an event without a kind is read past, not sent)
                        await response.write(event.frame())
                    after = max(after, event.id)
                if await _woken_or_beat(request, woken, loop.time() + timing.heartbeat_s, ends):
                    continue
                if _gone(request):
                    break
                await response.write(b": beat\n\n")
                if beat is not None:
                    await beat()
    except ConnectionError:
        pass  # the browser went; it comes back with its last id
    except Exception:  # the database is away: the browser comes back after `retry`
        log.exception("event_stream_failed")
    return response


async def _woken_or_beat(request: web.Request, woken, beat_at: float, ends: float) -> bool:
    """Waits for a wake-up (True) or the heartbeat's time (False), looking every second whether
    the browser went (aiohttp does not cancel a handler whose client left), so a closed tab
    holds nothing for long."""
    loop = asyncio.get_running_loop()
    while (left := min(beat_at, ends) - loop.time()) > 0:
        if await woken.wait(min(LOOK_S, left)):
            return True
        if _gone(request) or woken.closed:
            return False
    return False


def _gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()
