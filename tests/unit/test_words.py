"""The one home for control words: whole words and phrases with their endings, in four
languages; a word that only starts like one ("그만뒀어요") is never one."""

from __future__ import annotations

import pytest

from handlers.words import compact, confirmation, control_word, normalise


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("그만할래요", "stop"),
        ("그만하기", "stop"),
        ("그만", "stop"),
        ("이제 그만요", "stop"),
        ("취소해 주세요", "stop"),
        ("안 할래요", "stop"),
        ("stop", "stop"),
        ("dừng lại", "stop"),
        ("不要了", "stop"),
        ("이전", "back"),
        ("뒤로 가기", "back"),
        ("返回", "back"),
        ("quay lại", "back"),
        ("건너뛸게요", "skip"),
        ("패스", "skip"),
        ("bỏ qua", "skip"),
        ("跳过", "skip"),
        ("처음으로", "menu"),
        ("메뉴", "menu"),
        ("菜单", "menu"),
        ("도움말", "help"),
        ("상담원 연결해 주세요", "person"),
        ("사람이랑 통화하고 싶어요", "person"),
        ("talk to a person", "person"),
        ("转人工", "person"),
        ("네", "yes"),
        ("ㅇㅇ", "yes"),
        ("是的", "yes"),
        ("có", "yes"),
        ("아니요", "no"),
        ("싫어요", "no"),
        ("không", "no"),
    ],
)
def test_a_control_word_with_its_endings_is_read(typed, word):
    assert control_word(typed) == word


@pytest.mark.parametrize(
    "typed",
    [
        "그만뒀어요",
        "그만둔 지 오래됐어요",
        "그만두고 쉬어요",
        "이전에 일했어요",
        "취소된 줄 알았어요",
        "상담원 되고 싶어요",
        "콜센터 상담원 교육",
        "네 시로 바꿔 주세요",
        "요리",
        "",
    ],
)
def test_a_word_that_only_starts_like_a_control_word_is_none(typed):
    assert control_word(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "네",
        "네, 예약할게요",
        "맞아요",
        "좋아요 그걸로 할게요",
        "넹 예약할께요",
        "응 그래",
        "👍",
        "yes please",
        "是的，没错",
        "dạ đúng rồi",
    ],
)
def test_an_unambiguous_yes_is_a_yes(typed):
    assert confirmation(typed) is True


@pytest.mark.parametrize(
    "typed",
    [
        "네 시로 바꿔 주세요",
        "네시로 해주세요",
        "네 4시로요",
        "네 그런데 금요일이면 좋겠어요",
        "네 두시 반은요?",
        "예약 취소된 거예요?",
        "좋아요 근데 내일로",
        "네 다른 날로",
    ],
)
def test_a_yes_that_names_something_else_is_not_a_yes(typed):
    assert confirmation(typed) is not True


def test_the_normaliser_reads_a_bounded_prefix_and_fixes_what_people_type():
    assert normalise("０１０ㅡ1234ㅡ5678") == "010~1234~5678"
    assert compact("주말 만 돼요!!") == "주말만되요"
    assert normalise("Dừng LẠI") == "dung lai"
    assert len(normalise("가" * 100_000)) <= 300
