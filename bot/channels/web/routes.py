"""GET / (the chat page) and POST /api/chat (its JSON API).

The user is a random id the server issues in an HttpOnly cookie; the page holds no state.
The page is served in her language (her choice, else her browser's), and every answer carries
the language it is in and the page's words in it, so the page follows when she changes it.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import structlog
from aiohttp import web

from bot.channels.web.language import bcp47, browser_hint, visitor_language
from bot.channels.web.page import ChatPage
from bot.channels.web.render import reply_json
from bot.metrics import Metrics
from handlers.engine import ConversationEngine
from handlers.messages import Incoming
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork

STATIC = Path(__file__).parent / "static"
COOKIE = "ilteo_uid"
COOKIE_AGE = 365 * 24 * 3600
USER_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
MAX_TEXT = 2000
MAX_DATA = 64
log = structlog.get_logger(__name__)


class WebChat:
    def __init__(
        self,
        engine: ConversationEngine,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        metrics: Metrics,
        secure_cookie: bool,
    ) -> None:
        self._engine = engine
        self._uow_factory = uow_factory
        self._languages = settings.languages
        self._page = ChatPage(settings.translator)
        self._metrics = metrics
        self._secure = secure_cookie

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/", self.page)
        app.router.add_post("/api/chat", self.chat)
        app.router.add_static("/static/", STATIC, name="static")

    async def page(self, request: web.Request) -> web.Response:
        accept = request.headers.get("Accept-Language", "")
        language = visitor_language(await self._chosen_language(request), accept, self._languages)
        # The page differs by her cookie and her browser's languages: no shared cache may reuse it.
        headers = {"Cache-Control": "no-cache", "Vary": "Accept-Language, Cookie",
                   "Content-Language": bcp47(language)}  # fmt: skip
        return web.Response(text=self._page.render(language), content_type="text/html",
                            charset="utf-8", headers=headers)  # fmt: skip

    async def _chosen_language(self, request: web.Request) -> str | None:
        """The language she chose, if her cookie names someone who did (in this chat or in a
        chat it is linked to)."""
        user_id = request.cookies.get(COOKIE, "")
        if not USER_ID.match(user_id):
            return None
        try:
            async with self._uow_factory() as uow:
                user = await uow.users.person("web", user_id)
        except Exception:  # the page still opens; the chat's first answer brings her language
            log.exception("web_page_language_failed")
            return None
        return user.language if user else None

    async def chat(self, request: web.Request) -> web.Response:
        user_id = request.cookies.get(COOKIE, "")
        if not USER_ID.match(user_id):
            user_id = secrets.token_urlsafe(32)
        incoming = await self._read(request, user_id)
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
        answer = reply_json(reply, self._page.words(reply.language))
        response = web.json_response(answer, dumps=_dumps)
        response.set_cookie(
            COOKIE, user_id, max_age=COOKIE_AGE, httponly=True, samesite="Lax", secure=self._secure
        )
        return response

    async def _read(self, request: web.Request, user_id: str) -> Incoming:
        try:
            body = await request.json()
        except ValueError:
            raise _bad_request("the body must be JSON") from None
        if not isinstance(body, dict):
            raise _bad_request("the body must be a JSON object")
        text, data = body.get("text"), body.get("data")
        if isinstance(text, str) and text.strip() and len(text) <= MAX_TEXT and data is None:
            return Incoming("web", user_id, text=text.strip(), language_hint=self._hint(request))
        if isinstance(data, str) and 0 < len(data) <= MAX_DATA and text is None:
            return Incoming("web", user_id, data=data, language_hint=self._hint(request))
        raise _bad_request('send {"text": "..."} (up to 2000 characters) or {"data": "..."}')

    def _hint(self, request: web.Request) -> str | None:
        """Her browser's first language that we offer, as GET / chose it for the page."""
        return browser_hint(request.headers.get("Accept-Language", ""), self._languages)


def _dumps(value: object) -> str:
    """JSON with Korean as it is, not as \\u escapes (a third of the bytes)."""
    return json.dumps(value, ensure_ascii=False)


def _bad_request(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")
