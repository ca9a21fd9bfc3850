"""GET / (the chat page) and POST /api/chat (its JSON API).

The user is a random id the server issues in an HttpOnly cookie; the page holds no state.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

import structlog
from aiohttp import web

from bot.channels.web.render import reply_json
from bot.metrics import Metrics
from handlers.engine import ConversationEngine
from handlers.messages import Incoming

STATIC = Path(__file__).parent / "static"
COOKIE = "ilteo_uid"
COOKIE_AGE = 365 * 24 * 3600
USER_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
MAX_TEXT = 2000
MAX_DATA = 64
log = structlog.get_logger(__name__)


class WebChat:
    def __init__(self, engine: ConversationEngine, metrics: Metrics, secure_cookie: bool) -> None:
        self._engine = engine
        self._metrics = metrics
        self._secure = secure_cookie

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/", self.page)
        app.router.add_post("/api/chat", self.chat)
        app.router.add_static("/static/", STATIC, name="static")

    async def page(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

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
        response = web.json_response(reply_json(reply), dumps=_dumps)
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
            return Incoming("web", user_id, text=text.strip(), language_hint=_hint(request))
        if isinstance(data, str) and 0 < len(data) <= MAX_DATA and text is None:
            return Incoming("web", user_id, data=data, language_hint=_hint(request))
        raise _bad_request('send {"text": "..."} (up to 2000 characters) or {"data": "..."}')


def _dumps(value: object) -> str:
    """JSON with Korean as it is, not as \\u escapes (a third of the bytes)."""
    return json.dumps(value, ensure_ascii=False)


def _bad_request(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": reason}), content_type="application/json")


def _hint(request: web.Request) -> str | None:
    """The browser's first preferred language, e.g. "ko" from "ko-KR,ko;q=0.9,en;q=0.8"."""
    header = request.headers.get("Accept-Language", "")
    first = header.split(",", 1)[0].split(";", 1)[0].strip()
    return first or None
