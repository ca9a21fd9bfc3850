"""Provinces and metropolitan cities (시/도) as the public files write them: full, short or old.

HRD-Net addresses begin with the full name ("경기도 광명시 …"), data.go.kr 새일 courses carry
the short one ("경기"), and older files still say 전라북도 or 강원도. Everything is stored
under the current full name and keyed under the short one.
"""

from __future__ import annotations

import re

# (current full name, short name, older or other spellings)
_SIDO: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("서울특별시", "서울", ("서울시",)),
    ("부산광역시", "부산", ("부산시",)),
    ("대구광역시", "대구", ("대구시",)),
    ("인천광역시", "인천", ("인천시",)),
    ("광주광역시", "광주", ("광주시",)),
    ("대전광역시", "대전", ("대전시",)),
    ("울산광역시", "울산", ("울산시",)),
    ("세종특별자치시", "세종", ("세종시",)),
    ("경기도", "경기", ()),
    ("강원특별자치도", "강원", ("강원도",)),
    ("충청북도", "충북", ()),
    ("충청남도", "충남", ()),
    ("전북특별자치도", "전북", ("전라북도",)),
    ("전라남도", "전남", ()),
    ("경상북도", "경북", ()),
    ("경상남도", "경남", ()),
    ("제주특별자치도", "제주", ("제주도",)),
)

_FULL_BY_NAME = {name: full for full, short, others in _SIDO for name in (full, short, *others)}
_SHORT_BY_FULL = {full: short for full, short, _others in _SIDO}
SHORT_NAMES = tuple(short for _full, short, _others in _SIDO)

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
