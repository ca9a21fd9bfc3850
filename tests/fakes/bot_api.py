"""A fake Telegram Bot API server for tests: real HTTP on 127.0.0.1, Telegram's answers and limits.

    async with FakeBotApi() as fake:
        application = Application.builder().token(fake.token).base_url(fake.api_url)...
        await fake.post_webhook(fake.message_update(42, "안녕하세요"))
        messages = await fake.wait_for_messages(42, 1)

It records every call (`calls`, `sent_messages`), keeps what `setWebhook` registered, serves
`getUpdates` with Telegram's offset semantics, and can be told to fail (`fail_next`) or to stall
(`stall_next`) the next call of a method. Unlike Telegram it accepts plain-http webhook URLs.
With `chat_limit`, each chat is held to Telegram's per-chat rate (tests/fakes/chat_limit.py):
an API call past it gets 429, a webhook answer past it is dropped (`dropped_answers`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes import bot_api_limits as limits
from tests.fakes import bot_api_objects as objects
from tests.fakes.bot_api_limits import ApiError, bad_request
from tests.fakes.bot_api_objects import ApiCall, UploadedFile, Webhook
from tests.fakes.chat_limit import ChatLimit

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REGISTERED = object()  # post_webhook's default: send the secret given to setWebhook
FIRST_UPDATE_ID = 100_000


class FakeBotApi:
    """The Bot API at `http://127.0.0.1:<port>/bot<token>/<method>`."""

    def __init__(
        self,
        token: str = "123456:TEST-fake-token",
        username: str = "ilteo_bot",
        chat_limit: ChatLimit | None = None,
    ) -> None:
        self.token = token
        self.chat_limit = chat_limit
        self.dropped_answers: list[dict] = []  # webhook answers Telegram would have dropped
        self.me = objects.bot_user(int(token.split(":", 1)[0]), username)
        self.calls: list[ApiCall] = []
        self.webhook = Webhook()
        self.answered_callbacks: list[str] = []
        self._messages: dict[int, list[dict]] = defaultdict(list)
        self._message_ids: dict[int, int] = defaultdict(int)
        self._callbacks: set[str] = set()
        self._reply_from: dict[int, int] = {}  # chat -> its messages before the last reply
        self._pending: list[dict] = []
        self._next_update_id = FIRST_UPDATE_ID
        self._failures: dict[str, list[ApiError]] = defaultdict(list)
        self._stalls: dict[str, list[float]] = defaultdict(list)
        self.blocked: set[int] = set()  # chats whose user blocked the bot: 403 on every send
        self.uploads: dict[str, bytes] = {}  # uploaded documents' content, by their file_id
        self._sent = asyncio.Condition()
        self._updates = asyncio.Condition()
        self._closing = asyncio.Event()
        self._methods = self._method_table()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._serve)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._client = aiohttp.ClientSession()

    async def stop(self) -> None:
        self._closing.set()  # ends stalled calls and long polls
        async with self._updates:
            self._updates.notify_all()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Telegram's base_url form: the token is appended (`.../bot` + token)."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # --- what tests arrange ----------------------------------------------------------------

    def fail_next(
        self, method: str, code: int, *, retry_after: int | None = None, description: str = ""
    ) -> None:
        """Answer the next call of `method` with this error instead of doing it."""
        error = objects.injected_error(code, retry_after, description or None)
        self._failures[method.lower()].append(error)

    def stall_next(self, method: str, seconds: float) -> None:
        """Hold the next call of `method` for `seconds` before answering it."""
        self._stalls[method.lower()].append(seconds)

    def message_update(self, user_id: int, text: str, language_code: str | None = "ko") -> dict:
        """An update carrying a private message the user typed."""
        sender = objects.user(user_id, language_code=language_code)
        content = objects.text_content(text)
        message = objects.message(self._new_message_id(user_id), user_id, sender, content)
        return {"update_id": self._new_update_id(), "message": message}

    def callback_update(
        self, user_id: int, data: str, message_id: int | None = None, language_code: str = "ko"
    ) -> dict:
        """An update for a button press under a message the bot sent (its last one by default)."""
        query_id = f"cbq{self._next_update_id}"
        self._callbacks.add(query_id)
        sender = objects.user(user_id, language_code=language_code)
        origin = self._origin_message(user_id, message_id)
        query = objects.callback_query(query_id, sender, data, origin)
        return {"update_id": self._new_update_id(), "callback_query": query}

    def tap_update(self, user_id: int, label: str, language_code: str = "ko") -> dict:
        """A press of the button labelled `label` under the bot's last reply to the user (what
        it sent her since her last update); fails, naming the labels shown, when none has it."""
        reply = self._messages.get(user_id, [])[self._reply_from.get(user_id, 0) :]
        shown = [
            (button.get("text"), button.get("callback_data"), message["message_id"])
            for message in reply
            for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
        ]
        found = [(data, at) for text, data, at in shown if text == label and data]
        assert found, f"no button {label!r} among the buttons shown: {[t for t, _d, _m in shown]}"
        data, message_id = found[-1]
        return self.callback_update(user_id, data, message_id, language_code)

    def _new_reply(self, update: dict | bytes) -> None:
        """Note where the bot's reply to this update begins (for `tap_update`)."""
        if isinstance(update, dict):
            sender = (update.get("message") or update.get("callback_query") or {}).get("from")
            if sender:
                self._reply_from[sender["id"]] = len(self._messages.get(sender["id"], []))

    async def queue_update(self, update: dict) -> None:
        """Make `update` available to getUpdates."""
        self._new_reply(update)
        async with self._updates:
            self._pending.append(update)
            self._updates.notify_all()

    async def post_webhook(
        self, update: dict | bytes, secret: Any = REGISTERED, url: str | None = None
    ) -> int:
        """POST an update to the registered webhook like Telegram does (or to `url`, one of
        several processes behind it); return the HTTP status."""
        if not self.webhook.url or self._client is None:
            raise RuntimeError("no webhook is registered")
        self._new_reply(update)
        url = url or self.webhook.url
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        secret = self.webhook.secret_token if secret is REGISTERED else secret
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        async with self._client.post(url, data=body, headers=headers) as response:
            answer = await response.read()
            status = response.status
        if status == 200 and answer:
            await self._perform_webhook_answer(answer)
        return status

    async def _perform_webhook_answer(self, body: bytes) -> None:
        """Telegram performs a method given in a webhook's response (and reports nothing back)."""
        params = json.loads(body)
        method = str(params.pop("method", ""))
        handler = self._methods.get(method.lower())
        if handler is None:
            raise AssertionError(f"the webhook answered with an unknown method {method!r}")
        self.calls.append(ApiCall(method, params, {}))
        try:
            await handler(params, {})
        except ApiError as error:  # Telegram drops it silently; a test should see it
            if error.code == 429:  # past the chat's rate: what Telegram does drop
                self.dropped_answers.append(params)
                return
            raise AssertionError(f"Telegram would reject the webhook answer: {error}") from error

    # --- what tests inspect ----------------------------------------------------------------

    def sent_messages(self, chat_id: int) -> list[dict]:
        """Messages the bot sent to a chat, as Telegram returned them (text after HTML parsing)."""
        return list(self._messages.get(chat_id, []))

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5,  # noqa: ASYNC109 -- a test helper that fails with a clear message
    ) -> list[dict]:
        """Wait until the bot has sent `count` messages to the chat; return them all."""
        try:
            async with self._sent:
                await asyncio.wait_for(
                    self._sent.wait_for(lambda: len(self._messages[chat_id]) >= count), timeout
                )
        except TimeoutError:
            got = len(self._messages[chat_id])
            raise AssertionError(f"chat {chat_id}: expected {count} messages, got {got}") from None
        return self.sent_messages(chat_id)

    # --- serving ---------------------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        handler = self._methods.get(request.match_info["method"].lower())
        if handler is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        call = ApiCall(request.match_info["method"], {})
        self.calls.append(call)
        try:
            call.params, call.files = await objects.read_params(request)
            await self._maybe_stall(call.method)
            self._maybe_fail(call.method)
            result = await handler(call.params, call.files)
        except ApiError as error:
            call.error = error.description
            return web.json_response(error.body(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    def _method_table(self) -> dict[str, Any]:
        return {
            "getme": self._get_me,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": self._send_document,
            "sendvenue": self._send_venue,
            "sendlocation": self._send_location,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getupdates": self._get_updates,
            "setmycommands": self._acknowledge,
            "close": self._acknowledge,
            "logout": self._acknowledge,
        }

    async def _maybe_stall(self, method: str) -> None:
        if self._stalls[method.lower()]:
            seconds = self._stalls[method.lower()].pop(0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), seconds)

    def _maybe_fail(self, method: str) -> None:
        if self._failures[method.lower()]:
            raise self._failures[method.lower()].pop(0)

    # --- state -----------------------------------------------------------------------------

    def _new_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def _new_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] += 1
        return self._message_ids[chat_id]

    def _find_message(self, chat_id: int, message_id: int) -> dict:
        for message in self._messages.get(chat_id, []):
            if message["message_id"] == message_id:
                return message
        raise bad_request("message to edit not found")

    def _origin_message(self, chat_id: int, message_id: int | None) -> dict:
        sent = self._messages.get(chat_id, [])
        for message in reversed(sent):
            if message_id is None or message["message_id"] == message_id:
                return message
        new_id = message_id or self._new_message_id(chat_id)
        return objects.message(new_id, chat_id, self.me, {"text": "…"})

    async def _deliver(self, params: dict[str, Any], content: dict) -> dict:
        chat_id = objects.as_int(params, "chat_id")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.chat_limit is not None:
            self.chat_limit.spend(chat_id)
        markup = limits.reply_markup(params.get("reply_markup"))
        if markup:
            content["reply_markup"] = markup
        message = objects.message(self._new_message_id(chat_id), chat_id, self.me, content)
        async with self._sent:
            self._messages[chat_id].append(message)
            self._sent.notify_all()
        return message

    # --- methods ---------------------------------------------------------------------------

    async def _get_me(self, params: dict, files: dict) -> dict:
        return self.me

    async def _acknowledge(self, params: dict, files: dict) -> bool:
        return True

    async def _send_message(self, params: dict, files: dict) -> dict:
        text = limits.message_text(params.get("text"), params.get("parse_mode"))
        return await self._deliver(params, {"text": text})

    async def _edit_message_text(self, params: dict, files: dict) -> dict:
        text = limits.message_text(params.get("text"), params.get("parse_mode"))
        markup = limits.reply_markup(params.get("reply_markup"))
        message = self._find_message(
            objects.as_int(params, "chat_id"), objects.as_int(params, "message_id")
        )
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise bad_request("message is not modified")
        message["text"] = text
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    async def _edit_message_reply_markup(self, params: dict, files: dict) -> dict:
        markup = limits.reply_markup(params.get("reply_markup"))
        message = self._find_message(
            objects.as_int(params, "chat_id"), objects.as_int(params, "message_id")
        )
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    async def _answer_callback_query(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._callbacks or query_id in self.answered_callbacks:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered_callbacks.append(query_id)
        return True

    async def _send_document(self, params: dict, files: dict[str, UploadedFile]) -> dict:
        caption = limits.caption(params.get("caption"), params.get("parse_mode"))
        document = _document(params, files)
        if "document" in files:
            self.uploads[document["file_id"]] = files["document"].content
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return await self._deliver(params, content)

    async def _send_venue(self, params: dict, files: dict) -> dict:
        limits.required(params, "title", "address")
        location = _location(params)
        venue = {"location": location, "title": params["title"], "address": params["address"]}
        return await self._deliver(params, {"venue": venue, "location": location})

    async def _send_location(self, params: dict, files: dict) -> dict:
        return await self._deliver(params, {"location": _location(params)})

    async def _set_webhook(self, params: dict, files: dict) -> bool:
        secret = limits.secret_token(params.get("secret_token"))
        url = str(params.get("url") or "")
        if url and not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        connections = int(params["max_connections"]) if params.get("max_connections") else None
        self.webhook = Webhook(url, secret if url else None, connections)
        await self._maybe_drop_pending(params)
        return True

    async def _delete_webhook(self, params: dict, files: dict) -> bool:
        self.webhook = Webhook()
        await self._maybe_drop_pending(params)
        return True

    async def _maybe_drop_pending(self, params: dict) -> None:
        if objects.as_bool(params.get("drop_pending_updates")):
            async with self._updates:
                self._pending.clear()

    async def _get_webhook_info(self, params: dict, files: dict) -> dict:
        return objects.webhook_info(self.webhook, len(self._pending))

    async def _get_updates(self, params: dict, files: dict) -> list[dict]:
        if self.webhook.url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        async with self._updates:
            self._confirm(offset)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._updates.wait_for(lambda: self._pending or self._closing.is_set()),
                    timeout,
                )
            return self._pending[:limit]

    def _confirm(self, offset: int) -> None:
        """Updates below a positive offset are confirmed; a negative one keeps the last few."""
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]


def _location(params: dict[str, Any]) -> dict[str, float]:
    latitude = objects.as_float(params, "latitude")
    longitude = objects.as_float(params, "longitude")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("wrong latitude or longitude")
    return {"latitude": latitude, "longitude": longitude}


def _document(params: dict[str, Any], files: dict[str, UploadedFile]) -> dict[str, Any]:
    upload = files.get("document")
    if upload is None:
        if not params.get("document"):
            raise bad_request("there is no document in the request")
        return {"file_id": str(params["document"]), "file_unique_id": "u-reused"}
    if not upload.content:
        raise bad_request("file must be non-empty")
    return {
        "file_id": f"doc-{len(upload.content)}-{upload.filename}",
        "file_unique_id": f"u-{len(upload.content)}",
        "file_name": upload.filename,
        "mime_type": upload.content_type,
        "file_size": len(upload.content),
    }
