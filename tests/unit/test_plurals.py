"""A message with a number takes the form its language gives that number."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.i18n import Translator, ngettext, speaking

LOCALES = Path(__file__).resolve().parents[2] / "locales"
TRANSLATOR = Translator(LOCALES)


def seats(count: int) -> str:
    return ngettext("{seats} seat left", "{seats} seats left", count, seats=count)


@pytest.mark.parametrize(
    ("language", "count", "said"),
    [
        ("en", 1, "1 seat left"),
        ("en", 2, "2 seats left"),
        ("en", 0, "0 seats left"),
        ("ko", 1, "남은 자리 1"),
        ("ko", 5, "남은 자리 5"),
        ("vi", 3, "còn 3 chỗ"),
        ("zh_Hans", 1, "还剩1个名额"),
    ],
)
def test_seats_left_in_each_language(language, count, said):
    with speaking(TRANSLATOR, language):
        assert seats(count) == said


def test_without_a_catalogue_the_english_forms_are_used():
    assert seats(1) == "1 seat left"
    assert seats(4) == "4 seats left"


def test_the_number_can_be_a_placeholder_named_count():
    with speaking(TRANSLATOR, "en"):
        text = ngettext(
            "Stopped. {count} message was not sent.",
            "Stopped. {count} messages were not sent.",
            1,
            count=1,
        )
    assert text == "Stopped. 1 message was not sent."
