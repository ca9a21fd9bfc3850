"""A lean fake Bot API for the webhook benchmark: answers at once and tells the driver when a
reply for a chat arrives.

Unlike `tests/fakes/bot_api.py` it keeps no call log and checks no limits, so its own cost
stays small and flat over a long run. It answers what the benchmarked bots call: getMe,
setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText, sendVenue,
sendLocation, sendDocument, answerCallbackQuery and the like.
"""

from __future__ import annotations

import asyncio
import json
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
            return _ok(self._message(params))
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


def _error(code: int, description: str) -> web.Response:
    body = json.dumps({"ok": False, "error_code": code, "description": description})
    return web.Response(status=code, body=body, content_type="application/json")
