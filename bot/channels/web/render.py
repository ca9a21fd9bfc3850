"""A `Reply` as the JSON the chat page draws."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.channels.web.language import bcp47
from handlers.messages import Button, Message, Reply


def button_json(button: Button) -> dict[str, Any]:
    if button.url:
        return {"label": button.label, "url": button.url}
    return {"label": button.label, "data": button.data}


def rows_json(rows: Iterable[Iterable[Button]]) -> list[list[dict[str, Any]]]:
    return [[button_json(button) for button in row] for row in rows]


def message_json(message: Message) -> dict[str, Any]:
    location = message.location
    attachment = message.attachment
    return {
        "text": message.text,
        "buttons": rows_json(message.buttons),
        "cards": [
            {"title": c.title, "description": c.description, "buttons": rows_json(c.buttons)}
            for c in message.cards
        ],
        "location": None
        if location is None
        else {
            "latitude": location.latitude,
            "longitude": location.longitude,
            "title": location.title,
            "address": location.address,
            "map_url": location.map_url,
        },
        "attachment": None
        if attachment is None or not attachment.url
        else {"filename": attachment.filename, "url": attachment.url},
    }


def reply_json(reply: Reply, page_words: dict[str, str] | None = None) -> dict[str, Any]:
    """The messages, the language they are in (a BCP 47 tag, e.g. "vi", "zh-Hans") and, when
    given, the page's own words in that language (see page.py), for the page to follow her."""
    answer: dict[str, Any] = {
        "messages": [message_json(message) for message in reply.messages],
        "language": bcp47(reply.language),
    }
    if page_words is not None:
        answer["ui"] = page_words
    return answer
