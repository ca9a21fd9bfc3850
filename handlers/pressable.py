"""A button's label typed instead of pressed: the buttons of the last reply are remembered with
the conversation (under `KEY` in its data), and a typed text that is one of their labels is
read as that press. So "跳过" typed under a "跳过" button skips, in every channel, in every
process, after a restart (KakaoTalk's quick replies arrive as text this way too)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from handlers.flows.common import normalise
from handlers.messages import Incoming, Message

KEY = "_pressable"
MOST = 60  # labels kept: the buttons of one reply


def remember(messages: Iterable[Message]) -> dict[str, str]:
    """Label (normalised) → data, for the buttons of a reply that carry data."""
    book: dict[str, str] = {}
    for message in messages:
        rows = [*message.buttons, *(row for card in message.cards for row in card.buttons)]
        for button in (button for row in rows for button in row):
            label = normalise(button.label)
            if button.data and label and label not in book and len(book) < MOST:
                book[label] = button.data
    return book


def as_pressed(incoming: Incoming, book: dict[str, str]) -> Incoming:
    """The press a typed label stands for; the incoming as it was otherwise."""
    if not book or incoming.data or not incoming.text or incoming.command:
        return incoming
    data = book.get(normalise(incoming.text))
    return replace(incoming, text=None, data=data, typed=True) if data else incoming
