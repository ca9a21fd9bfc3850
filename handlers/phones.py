"""Korean phone numbers: reading one a user typed, and showing one back.

`mobile_phone` is what booking asks for: a Korean mobile number only, or the reason it is not
one (a landline or a 15xx number is a clear "landline").

`korean_phone` accepts what people type ("010-1234-5678", "01012345678", "+82 10 1234 5678",
"02-2171-2121", or a number inside a sentence) and returns it in E.164 ("+821012345678"),
the form we store; anything that is not a valid Korean number gives None. `display_phone`
turns the stored form back into the national format people know ("010-1234-5678").
The rules for what is valid come from `phonenumbers` (Google's libphonenumber metadata).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

REGION = "KR"
PREFIX = 200  # characters of a message looked at

_SPELLED = {
    "공": "0",
    "영": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
# Anything that looks like a Korean mobile number, inside any text (log lines, her chat log).
MOBILE_LIKE = re.compile(r"(?<!\d)(?:\+?82[-.\s]?)?0?1[016789][-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)")
MASK = "[phone]"
_SPELLED_RUN = re.compile(r"[공영일이삼사오육칠팔구]{3,}")
_DASH_BETWEEN = re.compile(r"(?<=[\dOo])\s*[ㅡ_~.–—]\s*(?=[\dOo])")
_LETTER_O = re.compile(r"(?<![A-Za-z])[Oo](?=[\dOo]*[-\s]?\d)")


def mobile_phone(text: str) -> tuple[str | None, str | None]:
    """Her mobile number in E.164 and None; or None and why not: "landline" (a valid Korean
    number that is not a mobile: 02-…, 031-…, 1588-…), or "invalid".

    Reads "010ㅡ1234ㅡ5678" (the vowel ㅡ typed for a dash), "010_1234_5678", "O1O-…", "공일공
    일이삼사 오육칠팔"; with a correction ("010-… 아니 010-…") the last number counts."""
    prepared = _prepared(text)
    matches = phonenumbers.PhoneNumberMatcher(prepared, REGION)
    korean = [m.number for m in matches if m.number is not None and _is_korean(m.number)]
    number = korean[-1] if korean else _whole(prepared)
    if number is None:
        return None, "invalid"
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None, "landline"
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), None


def _prepared(text: str) -> str:
    text = (text or "")[:PREFIX]
    text = _SPELLED_RUN.sub(lambda m: "".join(_SPELLED[ch] for ch in m[0]), text)
    text = _LETTER_O.sub("0", text)
    return _DASH_BETWEEN.sub("-", text)


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


def mask_phones(text: str) -> str:
    """`text` with every mobile number in it replaced by "[phone]"."""
    return MOBILE_LIKE.sub(MASK, text)
