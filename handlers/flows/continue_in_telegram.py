"""Continuing in Telegram, where reminders arrive on time: a chat that cannot be reminded
offers a Telegram link carrying a signed token; /start with it in Telegram moves the person's
bookings, alerts and answers there."""

from __future__ import annotations

from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.repositories.moving import move_person

PURPOSE = "web-to-telegram"


def telegram_button(turn: Turn) -> Button | None:
    """The button that opens the bot in Telegram with this person's token, for someone whose
    chat cannot be reminded (the web chat; KakaoTalk without the Event API)."""
    username = turn.settings.telegram_username()
    if not username or turn.user.channel in turn.settings.push_channels:
        return None
    token = turn.settings.links.token(PURPOSE, turn.user.id)
    return Button(_("Continue in Telegram"), url=f"https://t.me/{username}?start=w{token}")


async def arrive(turn: Turn, payload: str) -> list[Message] | None:
    """/start w<token> in Telegram; None when the payload is not such a token."""
    if turn.user.channel != "telegram" or not payload.startswith("w"):
        return None
    source = turn.settings.links.read(PURPOSE, payload[1:])
    if source is None or source == turn.user.id:
        return None
    old = await turn.uow.users.get(source)
    # A chat linked to another since the link was made keeps no data: nothing to move.
    if (old is None or old.channel == "telegram"
            or await turn.uow.account_links.primary_of(source) is not None):  # fmt: skip
        return [menu_message(turn, _("This link has been used already. What can I help you with?"))]
    await move_person(turn.uow.connection, source, turn.user.id)
    if old.language in turn.settings.languages and turn.user.language is None:
        turn.speak(old.language)
    text = _("Welcome! Your bookings and alerts from the web chat are here now.\n"
             "Reminders will come to this chat.")  # fmt: skip
    return [menu_message(turn, text)]
