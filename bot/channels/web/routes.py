"""GET / (the chat page) and POST /api/chat (its JSON API).

The user is a random id the server issues and signs in an HttpOnly cookie (identity.py); the
page holds no state. POST /api/chat/forget ends the conversation on this device. Every POST is
checked first (guards.py): same origin, JSON, within its address's limits.
The page is served in her language (her choice, else her browser's), and every answer carries
the language it is in and the page's words in it, so the page follows when she changes it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from aiohttp import web

from bot.channels.base import Channel
from bot.channels.web.guards import ChatGuards
from bot.channels.web.identity import WebIdentity, kept_until
from bot.channels.web.language import bcp47, browser_hint, visitor_language
from bot.channels.web.page import ChatPage
from bot.channels.web.render import reply_json
from bot.metrics import Metrics
from handlers.engine import ConversationEngine
from handlers.i18n import _, speaking
from handlers.messages import Incoming, Reply
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork

STATIC = Path(__file__).parent / "static"
MAX_DATA = 64
CHANNEL = "web"
log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Post:
    """One POST /api/chat: its JSON body, the visitor its cookie names (or a new one) and her
    browser's language."""

    body: object
    visitor: str
    hint: str | None


class WebChat(Channel[Post, Incoming, dict[str, Any]]):
    name = CHANNEL

    def __init__(
        self,
        engine: ConversationEngine,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        metrics: Metrics,
        identity: WebIdentity,
        guards: ChatGuards,
        clock: Callable[[], datetime],
    ) -> None:
        self._engine = engine
        self._uow_factory = uow_factory
        self._settings = settings
        self._languages = settings.languages
        self._page = ChatPage(settings.translator)
        self._metrics = metrics
        self._identity = identity
        self._guards = guards
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/", self.page)
        app.router.add_post("/api/chat", self.chat)
        app.router.add_post("/api/chat/forget", self.forget)
        app.router.add_static("/static/", STATIC, name="static")

    async def page(self, request: web.Request) -> web.Response:
        accept = request.headers.get("Accept-Language", "")
        language = visitor_language(await self._chosen_language(request), accept, self._languages)
        # The page differs by her cookie and her browser's languages: no shared cache may reuse it.
        headers = {
            "Cache-Control": "no-cache",
            "Vary": "Accept-Language, Cookie",
            "Content-Language": bcp47(language),
        }
        return web.Response(
            text=self._page.render(language),
            content_type="text/html",
            charset="utf-8",
            headers=headers,
        )

    async def _chosen_language(self, request: web.Request) -> str | None:
        """The language she chose, if her cookie names someone who did (in this chat or in a
        chat it is linked to)."""
        visitor = self._identity.visitor(request, self._clock())
        if visitor is None:
            return None
        try:
            async with self._uow_factory() as uow:
                user = await uow.users.person("web", visitor)
        except Exception:  # the page still opens; the chat's first answer brings her language
            log.exception("web_page_language_failed")
            return None
        return user.language if user else None

    async def chat(self, request: web.Request) -> web.Response:
        address = self._guards.check(request)
        visitor = self._identity.visitor(request, self._clock())
        if visitor is None:
            self._guards.new_visitor(request, address)
            visitor = self._identity.new_id()  # ours, never one the request names
        incoming = await self._read(request, visitor)
        self._metrics.updates.labels("web").inc()
        started = time.perf_counter()
        try:
            reply = await self._engine.handle(incoming)
        except Exception:
            self._metrics.errors.labels("web").inc()
            log.exception("web_chat_failed")
            raise web.HTTPInternalServerError(
                text=json.dumps({"error": "internal"}), content_type="application/json"
            ) from None
        self._metrics.latency.labels("web").observe(time.perf_counter() - started)
        self._metrics.replies.labels("web").inc()
        assert reply is not None  # (only a re-delivery, told by a dedupe key, has none)
        response = web.json_response(await self.render(incoming, reply), dumps=_dumps)
        now = self._clock()
        until = kept_until(now, await self._last_appointment(visitor, now), self._settings.timezone)
        self._identity.remember(response, visitor, until, now)
        return response

    async def forget(self, request: web.Request) -> web.Response:
        """ "End the conversation on this device": the cookie goes; what she told us stays in
        the database until it is deleted (by her, or after RETENTION_DAYS without a visit)."""
        self._guards.check(request)
        visitor = self._identity.visitor(request, self._clock())
        chosen = None
        if visitor is not None:
            async with self._uow_factory() as uow:
                user = await uow.users.person("web", visitor)
            chosen = user.language if user else None
        accept = request.headers.get("Accept-Language", "")
        language = visitor_language(chosen, accept, self._languages)
        with speaking(self._settings.translator, language):
            text = _(
                "The chat on this device has ended. The next person here starts anew.\n"
                "What you told us is kept until it is deleted, {days} days after your "
                "last visit. To delete it sooner, ask the centre.",
                days=self._settings.retention_days,
            )
        answer = {"messages": [{"text": text}], "language": bcp47(language)}
        response = web.json_response(answer, dumps=_dumps)
        self._identity.forget(response)
        return response

    async def _last_appointment(self, visitor: str, now: datetime) -> datetime | None:
        async with self._uow_factory() as uow:
            person = await uow.users.person("web", visitor)
            upcoming = await uow.bookings.upcoming(person.id, now) if person else []
        return max((slot.starts_at for _booking, slot in upcoming), default=None)

    async def _read(self, request: web.Request, user_id: str) -> Incoming:
        try:
            body = json.loads(await request.read())
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            raise _bad_request("the body must be JSON") from None
        return self.convert(Post(body, user_id, self._hint(request)))

    def convert(self, raw: Post) -> Incoming:
        """The step a POST asks for; refuses (400) anything but one text or one button."""
        if not isinstance(raw.body, dict):
            raise _bad_request("the body must be a JSON object")
        text, data = raw.body.get("text"), raw.body.get("data")
        if isinstance(text, str) and text.strip() and data is None:
            return Incoming(CHANNEL, raw.visitor, text=text.strip(), language_hint=raw.hint)
        if isinstance(data, str) and 0 < len(data) <= MAX_DATA and text is None:
            return Incoming(CHANNEL, raw.visitor, data=data, language_hint=raw.hint)
        raise _bad_request('send {"text": "..."} or {"data": "..."} (up to 64 characters)')

    async def render(self, arrived: Incoming, reply: Reply) -> dict[str, Any]:
        """The reply as the page's JSON, with the page's words in the reply's language."""
        return reply_json(reply, self._page.words(reply.language))

    def _hint(self, request: web.Request) -> str | None:
        """Her browser's first language that we offer, as GET / chose it for the page."""
        return browser_hint(request.headers.get("Accept-Language", ""), self._languages)


def _dumps(value: object) -> str:
    """JSON with Korean as it is, not as \\u escapes (a third of the bytes)."""
    return json.dumps(value, ensure_ascii=False)


def _bad_request(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")
