"""Particles chosen by the word before them, and durations said as people say them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.i18n import Translator, _, speaking
from handlers.korean import attach_particles, before_each, duration, particle
from tests.unit.test_catalogues import ROOT


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("안내 #12", "을/를", "를"),  # 십이
        ("안내 #3", "을/를", "을"),  # 삼
        ("광명시", "이/가", "가"),
        ("서울", "이/가", "이"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("광명", "(으)로", "으로"),
        ("한국어", "(으)로", "로"),
        ("9월 18일(목) 오후 2시", "은/는", "는"),
        ("하루 전", "과/와", "과"),
        ("한 시간 전", "과/와", "과"),
        ("두 시간", "과/와", "과"),
        ("Tiếng Việt", "(으)로", "(으)로"),  # no Hangul to go by: both forms
        ("中文", "을/를", "을(를)"),
        ("English", "은/는", "은(는)"),
    ],
)
def test_the_particle_fits_the_last_syllable(word, pair, expected):
    assert particle(word, pair) == expected


def test_attach_particles_fills_only_the_placeholders_it_has_values_for():
    text = "안내 #{id}을/를 {count}명에게 보냈어요. {other}(으)로"

    assert attach_particles(text, {"id": 7, "count": 3}) == (
        "안내 #{id}을 {count}명에게 보냈어요. {other}(으)로"
    )


def test_a_translation_with_both_forms_reads_right_for_each_value():
    translator = Translator(ROOT / "locales")
    with speaking(translator, "ko"):
        assert _("Broadcast #{id} is finished.", id=12) == "안내 #12를 다 보냈어요."
        assert _("Broadcast #{id} is finished.", id=3) == "안내 #3을 다 보냈어요."


@pytest.mark.parametrize(
    ("span", "said"),
    [
        (timedelta(days=1), "하루"),
        (timedelta(hours=24), "하루"),
        (timedelta(days=2), "이틀"),
        (timedelta(days=3), "3일"),
        (timedelta(hours=1), "한 시간"),
        (timedelta(hours=2), "두 시간"),
        (timedelta(minutes=30), "30분"),
        (timedelta(minutes=90), "한 시간 30분"),
    ],
)
def test_durations_are_said_as_people_say_them(span, said):
    assert duration(span) == said


def test_one_reminder_before_each_is_said_with_each_its_own_before():
    assert before_each((timedelta(hours=24), timedelta(hours=1))) == "하루 전과 한 시간 전"
    assert before_each((timedelta(hours=2),)) == "두 시간 전"
