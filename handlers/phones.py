"""Korean phone numbers: reading one a user typed, and showing one back.

`korean_phone` accepts what people type ("010-1234-5678", "01012345678", "+82 10 1234 5678",
"02-2171-2121", or a number inside a sentence) and returns it in E.164 ("+821012345678"),
the form we store; anything that is not a valid Korean number gives None. `display_phone`
turns the stored form back into the national format people know ("010-1234-5678").
The rules for what is valid come from `phonenumbers` (Google's libphonenumber metadata).
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

REGION = "KR"


def korean_phone(text: str) -> str | None:
    """The E.164 form of the valid Korean number in `text`, or None."""
    number = _whole(text) or _inside(text)
    if number is None:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number as people write it: national format for Korean numbers."""
    number = phonenumbers.parse(e164, REGION)
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _whole(text: str) -> PhoneNumber | None:
    """The text read as one number, when it is a valid Korean one."""
    try:
        number = phonenumbers.parse(text, REGION)
    except NumberParseException:
        return None
    return number if _is_korean(number) else None


def _inside(text: str) -> PhoneNumber | None:
    """The first valid Korean number found inside a sentence ("제 번호는 010-…이에요")."""
    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        if _is_korean(match.number):
            return match.number
    return None


def _is_korean(number: PhoneNumber) -> bool:
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) == REGION
        and not _short_mobile(number)
    )


def _short_mobile(number: PhoneNumber) -> bool:
    """010 numbers have had eight digits after the prefix since 2004 (010-1234-5678);
    libphonenumber still accepts the old seven ("010-123-4567"), usually a typo now."""
    national = str(number.national_number)
    return national.startswith("10") and len(national) != 10
