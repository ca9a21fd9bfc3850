"""Pieces every flow uses: button data, the way home, and re-asking with a hint."""

from __future__ import annotations

from handlers.flows.actions import menu as menu_actions
from handlers.flows.button_data import row_id as row_id  # where the flows find it
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.words import compact

HOME = menu_actions.HOME.encode()


SEOUL_JOBS_PHONE = "1588-9142"  # 서울일자리플러스센터, the bus's contact in the seed article


def restart_hint(channel: str) -> str:
    """How to begin again: /start in Telegram, the "Main menu" word elsewhere."""
    if channel == "telegram":
        return _("Type /start to begin again at any time.")
    return _('To begin again at any time, type "Main menu".')


def split_data(data: str | None) -> tuple[str, str]:
    """`"menu:bus"` -> `("menu", "bus")`; anything else -> `("", "")`."""
    if not data or ":" not in data:
        return "", ""
    namespace, _sep, value = data.partition(":")
    return namespace, value


def home_button() -> Button:
    return Button(_("Main menu"), HOME)


def way_home() -> tuple[tuple[Button, ...], ...]:
    """The one-button row that every dead end offers."""
    return ((home_button(),),)


def plain(text: str) -> Message:
    return Message(text=text, buttons=way_home())


def normalise(text: str | None) -> str:
    """Lower case, no spaces, no punctuation: "경기도 광명시!" -> "경기도광명시" (the one
    normaliser, `handlers.words.compact`, for typed labels and menu words)."""
    return compact(text)
