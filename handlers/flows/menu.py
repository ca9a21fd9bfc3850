"""The main menu, and understanding a few plain words typed outside any question."""

from __future__ import annotations

from handlers.flows.common import normalise
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

# Words people type, mapped to the menu entry they most likely mean.
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "programmes": (
        "교육",
        "과정",
        "훈련",
        "배우",
        "강좌",
        "프로그램",
        "course",
        "training",
        "program",
    ),
    "bus": ("버스", "이동상담", "찾아가는", "bus"),
    "booking": ("예약", "상담", "booking", "book", "appointment"),
    "mydata": ("내정보", "개인정보", "정보삭제", "탈퇴", "mydata", "privacy", "delete"),
    "language": ("언어", "language", "english", "영어"),
    "help": ("도움", "도와", "사용법", "help"),
    "home": ("메뉴", "처음", "안녕", "시작", "menu", "hello", "hi", "start"),
}


def intent_of(text: str | None) -> str | None:
    """The menu entry a typed text asks for, or None."""
    words = normalise(text)
    if not words:
        return None
    for intent, keys in INTENT_WORDS.items():
        if any(key in words for key in keys):
            return intent
    return None


def menu_keyboard() -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(_("Find a course"), "menu:programmes"), Button(_("Bus schedule"), "menu:bus")),
        (Button(_("Book counselling"), "menu:booking"), Button(_("My data"), "menu:mydata")),
    )


def menu_message(turn: Turn, text: str | None = None) -> Message:
    turn.go("menu", "idle")
    return Message(text=text or _("What can I help you with?"), buttons=menu_keyboard())


async def show_menu(turn: Turn) -> list[Message]:
    return [menu_message(turn)]


async def not_understood(turn: Turn) -> list[Message]:
    """Never silence: say so kindly and show what is possible."""
    text = _(
        "Sorry, I didn't catch that.\n"
        "Please choose from the menu below,\n"
        'or type a word like "course" or "bus".'
    )
    return [menu_message(turn, text)]
