"""Provinces and metropolitan cities (시/도) as the public files write them: full, short or old.

HRD-Net addresses begin with the full name ("경기도 광명시 …"), data.go.kr 새일 courses carry
the short one ("경기"), and older files still say 전라북도 or 강원도. Everything is stored
under the current full name and keyed under the short one.
"""

from __future__ import annotations

import re

from handlers import regions

# Every spelling the files use, from the one table of 시/도 (`handlers/regions.py`); 광주시
# is left out on purpose: it is also 경기도 광주시.
_FULL_BY_NAME = {
    name: sido.name
    for sido in regions.SIDO
    for name in (sido.name, sido.short, *sido.aliases)
    if not name.isascii()
}
_SHORT_BY_FULL = {sido.name: sido.short for sido in regions.SIDO}
SHORT_NAMES = tuple(sido.short for sido in regions.SIDO)

# A leading postcode, as some addresses carry it: "(14234) 경기도 …" or "[14234] …".
_POSTCODE = re.compile(r"^\s*[(\[]?\d{5}[)\]]?\s*")
_SIGUNGU_ENDINGS = ("시", "군", "구")


def full_sido(name: str) -> str | None:
    """ "경기", "경기도" -> "경기도"; "전라북도" -> "전북특별자치도"; unknown -> None."""
    return _FULL_BY_NAME.get(name.strip())


def short_sido(name: str) -> str | None:
    """ "경기도", "경기" -> "경기"; unknown -> None."""
    full = full_sido(name)
    return _SHORT_BY_FULL[full] if full else None


def region_of(address: str) -> tuple[str, str | None] | None:
    """(시/도, 시/군/구) from the start of an address, or None when it names no 시/도.

    "경기도 광명시 예시로 1" -> ("경기도", "광명시"); "세종특별자치시 한누리대로 1" ->
    ("세종특별자치시", None); of "경기도 수원시 장안구 …" the 시 is kept, as the intake asks for it.
    """
    words = _POSTCODE.sub("", address).split()
    if not words:
        return None
    sido = full_sido(words[0])
    if sido is None:
        return None
    sigungu = words[1] if len(words) > 1 and words[1].endswith(_SIGUNGU_ENDINGS) else None
    return sido, sigungu
