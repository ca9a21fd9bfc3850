"""Telegram's per-chat rate, as the engine keeps it for every chat (handlers/engine.py).

Telegram lets a bot send one chat about a message a second, with a short burst. A reply put in
a webhook's HTTP answer past it is dropped without a word, so a reply rides there only while the
chat's recent replies leave room (`Reply.inline`); otherwise it goes through the API, whose 429
says how long to wait. The burst here is smaller than Telegram's, so timing differences between
us and Telegram never cost a reply.
"""

from __future__ import annotations

from handlers.engine import ChatRate

CHAT_RATE = ChatRate(per_second=1.0, burst=3)
