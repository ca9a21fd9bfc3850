"""The Telegram channel: Update -> Incoming, Reply -> Bot API calls, and the webhook route."""

from bot.channels.telegram.channel import TelegramChannel

__all__ = ["TelegramChannel"]
