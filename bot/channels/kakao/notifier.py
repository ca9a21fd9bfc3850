"""Proactive messages to Kakao users (reminders, seat offers, broadcasts) through the Kakao Event
API: `POST {KAKAO_EVENT_API_URL}/v2/bots/{KAKAO_BOT_ID}/talk` with `Authorization: KakaoAK
{KAKAO_REST_API_KEY}` and the body

    {"event": {"name": KAKAO_EVENT_NAME, "data": {"text": "..."}},
     "user": [{"type": "botUserKey", "id": "..."}, ...]}

The event's block in Open Builder shows the text (`{{#current.event.data.text}}`). One request
takes up to 100 users, so sends of the same text that arrive within `linger_s` of each other go
together; each send returns when its request has been answered. Kakao's 429 becomes the
dispatcher's `SlowDown`; other failures fail every send of the request, and the outbox retries
each later.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import structlog

from bot.channels.base import Notifier
from bot.channels.kakao.labels import shorten
from bot.ratelimit import SlowDown
from handlers.messages import Reply

BATCH_SIZE = 100  # users in one Event API request
LINGER_S = 0.2
TIMEOUT_S = 10.0
MAX_EVENT_TEXT = 1000  # shown as a simpleText
DEFAULT_RETRY_S = 1.0
FAILED = ("FAIL", "FAILED", "ERROR", "ALL_FAIL")
log = structlog.get_logger(__name__)


class EventApiError(Exception):
    """Kakao did not take the event."""


@dataclass(frozen=True, slots=True)
class EventApi:
    """Where events go: KAKAO_EVENT_API_URL (the host, e.g. https://bot-api.kakao.com, or the
    whole …/talk URL), the bot, its REST API key and the event's name."""

    api_url: str
    bot_id: str
    rest_api_key: str
    event_name: str

    @property
    def url(self) -> str:
        base = self.api_url.rstrip("/")
        if "{bot_id}" in base:
            return base.format(bot_id=self.bot_id)
        return base if base.endswith("/talk") else f"{base}/v2/bots/{self.bot_id}/talk"

    def body(self, text: str, user_keys: list[str]) -> dict[str, Any]:
        return {
            "event": {"name": self.event_name, "data": {"text": text}},
            "user": [{"type": "botUserKey", "id": key} for key in user_keys],
        }


def event_text(reply: Reply) -> str:
    """The reply as one plain text: messages, and their cards' titles and descriptions."""
    parts = []
    for message in reply.messages:
        lines = [message.text.strip()]
        lines += [f"· {card.title}\n  {card.description}".rstrip() for card in message.cards]
        parts.append("\n".join(line for line in lines if line))
    text = "\n\n".join(part for part in parts if part)
    if len(text) > MAX_EVENT_TEXT:
        log.warning("kakao.event_text_shortened", chars=len(text))
        text = shorten(text, MAX_EVENT_TEXT)
    return text


@dataclass
class _Batch:
    text: str
    waiting: dict[str, asyncio.Future[None]] = field(default_factory=dict)
    timer: asyncio.TimerHandle | None = None
    posted: bool = False


class KakaoNotifier(Notifier[Reply]):
    def __init__(
        self,
        api: EventApi,
        *,
        linger_s: float = LINGER_S,
        batch_size: int = BATCH_SIZE,
        session_factory: Callable[[], aiohttp.ClientSession] | None = None,
    ) -> None:
        self._api = api
        self._linger_s = linger_s
        self._batch_size = max(1, min(batch_size, BATCH_SIZE))
        self._session_factory = session_factory or (
            lambda: aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))
        )
        self._session: aiohttp.ClientSession | None = None
        self._open: dict[str, _Batch] = {}
        self._posting: set[asyncio.Task[None]] = set()

    @property
    def batch_size(self) -> int:
        """Users one request carries: the dispatcher sends that many times its rate."""
        return self._batch_size

    async def send(self, external_id: str, reply: Reply) -> None:
        """Send `reply` to one Kakao user; returns once Kakao took the request it went in."""
        text = event_text(reply)
        batch = self._open.get(text)
        if batch is not None and external_id in batch.waiting:
            self._flush(batch)  # the same person twice: she gets two events
            batch = None
        if batch is None:
            batch = self._open[text] = _Batch(text)
            batch.timer = asyncio.get_running_loop().call_later(self._linger_s, self._flush, batch)
        waiting = batch.waiting[external_id] = asyncio.get_running_loop().create_future()
        if len(batch.waiting) >= self._batch_size:
            self._flush(batch)
        await asyncio.shield(waiting)

    def _flush(self, batch: _Batch) -> None:
        if self._open.get(batch.text) is batch:
            del self._open[batch.text]
        if batch.timer is not None:
            batch.timer.cancel()
            batch.timer = None
        if batch.waiting and not batch.posted:
            batch.posted = True
            task = asyncio.create_task(self._post(batch))
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)

    async def _post(self, batch: _Batch) -> None:
        keys = list(batch.waiting)
        try:
            await self._request(self._api.body(batch.text, keys))
        except Exception as error:  # every send of this request fails alike
            for future in batch.waiting.values():
                if not future.done():
                    future.set_exception(error)
            return
        for future in batch.waiting.values():
            if not future.done():
                future.set_result(None)
        log.info("kakao.event_sent", users=len(keys))

    async def _request(self, body: dict[str, Any]) -> None:
        if self._session is None or self._session.closed:
            self._session = self._session_factory()
        headers = {"Authorization": f"KakaoAK {self._api.rest_api_key}"}
        async with self._session.post(self._api.url, json=body, headers=headers) as response:
            if response.status == 429:
                raise SlowDown(_retry_after(response.headers.get("Retry-After")))
            if response.status != 200:
                raise EventApiError(f"Event API answered HTTP {response.status}")
            answer = await response.json(content_type=None)
        status = str(answer.get("status", "")).upper() if isinstance(answer, dict) else ""
        if status in FAILED:
            raise EventApiError(f"Event API answered status {status}")

    async def close(self) -> None:
        """Send what is waiting, then close the connection."""
        for batch in list(self._open.values()):
            self._flush(batch)
        if self._posting:
            await asyncio.wait(set(self._posting), timeout=TIMEOUT_S)
        if self._session is not None:
            await self._session.close()


def _retry_after(value: str | None) -> float:
    with contextlib.suppress(TypeError, ValueError):
        return max(float(value or ""), 0.0)
    return DEFAULT_RETRY_S
