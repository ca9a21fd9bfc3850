"""The Telegram channel: receive updates, ask the engine, send the rendered reply.

Updates come either as webhook POSTs to our own aiohttp server (PTB runs without an Updater,
as in its customwebhookbot example) or by long polling through PTB's Updater (one
`TypeHandler`). A webhook's JSON is read straight into an `Incoming` (PTB's `Update` objects
would cost more than the step itself); the engine answers (None for an update it already
handled: a re-delivery, so nothing is sent) and the reply is rendered and sent with PTB's `Bot`.
A button press is answered while the engine works. The webhook answers 200 only after the
update was processed, so the engine records it before Telegram considers it delivered.

A reply rides in the webhook's HTTP answer only while the chat's recent replies, in every
process, leave room under Telegram's per-chat rate (`Reply.inline`, see pace.py): past it
Telegram would drop it silently. Otherwise it goes through the API, waiting out any 429
(`patiently`), one reply of a chat after the other.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import traceback
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import structlog
from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.channels.base import Channel, Engine
from bot.channels.telegram.convert import CHANNEL, Received, read_update
from bot.channels.telegram.render import send_reply
from bot.channels.telegram.transport import AiohttpRequest
from bot.metrics import Metrics
from handlers.messages import Reply

DEFAULT_API_URL = "https://api.telegram.org/bot"
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
DEFAULT_MAX_CONNECTIONS = 40  # Telegram's own default

log = structlog.get_logger(__name__)
# Set while a webhook request is processed: where a one-message reply can go instead of a request.
_webhook_answer: ContextVar[Callable[[dict[str, Any]], None] | None] = ContextVar(
    "webhook_answer", default=None
)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class TelegramChannel(Channel[object, Received, int]):
    """Telegram for ilteo, in webhook mode when `webhook_url` is set and polling otherwise."""

    name = CHANNEL

    def __init__(
        self,
        *,
        token: str,
        api_url: str = DEFAULT_API_URL,
        webhook_url: str | None,
        webhook_secret: str,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        engine: Engine,
        metrics: Metrics | None = None,
        request_factory: Callable[[], BaseRequest] = AiohttpRequest,
    ) -> None:
        if webhook_url and not webhook_secret:
            raise ValueError("a Telegram webhook needs a secret token")
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret
        self._max_connections = max_connections
        self._engine = engine
        self._sending: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._metrics = metrics
        self._requests = (request_factory(), request_factory())
        self._application = self._build_application(token, api_url, request_factory)

    @property
    def bot(self) -> Bot:
        """The Bot API client, for whoever sends proactive messages through this channel."""
        bot: Bot = self._application.bot
        return bot

    @property
    def username(self) -> str | None:
        """The bot's username once connected (getMe), else None."""
        try:
            username: str | None = self._application.bot.username
            return username
        except RuntimeError:  # not initialised yet
            return None

    def _build_application(
        self, token: str, api_url: str, request_factory: Callable[[], BaseRequest]
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        builder = (
            Application.builder()
            .token(token)
            .base_url(api_url)
            .base_file_url(file_url(api_url))
            .request(self._requests[0])
            .get_updates_request(self._requests[1])
            .concurrent_updates(True)
        )
        if self._webhook_url:
            builder = builder.updater(None)  # our aiohttp server receives the POSTs
        application = builder.build()
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)
        return application

    def register_routes(self, web_app: web.Application) -> None:
        """Add `POST /telegram/webhook` to the shared aiohttp server."""
        web_app.router.add_post(WEBHOOK_PATH, self._on_webhook)

    def convert(self, raw: object) -> Received | None:
        """An update's JSON (the webhook's, or a polled update's `to_dict()`) as a step."""
        return read_update(raw)

    async def render(self, arrived: Received, reply: Reply) -> int:
        """Send `reply` to the chat the update came from; returns how many messages went."""
        assert arrived.chat_id is not None  # (an update without a chat has no step)
        return await self._send(arrived.chat_id, reply)

    async def start(self) -> None:
        """Connect to the Bot API, then register the webhook or start long polling."""
        try:
            await self._application.initialize()
        except Exception:
            # A failed getMe leaves the sessions open and PTB not initialised: close them here.
            for request in self._requests:
                await request.shutdown()
            raise
        await self._application.start()
        if self._webhook_url:
            await self.bot.set_webhook(
                self._webhook_url,
                secret_token=self._webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=self._max_connections,
            )
        else:
            # The Updater deletes any webhook first, so Telegram lets us poll.
            assert self._application.updater is not None  # (built with one when polling)
            await self._application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        log.info("telegram.started", mode="webhook" if self._webhook_url else "polling")

    async def stop(self) -> None:
        """Stop polling and processing and close the connections; the webhook stays set."""
        updater = self._application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self._application.running:
            await self._application.stop()
        await self._application.shutdown()
        log.info("telegram.stopped")

    async def _on_webhook(self, request: web.Request) -> web.Response:
        if not self._secret_matches(request.headers.get(SECRET_HEADER)):
            log.warning("telegram.webhook_forbidden")
            return web.Response(status=403)
        received = await self._read_update(request)
        if received is None:
            return web.Response(status=400)
        if not self._application.running:
            return web.Response(status=503)  # Telegram delivers it again later
        answer: list[dict[str, Any]] = []
        token = _webhook_answer.set(answer.append)
        try:
            await self._handle(received)
        except Exception as error:  # logged; Telegram must not deliver it again and again
            self._failed(received.update_id, error)
        finally:
            _webhook_answer.reset(token)
        if answer:  # Telegram performs the method given in the response: one request fewer
            return web.json_response(answer[0], dumps=_dumps)
        return web.Response(status=200)

    def _secret_matches(self, given: str | None) -> bool:
        if not self._webhook_secret or given is None or not given.isascii():
            return False  # Telegram's secrets are ASCII; other bytes are not one
        return secrets.compare_digest(given.encode(), self._webhook_secret.encode())

    async def _read_update(self, request: web.Request) -> Received | None:
        try:
            received = self.convert(json.loads(await request.read()))
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            received = None
        if received is None:
            log.warning("telegram.webhook_bad_request")
        return received

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An update from long polling."""
        received = self.convert(update.to_dict())
        if received is not None:
            await self._handle(received)

    async def _handle(self, received: Received) -> None:
        """Handle one update: engine step, then the rendered reply (nothing for a duplicate)."""
        if received.incoming is None:
            log.debug("telegram.update_ignored", update_id=received.update_id)
            return
        started = time.perf_counter()
        self._count("updates")
        pressed = self._answer_press(received.callback_query_id)
        try:
            reply = await self._engine.handle(
                received.incoming, dedupe_key=f"telegram:{received.update_id}"
            )
        finally:
            if pressed is not None:
                await pressed
        if reply is None:
            log.info("telegram.update_duplicate", update_id=received.update_id)
            return
        sent = await self.render(received, reply)
        self._count("replies")
        if self._metrics:
            self._metrics.latency.labels(channel=CHANNEL).observe(time.perf_counter() - started)
        log.info("telegram.update_handled", update_id=received.update_id, messages=sent)

    async def _send(self, chat_id: int, reply: Reply) -> int:
        """Send a reply after this process's earlier ones to the chat: in the webhook answer
        when it fits the chat's rate, else through the API, waiting out Telegram's 429s."""
        lock = self._sending.get(chat_id)
        if lock is None:
            lock = self._sending[chat_id] = asyncio.Lock()
        async with lock:
            answer = _webhook_answer.get() if reply.inline else None
            return await send_reply(self.bot, chat_id, reply, answer_webhook=answer, patiently=True)

    def _answer_press(self, query_id: str | None) -> asyncio.Future[None] | None:
        """Stop the pressed button's spinner, concurrently; a failure there is only logged."""
        if not query_id:
            return None

        async def answer() -> None:
            try:
                await self.bot.answer_callback_query(query_id)
            except Exception as error:  # an old press can no longer be answered: reply anyway
                log.warning("telegram.press_not_answered", error=type(error).__name__)

        return asyncio.ensure_future(answer())

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._failed(update.update_id if isinstance(update, Update) else None, context.error)

    def _failed(self, update_id: int | None, error: BaseException | None) -> None:
        """Log a failed update and carry on; the exception's text is left out (it may quote
        what the user wrote), its type and the code lines it passed through are kept."""
        log.error(
            "telegram.update_failed",
            update_id=update_id,
            error=type(error).__name__,
            trace="".join(traceback.format_tb(error.__traceback__)) if error else None,
        )
        self._count("errors")

    def _count(self, counter: str) -> None:
        if self._metrics:
            getattr(self._metrics, counter).labels(channel=CHANNEL).inc()


def file_url(api_url: str) -> str:
    """Telegram's file URL for a base URL: `https://host/bot` -> `https://host/file/bot`."""
    head, separator, tail = api_url.rpartition("/bot")
    return f"{head}/file/bot{tail}" if separator else api_url
