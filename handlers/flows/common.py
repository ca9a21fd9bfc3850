"""Pieces every flow uses: button data, the way home, and re-asking with a hint."""

from __future__ import annotations

from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.words import compact

HOME = "menu:home"


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


ID_DIGITS = 18  # any id a row can have (64-bit); longer is forged


def row_id(text: str | None) -> int | None:
    """The id in button data ("123"), or None for anything else: other digits ("²", "٣"),
    signs, or more digits than a row id has (they would reach the database as an error)."""
    if text and len(text) <= ID_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


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
