"""Button labels in KakaoTalk: shortened to Kakao's 14 characters at a word, and the text a press
says in the chat (`messageText`), which keeps the full label.

Kakao shows what a pressed button says as the person's own message. Without a block id that
text is all that comes back, and anyone may type a label instead of pressing it, so every page
keeps a `Labels` book: the text each of its buttons says -> the button's data. The texts of one
page are made unique (a card's button names its card when two cards have the same button).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_LABEL = 14
ELLIPSIS = "…"
_CONTEXT_CHARS = 30
_AMBIGUOUS = ""  # a loose spelling that two buttons share: read as typed text
_NOT_ALNUM = re.compile(r"[\W_]+")


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word where there is one, marked with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rfind(" ")
    if text[limit - 1] != " " and cut >= limit // 2:  # end at a word, unless one ends here
        head = head[:cut]
    return head.rstrip(" ,·-—(") + ELLIPSIS


def label(text: str) -> str:
    return shorten(text, MAX_LABEL)


def loose(text: str) -> str:
    """How a typed answer is compared: lower case, letters and digits only."""
    return _NOT_ALNUM.sub("", text.lower())


@dataclass
class Labels:
    """What the buttons of the page on screen say -> their data."""

    exact: dict[str, str] = field(default_factory=dict)
    _loose: dict[str, str] = field(default_factory=dict)

    def add(self, said: str, data: str, *also: str) -> None:
        self.exact[said] = data
        for spelling in (said, *also):
            key = loose(spelling)
            if key:
                known = self._loose.get(key)
                self._loose[key] = data if known in (None, data) else _AMBIGUOUS

    def lookup(self, utterance: str) -> str | None:
        """The data of the button whose text this is (pressed, or typed), else None."""
        text = " ".join(utterance.split())
        if text in self.exact:
            return self.exact[text]
        return self._loose.get(loose(text)) or None


def message_texts(buttons: Iterable[tuple[str, str, str]]) -> list[str]:
    """For (label, data, context) triples, the text each press says: the full label, with its
    context (a card's title) when another button with that label does something else, and a
    number when even that is not enough."""
    items = list(buttons)
    meanings: dict[str, set[str]] = {}
    for text, data, _context in items:
        meanings.setdefault(text, set()).add(data)
    said: list[str] = []
    taken: dict[str, str] = {}
    for text, data, context in items:
        candidate = text
        if len(meanings[text]) > 1 and context:
            candidate = f"{text} · {shorten(context, _CONTEXT_CHARS)}"
        number = 2
        base = candidate
        while taken.get(candidate, data) != data:
            candidate = f"{base} ({number})"
            number += 1
        taken[candidate] = data
        said.append(candidate)
    return said


def first_line(text: str) -> str:
    for line in re.split(r"\n+", text):
        if line.strip():
            return line.strip()
    return ""
