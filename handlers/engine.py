"""The conversation engine: one `Incoming` in, one `Reply` out, state kept in the database.

Each call is one unit of work: the inbox key (if any), the user, their conversation state, the
step's lines of her conversation log (handlers/chat_log.py) and whatever the step changes are
committed together, so a restart or another process on the same database continues exactly
where the user was, and a re-delivered update does nothing.

One person's steps run one at a time, in order: in this process they queue on a lock keyed by
the person (the primary of her linked chats, learnt from her last step; a chat not seen yet
is keyed by itself), and on PostgreSQL every unit of work also holds an advisory lock on her
(storage/repositories/person_locks.py), so other processes and her other chats wait too. A
step that cannot have her within `person_wait_s` changes nothing and asks her to send it again
in a moment, so no channel's deadline is missed waiting.

A channel with a per-chat rate (`chat_rates`: Telegram's) has each reply spent against its
chat's room in the step's own transaction (storage/repositories/chat_pace.py), so every process
sees the chat's recent replies; `Reply.inline` says whether this one fits, else the channel
sends it by its API, which can be told to wait.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import structlog

from handlers import chat_log, pressable
from handlers.flows.common import way_home
from handlers.i18n import Translator, _, offered_language, speaking
from handlers.input_limits import MAX_ANSWER, longest_text
from handlers.messages import Incoming, Message, Reply
from handlers.router import route
from handlers.turn import FlowSettings, Turn
from storage.ports.stores import ChatStore, ChatUnitOfWork
from storage.repositories.person_locks import is_lock_timeout

PERSON_WAIT_S = 3.0  # within KakaoTalk's 5 seconds, with room for the step itself
_KNOWN_CHATS = 100_000  # chats whose person is remembered before the memory starts afresh
log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ChatRate:
    """A channel's limit on messages to one chat: `per_second`, with bursts of `burst`."""

    per_second: float
    burst: int


