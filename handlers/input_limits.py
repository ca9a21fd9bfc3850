"""How much typed text the bot reads: an answer to a question is a few words, so anything over
500 characters gets a polite reply before any reader sees it, and changes nothing; only where a
long text is the point (a staff broadcast) are up to 4,096 characters (Telegram's own limit)
read. Every reader thus sees a bounded text, whatever a channel lets through."""

from __future__ import annotations

MAX_ANSWER = 500
MAX_MESSAGE = 4096
# Steps whose answer is a text to pass on, not to parse.
# Her messages to a counsellor are passed on whole.
LONG_TEXT_STEPS = frozenset(
    {("broadcast", "text"), ("broadcast", "translation"), ("handoff", "open")}
)


def longest_text(flow: str | None, step: str | None) -> int:
    """How many characters the step `flow`/`step` reads."""
    return MAX_MESSAGE if (flow, step) in LONG_TEXT_STEPS else MAX_ANSWER
