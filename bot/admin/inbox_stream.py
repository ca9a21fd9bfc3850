"""The inbox's live stream (`GET /admin/inbox/events`, staff): server-sent events of her
centres' handoffs (an admin: all of them and the shared queue), each with its event id, so the
browser replays what it missed after a reconnect or a laptop's sleep (`Last-Event-ID`, or
`?after=` from the page). An event says which handoff changed and how, never what was said: the
page asks for the changed part itself. While the stream is open the counsellor is present
(`mark_present` at the start and every heartbeat)."""

from __future__ import annotations

from aiohttp import web

from bot.admin.guard import Staffer
from bot.admin.inbox_actions import identity_of
from bot.events import LiveEvents
from bot.events.sse import STEADY, Event, Timing, last_event_id, serve_events
from storage.records import StaffIdentity


class InboxStream:
    def __init__(self, admin, live: LiveEvents, timing: Timing = STEADY) -> None:
        self.admin = admin
        self.live = live
        self.timing = timing

    async def serve(self, request: web.Request, staffer: Staffer) -> web.StreamResponse:
        who = identity_of(staffer)
        after = last_event_id(request)
        async with self.admin.uow() as uow:
            if after is None:
                after = await uow.handoffs.latest_event_id()
            await uow.handoffs.mark_present(who.id, self.admin.clock())
            await uow.commit()

        async def read(last: int) -> list[Event]:
            return await self._events(who, last)

        async def beat() -> None:
            async with self.admin.uow() as uow:
                await uow.handoffs.mark_present(who.id, self.admin.clock())
                await uow.commit()

        return await serve_events(request, self.live.fanout, read, after, beat, self.timing)

    async def _events(self, who: StaffIdentity, after: int) -> list[Event]:
        async with self.admin.uow() as uow:
            found = await uow.handoffs.events_after(after, who)
        return [
            Event(
                e.id,
                "handoff",
                {"handoff": e.handoff_id, "kind": e.kind, "state": e.payload.get("state")},
            )
            for e in found
        ]
