"""Words and checks that linking chats (link_accounts.py) and approving a link
(link_requests.py) share: the apps' names, where reminders go, whether staff are among."""

from __future__ import annotations

from handlers.formatting import list_text
from handlers.i18n import N_, _
from handlers.turn import Turn
from storage.records import User

APP_NAMES = {"telegram": N_("Telegram"), "kakao": N_("KakaoTalk"), "web": N_("Web chat")}


def app_name(channel: str) -> str:
    return _(APP_NAMES[channel]) if channel in APP_NAMES else channel


def chats_text(chats: list[User]) -> str:
    """ "카카오톡 및 텔레그램", "KakaoTalk and Telegram": her chats' apps, as her language lists."""
    return list_text(app_name(chat.channel) for chat in chats)


def reminders_text(turn: Turn, primary: User) -> str:
    if primary.channel in turn.settings.push_channels:
        return _("Reminders come to {app}.", app=app_name(primary.channel))
    return _("These chats can't send you reminders:\nplease add bookings to your calendar.")


async def staff_among(turn: Turn, chats: list[User]) -> bool:
    for chat in chats:
        if await turn.uow.staff.role_of(chat.channel, chat.external_id) is not None:
            return True
    return False
