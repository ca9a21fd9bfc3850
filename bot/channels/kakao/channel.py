"""POST /kakao/skill/<KAKAO_SKILL_SECRET>: the skill server Kakao i Open Builder calls for every
message of a KakaoTalk user.

The secret in the path is checked first, in constant time; a wrong one is 403 before the body is
read, so nothing is stored. A body that is not a skill request is 400 (over 64 KiB: 413, from the
server). The request becomes the same `Incoming` as in every channel (channel "kakao", her
botUserKey), the engine answers, and the reply is rendered within Kakao's limits; pages beyond
the first follow on "more" without asking the engine again.

The 5-second rule: Kakao drops an answer that takes longer than 5 s. The engine gets
`deadline_s` (3.5 s); if it needs longer, it keeps working and she is told so, with a button
that shows the answer once it is there. She is never left without an answer.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from typing import Any

import structlog
from aiohttp import web

from bot.channels.base import Channel, Engine
from bot.channels.kakao.convert import BadSkillRequest, SkillRequest, read_skill_request
from bot.channels.kakao.layout import MORE, lay_out
from bot.channels.kakao.memory import Visitor, Visitors
from bot.channels.kakao.outputs import Page, Text
from bot.channels.kakao.render import SkillRenderer
from bot.channels.kakao.words import Vocabulary
from bot.metrics import Metrics
from handlers.messages import RESUME, Button, Incoming, Reply
from handlers.turn import FlowSettings

CHANNEL = "kakao"
ROUTE = "/kakao/skill/{secret}"
WAIT = "kakao:wait"  # "show the answer" after the deadline; never reaches the engine
HOME = "menu:home"
DEADLINE_S = 3.5  # Kakao waits 5 s; leave room for the network
log = structlog.get_logger(__name__)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class KakaoChannel(Channel[object, SkillRequest, dict[str, Any]]):
    name = CHANNEL

    def __init__(
        self,
        *,
        secret: str,
        engine: Engine,
        settings: FlowSettings,
        block_id: str | None = None,
        metrics: Metrics | None = None,
        deadline_s: float = DEADLINE_S,
        visitors: Visitors | None = None,
    ) -> None:
        if not secret:
            raise ValueError("the Kakao skill needs a secret")
        self._secret = secret.encode()
        self._engine = engine
        self._words = Vocabulary(settings.translator, settings.languages)
        self._renderer = SkillRenderer(block_id)
        self._metrics = metrics
        self._deadline_s = deadline_s
        self._visitors = visitors or Visitors()

    def register_routes(self, app: web.Application) -> None:
        app.router.add_post(ROUTE, self._on_skill, name="kakao_skill")

    def convert(self, raw: object) -> SkillRequest:
        """A skill request's JSON, read; raises `BadSkillRequest` when it is not one."""
        return read_skill_request(raw)

    async def render(self, arrived: SkillRequest, reply: Reply) -> dict[str, Any]:
        """The skill response: the reply's first page; the others wait for "more"."""
        visitor = self._visitors(arrived.user_key)
        first, *later = lay_out(reply, self._words(reply.language))
        return visitor.show(self._renderer.page(first), reply.language, later)

    async def _on_skill(self, request: web.Request) -> web.Response:
        given = request.match_info["secret"]
        if not given.isascii() or not secrets.compare_digest(given.encode(), self._secret):
            log.warning("kakao.skill_forbidden")
            return web.Response(status=403)
        try:
            skill = self.convert(json.loads(await request.read()))
        except (ValueError, RecursionError) as error:  # BadSkillRequest is a ValueError
            reason = str(error) if isinstance(error, BadSkillRequest) else "the body must be JSON"
            log.warning("kakao.skill_bad_request")
            return web.json_response({"error": reason}, status=400)
        started = time.perf_counter()
        self._count("updates")
        try:
            body = await self.answer(skill)
        except Exception:  # a bug of ours: still answer her, in words she can read
            self._count("errors")
            log.exception("kakao.skill_failed")
            body = self._apology(skill)
        if self._metrics is not None:
            self._metrics.latency.labels(CHANNEL).observe(time.perf_counter() - started)
        self._count("replies")
        return web.json_response(body, dumps=_dumps)

    async def answer(self, skill: SkillRequest) -> dict[str, Any]:
        """The skill response for one request."""
        visitor = self._visitors(skill.user_key)
        data = skill.data
        if data is None and not skill.opened:
            data = visitor.labels.lookup(skill.utterance)
        if data == MORE:
            if visitor.pages:
                page = self._renderer.page(visitor.pages[0])
                return visitor.show(page, visitor.language or "ko", visitor.pages[1:])
            data = RESUME  # nothing kept here (a restart): show where she is
        if data == WAIT:
            if visitor.pending is not None:
                return await self._settle(visitor, visitor.pending, skill)
            data = RESUME
        incoming = self._incoming(skill, RESUME if skill.opened else data)
        return await self._settle(visitor, self._start(visitor, incoming), skill)

    def _incoming(self, skill: SkillRequest, data: str | None) -> Incoming:
        if data is not None:
            return Incoming(CHANNEL, skill.user_key, data=data, language_hint=skill.language_hint)
        return Incoming(
            CHANNEL, skill.user_key, text=skill.utterance, language_hint=skill.language_hint
        )

    def _start(self, visitor: Visitor, incoming: Incoming) -> asyncio.Task[Reply | None]:
        """The engine's work for `incoming`; after an answer still pending, both answers."""
        earlier, visitor.pending = visitor.pending, None
        if earlier is None:
            return asyncio.create_task(self._engine.handle(incoming))
        return asyncio.create_task(self._after(earlier, incoming))

    async def _after(self, earlier: asyncio.Task[Reply | None], incoming: Incoming) -> Reply | None:
        first = await earlier
        second = await self._engine.handle(incoming)
        if first is None or second is None:
            return second or first
        return Reply(messages=first.messages + second.messages, language=second.language)

    async def _settle(
        self, visitor: Visitor, task: asyncio.Task[Reply | None], skill: SkillRequest
    ) -> dict[str, Any]:
        """The answer if it comes within the deadline, else "still working" (it goes on)."""
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self._deadline_s)
        except TimeoutError:
            visitor.pending = task
            log.info("kakao.answer_late", deadline_s=self._deadline_s)
            return self._still_working(visitor, skill)
        if visitor.pending is task:
            visitor.pending = None
        if reply is None or not reply.messages:
            return self._apology(skill)
        return await self.render(skill, reply)

    def _still_working(self, visitor: Visitor, skill: SkillRequest) -> dict[str, Any]:
        language = self._words.language_for(visitor.language, skill.language_hint)
        words = self._words(language)
        page = Page([Text(words.still_working)], [Button(words.more, WAIT)])
        return visitor.show(self._renderer.page(page), language)

    def _apology(self, skill: SkillRequest) -> dict[str, Any]:
        visitor = self._visitors(skill.user_key)
        language = self._words.language_for(visitor.language, skill.language_hint)
        words = self._words(language)
        page = Page([Text(words.apology)], [Button(words.main_menu, HOME)])
        return visitor.show(self._renderer.page(page), language)

    def _count(self, what: str) -> None:
        if self._metrics is not None:
            getattr(self._metrics, what).labels(CHANNEL).inc()
