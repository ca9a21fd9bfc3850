"""Turn a Telegram update (its JSON, as the webhook receives it) into the channel-neutral
`Incoming`, or None when we don't handle it.

We handle what a user does in a private chat with the bot: a typed text message and a press of
one of our inline buttons. Edited messages, channel posts, group chats, stickers and the like
are ignored. Reading the JSON directly, rather than through python-telegram-bot's `Update`
objects, keeps the webhook's hot path short; long polling hands us `update.to_dict()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.messages import Incoming

CHANNEL = "telegram"


@dataclass(frozen=True, slots=True)
class Received:
    """What the bot needs from one update: the step, where to answer, the press to answer."""

    update_id: int
    incoming: Incoming | None
    chat_id: int | None
    callback_query_id: str | None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_update(payload: object) -> Received | None:
    """The update's parts; None when it is not an update at all (no integer `update_id`)."""
    if not isinstance(payload, dict) or type(payload.get("update_id")) is not int:
        return None
    message, press = _dict(payload.get("message")), _dict(payload.get("callback_query"))
    user = _dict(message.get("from") or press.get("from"))
    chat = _dict(message.get("chat") or _dict(press.get("message")).get("chat"))
    chat_id = chat.get("id", user.get("id"))
    query_id = press.get("id") if press else None
    return Received(
        payload["update_id"],
        _incoming(message, press, user, chat),
        chat_id,
        str(query_id) if query_id is not None else None,
    )


def _incoming(
    message: dict[str, Any], press: dict[str, Any], user: dict[str, Any], chat: dict[str, Any]
) -> Incoming | None:
    """The `Incoming` for a private text message or button press; None for anything else."""
    if not user.get("id") or user.get("is_bot") or chat.get("type", "private") != "private":
        return None
    external_id, hint = str(user["id"]), user.get("language_code")
    if isinstance(message.get("text"), str):
        return Incoming(CHANNEL, external_id, text=message["text"], language_hint=hint)
    if isinstance(press.get("data"), str) and press["data"]:
        return Incoming(CHANNEL, external_id, data=press["data"], language_hint=hint)
    return None
