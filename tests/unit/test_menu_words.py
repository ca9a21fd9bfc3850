"""Plain words typed outside a question, in each language, reach the menu entry they mean;
a short Latin word counts only on its own."""

from __future__ import annotations

import pytest

from handlers.words import menu_entry as intent_of


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("교육 알려주세요", "programmes"),
        ("course", "programmes"),
        ("有什么课程", "programmes"),
        ("khóa học", "programmes"),
        ("khoa hoc", "programmes"),
        ("버스 언제 와요", "bus"),
        ("巴士", "bus"),
        ("xe buýt", "bus"),
        ("bus times", "bus"),
        ("상담 예약", "booking"),
        ("我想预约", "booking"),
        ("đặt lịch", "booking"),
        ("내 정보", "mydata"),
        ("我的信息", "mydata"),
        ("thông tin của tôi", "mydata"),
        ("언어 바꾸기", "language"),
        ("语言", "language"),
        ("ngôn ngữ", "language"),
        ("도움말", "help"),
        ("帮助", "help"),
        ("trợ giúp", "help"),
        ("메뉴", "home"),
        ("菜单", "home"),
        ("xin chào", "home"),
        ("hi", "home"),
        ("machine learning", None),
        ("thi", None),
        ("abus", None),
        ("", None),
    ],
)
def test_a_typed_word_means_its_menu_entry(typed, intent):
    assert intent_of(typed) == intent
