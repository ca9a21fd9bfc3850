"""The "Continue in Telegram" button: a fresh one-time link for a chat that cannot be reminded.

Apart from `continue_in_telegram` (which reads the link when it is opened) so that the flows
offering the button (a booking's confirmation, her bookings) need nothing of the move itself.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from handlers.i18n import _
from handlers.messages import Button
from handlers.turn import Turn

PURPOSE = "move-link"
LIFETIME = timedelta(minutes=10)


async def telegram_button(turn: Turn) -> Button | None:
    """The button that opens the bot in Telegram with a fresh link, for someone whose chat
    cannot be reminded (the web chat; KakaoTalk without the Event API)."""
    username = turn.settings.telegram_username()
    if not username or turn.user.channel in turn.settings.push_channels:
        return None
    token = secrets.token_urlsafe(24)
    await turn.uow.move_tokens.issue(
        turn.user.id, digest(turn, token), turn.now + LIFETIME, turn.now
    )
    return Button(_("Continue in Telegram"), url=f"https://t.me/{username}?start=w{token}")


def digest(turn: Turn, token: str) -> str:
    """The keyed hash of a link's token, the only form of it that is stored."""
    return turn.settings.links.digest(PURPOSE, token)
