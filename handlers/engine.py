"""The conversation engine: one `Incoming` in, one `Reply` out, state kept in the database.

Each call is one unit of work: the inbox key (if any), the user, their conversation state and
whatever the step changes are committed together, so a restart or another process on the
same database continues exactly where the user was, and a re-delivered update does nothing.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import structlog

from handlers import pressable
from handlers.i18n import Translator, _, offered_language, speaking
from handlers.input_limits import MAX_ANSWER, longest_text
from handlers.messages import Button, Incoming, Message, Reply
from handlers.router import route
from handlers.turn import FlowSettings, Turn
from storage.uow import UnitOfWork

log = structlog.get_logger(__name__)


class ConversationEngine:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        translator: Translator,
        settings: FlowSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow_factory = uow_factory
        self._translator = translator
        self._settings = settings
        self._clock = clock
        # One lock per user in this process, so two quick taps are read in order.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def handle(self, incoming: Incoming, dedupe_key: str | None = None) -> Reply | None:
        """Answer `incoming`; None when `dedupe_key` was already handled (a re-delivery).

        A step that fails changes nothing (its unit of work rolls back) and the person gets
        an apology instead of silence.
        """
        lock = self._lock_for(incoming)
        async with lock:
            started = time.perf_counter()
            try:
                reply = await self._handle(incoming, dedupe_key)
            except Exception:
                log.exception("step_failed", channel=incoming.channel)
                return self._apology(incoming)
            log.debug(
                "update_handled",
                channel=incoming.channel,
                duplicate=reply is None,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
            return reply

    def _lock_for(self, incoming: Incoming) -> asyncio.Lock:
        key = (incoming.channel, incoming.external_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def _handle(self, incoming: Incoming, dedupe_key: str | None) -> Reply | None:
        async with self._uow_factory() as uow:
            now = self._clock()
            if dedupe_key and not await uow.inbox.record(dedupe_key, now):
                return None
            if len(incoming.text or "") > MAX_ANSWER and (refused := await self._too_long(
                uow, incoming)):  # fmt: skip
                await uow.commit()  # the inbox key only: nothing else changed
                return refused
            # A chat linked to another is handled as the person it belongs to (its replies
            # still go back to this chat: channels answer the chat the update came from).
            user, state = await uow.users.arrive(incoming.channel, incoming.external_id, now)
            data = dict(state.data) if state else {}
            incoming = pressable.as_pressed(incoming, data.pop(pressable.KEY, {}))
            turn = Turn(
                incoming=incoming, user=user, uow=uow, now=now, settings=self._settings,
                flow=state.flow if state else "onboarding", step=state.step if state else "new",
                data=data, is_new_user=state is None,
            )  # fmt: skip
            with speaking(self._translator, self._language_for(user.language, incoming)):
                messages = await route(turn)
                language = turn.language
            if not turn.forget_user:
                kept = turn.state
                book = {**kept.data, pressable.KEY: pressable.remember(messages)}
                await uow.conversations.save(replace(kept, data=book), now)
            await uow.commit()
        return Reply(messages=tuple(messages), language=language)

    async def _too_long(self, uow: UnitOfWork, incoming: Incoming) -> Reply | None:
        """A polite reply to a text longer than her current step reads, read before anything
        else and without changing anything (no new person, no state); None when it fits."""
        person = await uow.users.person(incoming.channel, incoming.external_id)
        state = await uow.conversations.get(person.id) if person else None
        limit = longest_text(state.flow, state.step) if state else MAX_ANSWER
        if len(incoming.text or "") <= limit:
            return None
        language = self._language_for(person.language if person else None, incoming)
        with speaking(self._translator, language):
            text = _("Sorry, that is too long for me to read.\n"
                     "Please write it in {count} characters or fewer.", count=limit)  # fmt: skip
        return Reply(messages=(Message(text=text),), language=language)

    async def warm_up(self) -> None:
        """Load what the first search would otherwise wait for (the Korean analyser)."""
        await self._settings.catalogue.warm_up()

    def _apology(self, incoming: Incoming) -> Reply:
        language = self._language_for(None, incoming)
        with speaking(self._translator, language):
            text = _("Sorry, something went wrong on our side.\nPlease try again in a moment.")
            home = ((Button(_("Main menu"), "menu:home"),),)
            return Reply(messages=(Message(text=text, buttons=home),), language=language)

    def _language_for(self, chosen: str | None, incoming: Incoming) -> str:
        """The user's language, else the channel's hint when we offer it, else the default."""
        hints = [incoming.language_hint] if incoming.language_hint else []
        return offered_language(chosen, hints, self._settings.languages)
