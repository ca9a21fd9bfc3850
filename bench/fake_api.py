"""A lean fake Bot API for the webhook benchmark: answers at once and tells the driver when a
reply for a chat arrives.

Unlike `tests/fakes/bot_api.py` it keeps no call log and checks no limits, so its own cost
stays small and flat over a long run. It answers what the benchmarked bots call: getMe,
setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText, sendVenue,
sendLocation, sendDocument, answerCallbackQuery and the like.

Off by default, it can also refuse messages as Telegram does (`refusals` logs each one):
`enforce_rate` answers 429 past an overall rate, `flood_after` injects a 429 and refuses
everything until its retry_after has passed, and chats in `blocked` get 403.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web

BOT_USER = {"id": 0, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
# Calls whose answer is a message that the user sees: the first one after an update is its reply.
MESSAGE_METHODS = frozenset(
    {"sendmessage", "editmessagetext", "sendvenue", "sendlocation", "senddocument", "sendphoto"}
)
TRUE_METHODS = frozenset(
    {"answercallbackquery", "setmycommands", "deletemycommands", "close", "logout"}
)


@dataclass(frozen=True, slots=True)
class Arrival:
    """A reply as it reached the fake: when, its message id and what a user would see of it."""

    at: float  # time.perf_counter()
    message_id: int
    text: str
    markup: str  # the reply_markup JSON as the bot sent it ("" without buttons)


@dataclass(frozen=True, slots=True)
class Refusal:
    """A message the fake refused: when, to which chat, and the error code (429 or 403)."""

    at: float  # time.perf_counter()
    chat_id: int
    code: int


class _Bucket:
    """Telegram's overall limit as a token bucket: `rate` a second, bursts of one second's worth."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._tokens = rate
        self._at = time.perf_counter()

    def take(self, now: float) -> bool:
        self._tokens = min(self.rate, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


class LeanBotApi:
    """`http://127.0.0.1:<port>/bot<token>/<method>`; `expect(chat)` before each update."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.webhook_url = ""
        self.webhook_secret = ""
        self.calls: Counter[str] = Counter()
        self.strays = 0  # replies nobody was waiting for
        self.peers: set[object] = set()  # the bot's connections (a pool's size shows here)
        self._waiting: dict[int, asyncio.Future[Arrival]] = {}
        self._message_ids: Counter[int] = Counter()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self.blocked: set[int] = set()  # chats whose user blocked the bot: 403
        self.refusals: list[Refusal] = []
        self.accepted = 0  # messages let through (all of them unless refusing is switched on)
        self.flood: tuple[float, float] | None = None  # the injected 429: (at, retry_after)
        self._bucket: _Bucket | None = None
        self._flood_after: tuple[int, int] | None = None

    def enforce_rate(self, per_second: float) -> None:
        """Answer 429 (retry_after 1) to messages beyond `per_second` overall, like Telegram."""
        self._bucket = _Bucket(per_second)

    def flood_after(self, messages: int, retry_after: int) -> None:
        """Once `messages` went through, answer 429 with `retry_after`, and 429 again to any
        message until that time has passed (Telegram's flood wait)."""
        self._flood_after = (messages, retry_after)

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    def reset(self) -> None:
        """Forget the last run: its webhook, counters and anyone still waiting."""
        self.webhook_url = self.webhook_secret = ""
        self.calls.clear()
        self.strays = 0
        self.peers.clear()
        for future in self._waiting.values():
            future.cancel()
        self._waiting.clear()

    def expect(self, chat_id: int) -> asyncio.Future[Arrival]:
        """A future for the next reply to `chat_id`."""
        future: asyncio.Future[Arrival] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = future
        return future

    def forget(self, chat_id: int) -> None:
        future = self._waiting.pop(chat_id, None)
        if future is not None:
            future.cancel()

    async def _serve(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"].lower()
        params = await request.post()  # urlencoded or multipart, as PTB sends them
        self.calls[method] += 1
        self.peers.add(request.transport.get_extra_info("peername") if request.transport else None)
        if method in MESSAGE_METHODS:
            return self._refusal(params) or _ok(self._message(params))
        if method in TRUE_METHODS:
            return _ok(True)
        if method == "getme":
            return _ok(BOT_USER | {"id": int(self.token.split(":", 1)[0])})
        if method == "setwebhook":
            self.webhook_url = str(params.get("url", ""))
            self.webhook_secret = str(params.get("secret_token", ""))
            return _ok(True)
        if method == "deletewebhook":
            self.webhook_url = self.webhook_secret = ""
            return _ok(True)
        if method == "getwebhookinfo":
            return _ok(
                {
                    "url": self.webhook_url,
                    "has_custom_certificate": False,
                    "pending_update_count": 0,
                }
            )
        return _error(404, "Not Found")

    def perform_webhook_answer(self, body: bytes) -> None:
        """Telegram performs a method the bot put in its webhook response; so does the fake."""
        params = json.loads(body)
        method = str(params.pop("method", "")).lower()
        self.calls[method] += 1
        if method in MESSAGE_METHODS:
            if isinstance(params.get("reply_markup"), dict):
                params["reply_markup"] = json.dumps(params["reply_markup"])
            self._message(params)

    def _refusal(self, params: Any) -> web.Response | None:
        """Telegram's 403 or 429 for this message, if it would give one (else it is accepted)."""
        now, chat_id = time.perf_counter(), int(params["chat_id"])
        if chat_id in self.blocked:
            self.refusals.append(Refusal(now, chat_id, 403))
            return _error(403, "Forbidden: bot was blocked by the user")
        if self._flood_after is not None and self.accepted >= self._flood_after[0]:
            self.flood, self._flood_after = (now, self._flood_after[1]), None
        if self.flood is not None and now < self.flood[0] + self.flood[1]:
            self.refusals.append(Refusal(now, chat_id, 429))
            return _too_many(math.ceil(self.flood[0] + self.flood[1] - now))
        if self._bucket is not None and not self._bucket.take(now):
            self.refusals.append(Refusal(now, chat_id, 429))
            return _too_many(1)
        self.accepted += 1
        return None

    def _message(self, params: Any) -> dict:
        arrived = time.perf_counter()
        chat_id = int(params["chat_id"])
        message_id = int(params.get("message_id") or 0)
        if not message_id:
            self._message_ids[chat_id] += 1
            message_id = self._message_ids[chat_id]
        text = str(params.get("text") or params.get("caption") or params.get("title") or "")
        future = self._waiting.pop(chat_id, None)
        if future is not None and not future.done():
            markup = str(params.get("reply_markup") or "")
            future.set_result(Arrival(arrived, message_id, text, markup))
        else:
            self.strays += 1
        chat = {"id": chat_id, "type": "private", "first_name": "user"}
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": text,
        }


def _ok(result: Any) -> web.Response:
    return web.Response(
        body=json.dumps({"ok": True, "result": result}), content_type="application/json"
    )


def _error(code: int, description: str, **parameters: Any) -> web.Response:
    answer = {"ok": False, "error_code": code, "description": description}
    if parameters:
        answer["parameters"] = parameters
    return web.Response(status=code, body=json.dumps(answer), content_type="application/json")


def _too_many(retry_after: int) -> web.Response:
    description = f"Too Many Requests: retry after {retry_after}"
    return _error(429, description, retry_after=retry_after)
