"""Her web chat's live stream (`GET /api/chat/events`): a counsellor's messages reach her page
as they are sent, as server-sent events whose ids are handoff event ids, so the page replays
what it missed after a reconnect (`Last-Event-ID`, or `?after=` kept by the page for a reload).

Who she is comes only from her signed cookie (`identity.py`), never from the request: no id in
the address, so nobody can ask for another person's stream. Without our signed cookie the
answer is 403 (the browser stops asking; the page asks again after her next answer). Only
messages meant for this chat are sent (a linked chat she wrote from gets its own), and each is
marked delivered once read for her page, so the chat does not show it again on her next
message. When a counsellor or a timeout ends the talk, why it ended comes the same way (a
`closed` event: the bot's message in her language, with its buttons), and then counts as told:
her next message does not repeat it.

Only the counsellors' own messages are hers to read: a `system` line of the transcript is a
note for the counsellor (in Korean), never sent to her page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.channels.web.identity import WebIdentity
from bot.channels.web.render import message_json
from bot.events import LiveEvents
from bot.events.sse import STEADY, Event, Timing, last_event_id, serve_events
from handlers.flows.handoff.delivery import TOLD, closing_note, untold_closing
from handlers.i18n import speaking
from handlers.notices import notice_language
from handlers.turn import FlowSettings
from storage.handoff_records import HandoffEvent
from storage.records import User
from storage.uow import UnitOfWork

SPOKEN_TO_HER = ("staff",)
STREAMS_EACH = 3  # open streams one visitor may hold in one process (tabs); more: 429


class ChatStream:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        identity: WebIdentity,
        live: LiveEvents,
        clock: Callable[[], datetime],
        settings: FlowSettings,
        timing: Timing = STEADY,
    ) -> None:
        self._uow = uow_factory
        self._settings = settings
        self._identity = identity
        self._live = live
        self._clock = clock
        self._timing = timing
        self._open: dict[str, int] = {}  # visitor → her open streams here

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/api/chat/events", self.serve)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        visitor = self._identity.visitor(request, self._clock())
        if visitor is None:
            return web.Response(status=403)
        after = last_event_id(request)
        async with self._uow() as uow:
            chat = await uow.users.find("web", visitor)
            person = await uow.users.person("web", visitor)
            if after is None:
                after = await uow.handoffs.latest_event_id()
        if chat is None or person is None:
            return web.Response(status=403)

        async def read(last: int) -> list[Event]:
            return await self._messages(person, chat.id, last)

        if self._open.get(visitor, 0) >= STREAMS_EACH:
            return web.Response(status=429, headers={"Retry-After": "30"})
        self._open[visitor] = self._open.get(visitor, 0) + 1
        try:
            return await serve_events(request, self._live.fanout, read, after, timing=self._timing)
        finally:
            self._open[visitor] -= 1
            if not self._open[visitor]:
                del self._open[visitor]

    async def _messages(self, person: User, chat_id: int, after: int) -> list[Event]:
        """Counsellors' messages to this chat after event `after`, marked delivered, and why a
        talk ended, once; other events only move the stream's id on."""
        async with self._uow() as uow:
            found = await uow.handoffs.person_events_after(after, person.id)
            texts: dict[int, str] = {}
            for handoff_id in {e.handoff_id for e in found if e.kind == "message"}:
                texts.update({m.id: m.text for m in await uow.handoffs.messages(handoff_id)})
            events, delivered = [], []
            for event in found:
                payload = event.payload
                message_id = payload.get("message_id")
                spoken = event.kind == "message" and payload.get("author") in SPOKEN_TO_HER
                if spoken and payload.get("chat_id") == chat_id and message_id in texts:
                    events.append(Event(event.id, "message", {"text": texts[message_id]}))
                    delivered.append(message_id)
                elif event.kind == "closed" and payload.get("chat_id") == chat_id:
                    events += await self._closing(uow, event, person, chat_id)
                else:
                    events.append(Event(event.id, ""))  # not for her page: only the id moves
            await uow.handoffs.mark_delivered(delivered, self._clock())
            await uow.commit()
        return events

    async def _closing(
        self, uow: UnitOfWork, event: HandoffEvent, person: User, chat_id: int
    ) -> list[Event]:
        """Why the talk ended, in her language (replayed as messages are); from now on told,
        so her next message does not repeat it."""
        reason = event.payload.get("reason")
        if reason not in TOLD:  # she ended it herself, and was answered then
            return [Event(event.id, "")]
        await untold_closing(uow, event.handoff_id, chat_id, self._clock())
        settings = self._settings
        with speaking(settings.translator, notice_language(person, settings)):
            note = closing_note(reason)
        return [Event(event.id, "closed", message_json(note))]
