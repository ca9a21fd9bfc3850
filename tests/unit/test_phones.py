"""Reading a Korean phone number a user typed, and showing a stored one."""

from __future__ import annotations

import pytest

from handlers.phones import display_phone, korean_phone


@pytest.mark.parametrize(
    "typed",
    [
        "010-1234-5678",
        "01012345678",
        "+82 10 1234 5678",
        "010 1234 5678",
        "+82-10-1234-5678",
        "010.1234.5678",
        " 010-1234-5678 ",
        "제 번호는 010-1234-5678이에요",
    ],
)
def test_every_way_of_typing_a_mobile_number_gives_the_same_e164(typed: str) -> None:
    assert korean_phone(typed) == "+821012345678"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("02-2171-2121", "+82221712121"),
        ("1588-9142", "+8215889142"),
        ("031-123-4567", "+82311234567"),
    ],
)
def test_landlines_and_service_numbers_are_korean_numbers(typed: str, e164: str) -> None:
    assert korean_phone(typed) == e164


@pytest.mark.parametrize(
    "typed",
    [
        "1234",
        "010-123",
        "abc",
        "",
        "+1 650 253 0000",
        "전화번호 없어요",
        "010-1234-567890123",
        "010-123-4567",
    ],
)
def test_what_is_not_a_valid_korean_number_gives_none(typed: str) -> None:
    assert korean_phone(typed) is None


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+821012345678", "010-1234-5678"),
        ("+82221712121", "02-2171-2121"),
        ("+8215889142", "1588-9142"),
    ],
)
def test_a_stored_number_is_shown_in_the_national_format(e164: str, shown: str) -> None:
    assert display_phone(e164) == shown


def test_a_foreign_number_is_shown_with_its_country_code() -> None:
    assert display_phone("+16502530000") == "+1 650-253-0000"


def test_reading_then_showing_gives_back_the_usual_form() -> None:
    assert display_phone(korean_phone("+82 10 1234 5678") or "") == "010-1234-5678"
