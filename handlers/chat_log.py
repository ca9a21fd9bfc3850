"""What of a step goes into her short conversation log (storage/repositories/chat_log.py), which
the counsellor she asks for reads: her typed words and the text of the bot's answers — never
button data, commands (a `/start` may carry a link's token), files or cards, and never a mobile
number (masked wherever it appears; the booking's phone questions are not logged at all).

Only for a person who has agreed to the privacy notice (at the end of the step: withdrawing
consent or deleting everything in it leaves nothing), and never while a counsellor is asked
for or holds the chat (her messages are the handoff's then; the step that opens a request,
and the one that leaves it, are the handoff's too). A one-time link code she types is not kept.

Cheap on every step: one insert of the step's lines. How many lines she has added since her
log was last trimmed is kept in her conversation state (`KEY`), so a trim to the newest `KEEP`
runs only when she would pass `KEEP_AT_MOST`.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.flows.handoff.request import FLOW as HANDOFF
from handlers.messages import Incoming, Message
from handlers.phones import mask_phones
from handlers.turn import Turn
from storage.ports.stores import StepStore
from storage.repositories.chat_log import KEEP, KEEP_AT_MOST

KEY = "_log"  # her lines added since her log was last trimmed
# Steps whose answer is hers alone to keep elsewhere: a code that links her chats, and her phone
# number for a booking (kept with the booking, and erased with it after BOOKING_PHONE_DAYS).
UNLOGGED_STEPS = frozenset({("link", "code"), ("booking", "phone"), ("booking", "sms")})


def is_logged(turn: Turn, started_in: tuple[str, str]) -> bool:
    """Whether this step goes into her log (see the module's docstring)."""
    return (
        turn.user.has_consented
        and not turn.forget_user
        and HANDOFF not in (started_in[0], turn.flow)
        and started_in not in UNLOGGED_STEPS
    )


def lines_of(incoming: Incoming, messages: Sequence[Message]) -> list[tuple[str, str]]:
    """Her words (typed, not a command), then the text of each message of the answer, with
    any mobile number in them masked ("[phone]")."""
    lines = [("her", incoming.text)] if incoming.text and not incoming.command else []
    lines += [("bot", message.text) for message in messages if message.text]
    return [(who, mask_phones(text)) for who, text in lines]


async def keep(
    store: StepStore,
    turn: Turn,
    started_in: tuple[str, str],
    messages: Sequence[Message],
    untrimmed: int,
) -> int:
    """Add the step's lines to her log when it is kept; returns her lines since the last trim."""
    lines = lines_of(turn.incoming, messages) if is_logged(turn, started_in) else []
    if not lines:
        return untrimmed
    await store.chat_log.add(turn.user.id, turn.now, lines)
    untrimmed += len(lines)
    if untrimmed > KEEP_AT_MOST - KEEP:
        await store.chat_log.trim(turn.user.id, KEEP)
        return 0
    return untrimmed