class ConversationEngine:
    def __init__(
        self,
        uow_factory: Callable[[], ChatUnitOfWork],
        translator: Translator,
        settings: FlowSettings,
        clock: Callable[[], datetime],
        person_wait_s: float = PERSON_WAIT_S,
        chat_rates: Mapping[str, ChatRate] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._translator = translator
        self._settings = settings
        self._clock = clock
        self._person_wait_s = person_wait_s
        self._chat_rates = dict(chat_rates or {})
        # One lock per person in this process, so two quick taps are read in order.
        self._locks: weakref.WeakValueDictionary[tuple[str, int | str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._person_of: dict[tuple[str, str], int] = {}  # chat -> the user it speaks as

    async def handle(self, incoming: Incoming, dedupe_key: str | None = None) -> Reply | None:
        """Answer `incoming`; None when `dedupe_key` was already handled (a re-delivery).

        A step that fails changes nothing (its unit of work rolls back) and the person gets
        an apology instead of silence.
        """
        lock = self._lock_for(incoming)
        started = time.perf_counter()
        try:
            await asyncio.wait_for(lock.acquire(), self._person_wait_s)
        except TimeoutError:
            return self._busy(incoming)
        try:
            left = self._person_wait_s - (time.perf_counter() - started)
            try:
                reply = await self._handle(incoming, dedupe_key, max(left, 0.05))
            except Exception as error:
                if is_lock_timeout(error):
                    return self._busy(incoming)
                log.exception("step_failed", channel=incoming.channel)
                return self._apology(incoming)
            log.debug(
                "update_handled",
                channel=incoming.channel,
                duplicate=reply is None,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
            return reply
        finally:
            lock.release()

    def _lock_for(self, incoming: Incoming) -> asyncio.Lock:
        chat = (incoming.channel, incoming.external_id)
        person = self._person_of.get(chat)
        key = ("person", person) if person is not None else chat
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    def _remember_person(self, incoming: Incoming, person_id: int) -> None:
        if len(self._person_of) >= _KNOWN_CHATS:
            self._person_of.clear()
        self._person_of[(incoming.channel, incoming.external_id)] = person_id

    async def _handle(
        self, incoming: Incoming, dedupe_key: str | None, wait_s: float
    ) -> Reply | None:
        async with self._uow_factory() as uow:
            chat = (incoming.channel, incoming.external_id)
            await uow.person_locks.hold_chat(*chat, wait_s)
            now = self._clock()
            if dedupe_key and not await uow.inbox.record(dedupe_key, now):
                return None
            if len(incoming.text or "") > MAX_ANSWER and (
                refused := await self._too_long(uow, incoming)
            ):
                await uow.commit()  # the inbox key only: nothing else changed
                return refused
            # A chat linked to another is handled as the person it belongs to (its replies
            # still go back to this chat: channels answer the chat the update came from).
            user, state = await uow.users.arrive(*chat, now)
            while await uow.person_locks.hold(user.id):  # linked, or new, while we waited
                user, state = await uow.users.arrive(*chat, now)
            self._remember_person(incoming, user.id)
            data = dict(state.data) if state else {}
            incoming = pressable.as_pressed(incoming, data.pop(pressable.KEY, {}))
            untrimmed = data.pop(chat_log.KEY, 0)
            turn = Turn(
                incoming=incoming,
                user=user,
                uow=uow,
                now=now,
                settings=self._settings,
                flow=state.flow if state else "onboarding",
                step=state.step if state else "new",
                data=data,
                is_new_user=state is None,
            )
            started_in = (turn.flow, turn.step)
            with speaking(self._translator, self._language_for(user.language, incoming)):
                messages = await route(turn)
                language = turn.language
            untrimmed = await chat_log.keep(uow, turn, started_in, messages, untrimmed)
            if not turn.forget_user:
                kept = turn.state
                book = {**kept.data, pressable.KEY: pressable.remember(messages)}
                if untrimmed:
                    book[chat_log.KEY] = untrimmed
                await uow.conversations.save(replace(kept, data=book), now)
            inline = await self._room(uow, incoming, len(messages), now)
            await uow.commit()
        return Reply(messages=tuple(messages), language=language, inline=inline)

    async def _room(self, uow: ChatStore, incoming: Incoming, replies: int, now: datetime) -> bool:
        """Spend the reply against the chat's rate; whether it fits in the answer."""
        rate = self._chat_rates.get(incoming.channel)
        if rate is None:
            return True
        fits: bool = await uow.chat_pace.spend(
            incoming.channel, incoming.external_id, replies, now, rate.per_second, rate.burst
        )
        return fits

    async def _too_long(self, uow: ChatStore, incoming: Incoming) -> Reply | None:
        """A polite reply to a text longer than her current step reads, read before anything
        else and without changing anything (no new person, no state); None when it fits."""
        person = await uow.users.person(incoming.channel, incoming.external_id)
        state = await uow.conversations.get(person.id) if person else None
        limit = longest_text(state.flow, state.step) if state else MAX_ANSWER
        if len(incoming.text or "") <= limit:
            return None
        language = self._language_for(person.language if person else None, incoming)
        with speaking(self._translator, language):
            text = _(
                "Sorry, that is too long for me to read.\n"
                "Please write it in {count} characters or fewer.",
                count=limit,
            )
            # Not counted against the chat's rate (nothing is written): sent by the channel's
            # API. Her question stays as it was; the menu is the way out.
            return Reply(
                messages=(Message(text=text, buttons=way_home()),), language=language, inline=False
            )

    async def warm_up(self) -> None:
        """Load what the first search would otherwise wait for (the Korean analyser)."""
        await self._settings.catalogue.warm_up()

    def _busy(self, incoming: Incoming) -> Reply:
        """Her previous step still runs (here, in another process or another of her chats):
        nothing was done, she is asked to send it again."""
        log.info("step_busy", channel=incoming.channel)
        language = self._language_for(None, incoming)
        with speaking(self._translator, language):
            text = _(
                "Your previous message is still being handled.\n"
                "Please send this one again in a moment."
            )
            return Reply(messages=(Message(text=text),), language=language, inline=False)

    def _apology(self, incoming: Incoming) -> Reply:
        language = self._language_for(None, incoming)
        with speaking(self._translator, language):
            text = _("Sorry, something went wrong on our side.\nPlease try again in a moment.")
            return Reply(
                messages=(Message(text=text, buttons=way_home()),), language=language, inline=False
            )

    def _language_for(self, chosen: str | None, incoming: Incoming) -> str:
        """The user's language, else the channel's hint when we offer it, else the default."""
        hints = [incoming.language_hint] if incoming.language_hint else []
        return offered_language(chosen, hints, self._settings.languages)
