"""The main menu, and understanding a few plain words typed outside any question."""

from __future__ import annotations

import re

from handlers.flows.common import normalise
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

# Words people type, in each language, mapped to the menu entry they most likely mean (matched
# as parts of the typed text once both are normalised; Vietnamese also without its accents).
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
        "课程",
        "培训",
        "学习",
        "khóa học",
        "khoa hoc",
        "đào tạo",
        "dao tao",
    ),
    "bus": (
        "버스",
        "이동상담",
        "찾아가는",
        "bus",
        "巴士",
        "咨询车",
        "xe buýt",
        "xe buyt",
        "xe tư vấn",
    ),
    "booking": (
        "예약",
        "상담",
        "booking",
        "book",
        "appointment",
        "预约",
        "咨询",
        "đặt lịch",
        "dat lich",
        "lịch hẹn",
        "lich hen",
        "tư vấn",
        "tu van",
    ),
    "mydata": (
        "내정보",
        "제정보",
        "나의정보",
        "개인정보",
        "정보삭제",
        "탈퇴",
        "mydata",
        "privacy",
        "delete",
        "我的信息",
        "个人信息",
        "删除",
        "thông tin của tôi",
        "thong tin cua toi",
        "xóa",
        "xoa du lieu",
    ),
    "language": (
        "언어",
        "language",
        "english",
        "영어",
        "语言",
        "中文",
        "ngôn ngữ",
        "ngon ngu",
        "tiếng việt",
        "tieng viet",
    ),
    "help": ("도움", "도와", "사용법", "help", "帮助", "trợ giúp", "tro giup", "giúp", "giup"),
    "home": (
        "메뉴",
        "처음",
        "안녕",
        "시작",
        "menu",
        "hello",
        "hi",
        "start",
        "菜单",
        "你好",
        "开始",
        "xin chào",
        "xin chao",
        "bắt đầu",
        "bat dau",
    ),
}
_KEYS = {intent: tuple(normalise(key) for key in keys) for intent, keys in INTENT_WORDS.items()}


def intent_of(text: str | None) -> str | None:
    """The menu entry a typed text asks for, or None. A short Latin key ("hi", "bus") counts
    only as a word of its own, so "machine" or "thi" do not mean hello."""
    words = normalise(text)
    if not words:
        return None
    tokens = set(re.findall(r"\w+", text.lower()))
    for intent, keys in _KEYS.items():
        if any(key in tokens if _short(key) else key in words for key in keys):
            return intent
    return None


def _short(key: str) -> bool:
    return len(key) <= 3 and key.isascii()


def menu_keyboard() -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(_("Find a course"), "menu:programmes"), Button(_("Bus schedule"), "menu:bus")),
        (Button(_("Book counselling"), "menu:booking"), Button(_("My data"), "menu:mydata")),
        (Button(_("Talk to a counsellor"), "menu:person"),),
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
