"""Continuing in Telegram, where reminders arrive on time: a chat that cannot be reminded
offers a Telegram link carrying a signed token; /start with it in Telegram moves the person's
bookings, alerts and answers there. The token is signed for the person's chat as it was made
(its id and when it began), so once the chat is moved and gone a new chat that happens to get
its id back is not named by the old link."""

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
    token = turn.settings.links.token(_purpose(turn.user.created_at), turn.user.id)
    return Button(_("Continue in Telegram"), url=f"https://t.me/{username}?start=w{token}")


def _purpose(created_at) -> str:
    return f"{PURPOSE}:{int(created_at.timestamp())}"


async def arrive(turn: Turn, payload: str) -> list[Message] | None:
    """/start w<token> in Telegram; None when the payload is not such a token."""
    if turn.user.channel != "telegram" or not payload.startswith("w"):
        return None
    claimed, _sep, _signature = payload[1:].partition("_")
    if not claimed.isdigit() or int(claimed) == turn.user.id:
        return None
    old = await turn.uow.users.get(int(claimed))
    signed_for = _purpose(old.created_at) if old is not None else PURPOSE
    source = turn.settings.links.read(signed_for, payload[1:])
    if source is None:
        return None  # forged, or made for another chat that had this id
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
