"""Proactive messages to Telegram users (reminders, nudges): a Reply sent to a chat.

Telegram's 429 (flood control) becomes the dispatcher's `SlowDown`, so sending pauses for the
time Telegram asks and the message is tried again without counting as a failure. Until the
channel has connected (`ready`), the dispatcher claims nothing for Telegram users.
"""

from __future__ import annotations

from telegram.error import Forbidden, RetryAfter

from bot.channels.base import Notifier
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.render import retry_after_s, send_reply
from bot.ratelimit import SlowDown, Unreachable
from handlers.messages import Reply


class TelegramNotifier(Notifier[Reply]):
    def __init__(self, channel: TelegramChannel) -> None:
        self._channel = channel

    @property
    def ready(self) -> bool:
        """Connected: the Bot API client is initialised (Telegram answered getMe)."""
        try:
            return self._channel.bot.bot is not None
        except RuntimeError:  # PTB's word for "not initialised yet"
            return False

    async def send(self, external_id: str, reply: Reply) -> None:
        try:
            await send_reply(self._channel.bot, int(external_id), reply)
        except RetryAfter as error:
            raise SlowDown(retry_after_s(error)) from error
        except Forbidden as error:  # blocked by the user, or the chat is gone
            raise Unreachable(str(error)) from error


class TelegramProgressBoard:
    """A staff member's broadcast progress: one message, edited as sending goes on."""

    def __init__(self, channel: TelegramChannel) -> None:
        self._channel = channel

    async def post(self, external_id: str, text: str) -> str:
        message = await self._channel.bot.send_message(chat_id=int(external_id), text=text)
        return str(message.message_id)

    async def replace(self, external_id: str, message_id: str, text: str) -> None:
        await self._channel.bot.edit_message_text(
            chat_id=int(external_id), message_id=int(message_id), text=text
        )
