"""Telegram's per-chat limit in the fake Bot API: a token bucket per chat.

Telegram lets a bot send a chat about one message a second, with a short burst; past that an
API call gets 429 with retry_after, and a method carried in a webhook's answer is dropped
without a word. `ChatLimit(per_second=1, burst=5)` keeps that rule on a monotonic clock.
"""

from __future__ import annotations

import math
import time

from tests.fakes.bot_api_objects import too_many_requests


class ChatLimit:
    def __init__(self, per_second: float, burst: int) -> None:
        self._rate = per_second
        self._burst = float(burst)
        self._tokens: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    def spend(self, chat_id: int) -> None:
        """Take one message's worth for the chat, or raise Telegram's 429."""
        now = time.monotonic()
        tokens, at = self._tokens.get(chat_id, (self._burst, now))
        tokens = min(self._burst, tokens + (now - at) * self._rate)
        if tokens < 1:
            self._tokens[chat_id] = (tokens, now)
            raise too_many_requests(max(1, math.ceil((1 - tokens) / self._rate)))
        self._tokens[chat_id] = (tokens - 1, now)
