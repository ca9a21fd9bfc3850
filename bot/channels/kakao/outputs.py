"""What a skill response is made of, before it is JSON: texts, text cards, list cards,
carousels, and pages of at most 3 of them with their quick replies; Kakao's limits on each; and
the two ways long content is fitted into them (texts split, neighbours merged)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.messages import Button

MAX_OUTPUTS = 3
MAX_QUICK_REPLIES = 10
MAX_CAROUSEL = 10
MAX_LIST_ITEMS = 5
MAX_TEXT = 1000
MAX_CARD_BUTTONS = 3
MAX_CARD_TITLE = 50
MAX_CARD_TEXT = 400
MAX_LIST_HEADER = 40
MAX_LIST_TITLE = 50
MAX_LIST_TEXT = 80


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class TextCard:
    title: str | None
    description: str | None
    buttons: tuple[Button, ...]
    context: str  # names the card when two cards have a button with the same label


@dataclass(frozen=True, slots=True)
class ListItem:
    title: str
    description: str | None
    button: Button | None


@dataclass(frozen=True, slots=True)
class ListCard:
    header: str
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Carousel:
    cards: tuple[TextCard, ...]


Output = Text | TextCard | ListCard | Carousel


@dataclass
class Page:
    outputs: list[Output]
    quick: list[Button] = field(default_factory=list)


def merged(outputs: list[Output]) -> list[Output]:
    """Neighbouring texts joined (within 1,000 characters), neighbouring cards in carousels."""
    result: list[Output] = []
    for output in outputs:
        previous = result[-1] if result else None
        if isinstance(output, Text) and isinstance(previous, Text):
            joined = f"{previous.text}\n\n{output.text}"
            if len(joined) <= MAX_TEXT:
                result[-1] = Text(joined)
                continue
        if isinstance(output, TextCard):
            if isinstance(previous, Carousel) and len(previous.cards) < MAX_CAROUSEL:
                result[-1] = Carousel((*previous.cards, output))
                continue
            if isinstance(previous, TextCard):
                result[-1] = Carousel((previous, output))
                continue
        result.append(output)
    return result


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters: whole lines where they fit, else words,
    else letters."""
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[tuple[str, str]] = []  # (piece, what joins it to the one before)
    for line in text.split("\n"):
        if len(line) <= limit:
            pieces.append((line, "\n"))
            continue
        for number, word in enumerate(re.findall(r"\S+\s*", line) or [line]):
            for start in range(0, len(word), limit):
                glue = "\n" if number == 0 and start == 0 else ""
                pieces.append((word[start : start + limit], glue))
    packed: list[str] = []
    for piece, glue in pieces:
        if packed and len(packed[-1]) + len(glue) + len(piece) <= limit:
            packed[-1] += glue + piece
        else:
            packed.append(piece)
    return [part.strip() for part in packed if part.strip()]
