"""What she looked for, as the bot quotes it back when no course matches: the subject she
named, not her whole sentence ("“바리스타” 교육은 지금은 찾지 못했어요", not "“바리스타 배우고
싶어여” 교육은 …"). The phrases are written as people type them to a chat, typos and all."""

from __future__ import annotations

import pytest

from handlers.words import subject_of

TYPED = [
    ("바리스타 배우고 싶어여", "바리스타"),
    ("바리스타 배우고 싶어요", "바리스타"),
    ("바리스타 배우고싶어요", "바리스타"),
    ("바리스타를 배우고 싶어요", "바리스타"),
    ("저 바리스타 배우고 싶은데요", "바리스타"),
    ("혹시 바리스타 교육 있나요?", "바리스타"),
    ("드론 조종 배우고 싶어요", "드론 조종"),
    ("천문학 배우고 싶어요", "천문학"),
    ("네일아트 교육 있어요?", "네일아트"),
    ("네일아트 과정 알려주세요", "네일아트"),
    ("제과제빵 배울수 있는곳 있나요", "제과제빵"),
    ("요양보호사 되고 싶어요", "요양보호사"),
    ("한식조리사 자격증 따고 싶어요", "한식조리사 자격증"),
    ("웹디자인 수업 듣고 싶어용", "웹디자인"),
    ("플로리스트 교육 받고 싶어요~", "플로리스트"),
    ("용접", "용접"),
]

KEPT_AS_TYPED = [
    "I want to learn barista",  # not Korean: quoted as she wrote it
    "học pha chế",
    "교육 알려주세요",  # no subject at all: nothing better to quote
]


@pytest.mark.parametrize(("typed", "subject"), TYPED)
def test_the_subject_she_named_is_quoted_not_her_sentence(typed, subject):
    assert subject_of(typed) == subject


@pytest.mark.parametrize("typed", KEPT_AS_TYPED)
def test_without_a_korean_subject_her_words_are_kept(typed):
    assert subject_of(typed) == " ".join(typed.split())


def test_a_very_long_message_is_cut_to_forty_characters():
    assert len(subject_of("바리스타" * 30)) == 40
