"""Proactive messages to Telegram users (reminders, nudges): a Reply sent to a chat."""

from __future__ import annotations

from bot.channels.telegram.render import send_reply
from handlers.messages import Reply


class TelegramNotifier:
    def __init__(self, channel) -> None:
        self._channel = channel

    async def send(self, external_id: str, reply: Reply) -> None:
        await send_reply(self._channel.bot, int(external_id), reply)
