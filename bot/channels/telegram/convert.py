"""Turn a Telegram `Update` into the channel-neutral `Incoming`, or None when we don't handle it.

We handle what a user does in a private chat with the bot: a typed text message and a press of
one of our inline buttons. Edited messages, channel posts, group chats, stickers and the like
are ignored.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from handlers.messages import Incoming

CHANNEL = "telegram"


def to_incoming(update: Update) -> Incoming | None:
    """The `Incoming` for a private text message or button press; None for anything else."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or user.is_bot or (chat is not None and chat.type != ChatType.PRIVATE):
        return None
    common = {"channel": CHANNEL, "external_id": str(user.id), "language_hint": user.language_code}
    if update.message is not None and update.message.text is not None:
        return Incoming(text=update.message.text, **common)
    if update.callback_query is not None and update.callback_query.data:
        return Incoming(data=update.callback_query.data, **common)
    return None


def chat_id_of(update: Update) -> int | None:
    """Where to answer: the update's chat, or the user's private chat (same id) when unknown."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
