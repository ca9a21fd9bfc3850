"""Lists and "label: answer" lines read the way each language writes them (CLDR's list patterns
through Babel, and translatable punctuation), never with an English ", " or ": " built in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.flows.booking.texts import offsets_text
from handlers.flows.intake.summary import answer_line, answer_text
from handlers.formatting import list_text
from handlers.i18n import Translator, speaking
from tests.chat import LOCALES

LANGUAGES = ("ko", "en", "vi", "zh_Hans")
THREE = {"ko": "A, B 및 C", "en": "A, B, and C", "vi": "A, B và C", "zh_Hans": "A、B和C"}
TWO = {"ko": "A 및 B", "en": "A and B", "vi": "A và B", "zh_Hans": "A和B"}
# Two reminders, so "and": a unit list ("1일 1시간", "1天1小时") would read as one span of 25 hours.
REMINDERS = {
    "ko": "하루 전과 한 시간 전",
    "en": "1 day and 1 hour",
    "vi": "1 ngày và 1 tiếng",
    "zh_Hans": "1天和1小时",
}


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator(LOCALES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_is_joined_the_way_her_language_joins_it(translator, language):
    with speaking(translator, language):
        assert list_text(["A", "B", "C"]) == THREE[language]
        assert list_text(iter(["A", "B"])) == TWO[language]
        assert list_text(["A"]) == "A"
        assert list_text([]) == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_style_her_language_lacks_falls_back_to_the_standard_one(translator, language):
    with speaking(translator, language):
        assert list_text(["A", "B"], style="unit") in ("A, B", "A B", "AB", TWO[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reminders_are_listed_in_her_language(translator, language):
    with speaking(translator, language):
        assert offsets_text((timedelta(days=1), timedelta(hours=1))) == REMINDERS[language]
        assert ", " not in offsets_text((timedelta(days=1), timedelta(hours=1)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_lists_her_interests_in_her_language(translator, language):
    given = {"interests": ["care", "cooking"]}
    with speaking(translator, language):
        both = answer_text("interests", given)
    care = translator.gettext(language, "Care & welfare")
    cooking = translator.gettext(language, "Cooking")
    assert both == TWO[language].replace("A", care).replace("B", cooking)


def test_chinese_writes_the_summary_line_with_its_own_colon_and_brackets(translator):
    given = {"situation": "career_break", "break_length": "3_5y"}
    with speaking(translator, "zh_Hans"):
        line = answer_line("situation", given)
    situation = translator.gettext("zh_Hans", "Career break")
    length = translator.gettext("zh_Hans", "3–5 years")
    label = translator.gettext("zh_Hans", "Situation")
    assert line == f"· {label}：{situation}（{length}）"


def test_korean_writes_the_summary_line_as_before(translator):
    given = {"situation": "career_break", "break_length": "3_5y"}
    with speaking(translator, "ko"):
        line = answer_line("situation", given)
    assert line == "· 지금 상황: 경력단절 (3~5년)", line
