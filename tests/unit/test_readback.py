"""A typed answer to a read-back: only an unambiguous yes confirms; a correction is read back
again, never booked (the read-back here: Thursday 2026-03-12, 2 pm)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.readback import read_readback

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)


def reading(text: str) -> str | None:
    return read_readback(text, NOW, SEOUL, date(2026, 3, 12), time(14, 0))


@pytest.mark.parametrize(
    "typed", ["네", "네, 예약할게요", "예약해 주세요", "네 두시 좋아요", "ㅇㅇ"]
)
def test_a_yes_confirms(typed):
    assert reading(typed) == "yes"


@pytest.mark.parametrize(
    "typed",
    [
        "네 시로 바꿔 주세요",
        "네시로 해주세요",
        "3시로 할게요",
        "아니 3시",
        "금요일로 바꿔주세요",
        "광명 말고 부천센터로",
        "다음주로 미뤄주세요",
        "네 그런데 금요일이면 좋겠어요",
    ],
)
def test_a_correction_is_read_back_again(typed):
    assert reading(typed) == "change"


@pytest.mark.parametrize(
    ("typed", "expected"), [("아니요", "no"), ("다른 시간 볼게요", "no"), ("아 잠깐만요", None)]
)
def test_a_no_shows_other_times_and_anything_else_asks_again(typed, expected):
    assert reading(typed) == expected
