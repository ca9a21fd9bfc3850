"""Reading a server-sent event stream in tests (the inbox's, her web page's): the events of an
open `text/event-stream` response, each {"id", "event", "data"} as far as it has them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp


async def stream_events(stream: aiohttp.ClientResponse) -> AsyncIterator[dict]:
    """Each event of `stream` as it arrives, its data read as JSON."""
    event: dict = {}
    async for raw in stream.content:
        line = raw.decode().rstrip("\n")
        if line.startswith(("id: ", "event: ")):
            key, _sep, value = line.partition(": ")
            event[key] = value
        elif line.startswith("data: "):
            event["data"] = json.loads(line[6:])
        elif not line and "data" in event:
            yield event
            event = {}


async def first_events(stream: aiohttp.ClientResponse, count: int, found: list[dict]) -> list[dict]:
    """The first `count` events of `stream`, gathered in `found` (what came before a timeout
    stays there); fails when the stream ends first."""
    async for event in stream_events(stream):
        found.append(event)
        if len(found) == count:
            return found
    raise AssertionError(f"the stream ended after {len(found)} events")
