"""How much room a chat has under Telegram's per-chat rate, as far as this process sent to it.

Telegram lets a bot send one chat about a message a second, with a short burst. A reply put in
a webhook's HTTP answer that goes past it is dropped without a word, so the channel puts a
reply there only while the chat's own recent sends leave room (`room`); otherwise it sends
through the API, whose 429 says how long to wait. The bucket here is smaller than Telegram's
burst, so timing differences between us and Telegram never cost a reply.
"""

from __future__ import annotations

import time
from collections.abc import Callable

PER_SECOND = 1.0
BURST = 3  # below Telegram's own burst
_FORGET_AT = 10_000  # chats remembered before the full ones are forgotten


class ChatPace:
    def __init__(
        self,
        per_second: float = PER_SECOND,
        burst: int = BURST,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = per_second
        self._burst = float(burst)
        self._now = now
        self._tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    def room(self, chat_id: int) -> bool:
        """Whether one more message to the chat now stays within its rate."""
        return self._current(chat_id) >= 1

    def spend(self, chat_id: int, messages: int) -> None:
        """`messages` went to the chat (by webhook answer or API)."""
        self._tokens[chat_id] = (self._current(chat_id) - messages, self._now())
        if len(self._tokens) > _FORGET_AT:
            self._tokens = {c: t for c, t in self._tokens.items() if self._current(c) < self._burst}

    def _current(self, chat_id: int) -> float:
        tokens, at = self._tokens.get(chat_id, (self._burst, self._now()))
        return min(self._burst, tokens + (self._now() - at) * self._rate)
