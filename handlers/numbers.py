"""Numbers people spell out in words, in Korean, Chinese and Vietnamese, up to 99.

`spelled_numbers(text)` replaces each spelled number in a normalised text by its digits
("쉰둘" -> "52", "오십셋" -> "53", "五十二" -> "52", "nam muoi hai" -> "52",
"공일공" -> "010"), so the readers after it see digits only. Korean native numbers (하나,
둘, 스물, 마흔 …) are read before a counter word or at the end; Sino-Korean ones (일, 이,
삼 …, 십) only as a run of two or more, or before a counter, so that the 이 of "이에요" or
the 일 of "일자리" stay words.
"""

from __future__ import annotations

import re

SINO = {
    "영": 0,
    "공": 0,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
NATIVE_TENS = {
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
    "열": 10,
}
NATIVE_UNITS = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "석": 3,
    "넷": 4,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
ZH = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
VI = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}

_TENS = "|".join(sorted(NATIVE_TENS, key=len, reverse=True))
_UNITS = "|".join(sorted(NATIVE_UNITS, key=len, reverse=True))
_SINO = "[영공일이삼사오육륙칠팔구]"
# What may follow a Korean number: a counter word, an ending, a space or the end.
_AFTER = r"(?=살|세|년|해|개월|달|시|분|일|주|번|대|이|요|쯤|정도|넘|$|\s|[^가-힣])"
_KOREAN = re.compile(
    rf"(?<![\d가-힣])(?:(?P<mix>{_SINO}?십)(?P<mixu>{_UNITS})"
    rf"|(?P<sino>{_SINO}?십{_SINO}?|{_SINO}{{2,}})"
    rf"|(?P<tens>{_TENS})(?P<tu>{_UNITS})?|(?P<units>{_UNITS})){_AFTER}"
)
_SINO_ONE = re.compile(rf"(?<![가-힣]){_SINO}(?=\s*(?:년|개월|시|분|주|일\s*(?:뒤|후)))")
_SINO_DAYS = re.compile(rf"(?<![가-힣]){_SINO}(?=일\s*(?:뒤|후|동안|간|째))")  # 삼일 뒤: 3 days
_ZH_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+")
_VI_WORDS = "|".join(VI) + "|muoi|linh|le"
_VI_NUMBER = re.compile(rf"\b(?:{_VI_WORDS})(?:\s+(?:{_VI_WORDS}))*\b")


def spelled_numbers(text: str, vietnamese: bool = False) -> str:
    """`text` (normalised) with its spelled numbers written as digits; Vietnamese number
    words only when asked (its "nam" is also "year")."""
    text = _ZH_NUMBER.sub(lambda m: _digits(zh_number(m[0]), m[0]), text)
    if vietnamese:
        text = _VI_NUMBER.sub(lambda m: _digits(vi_number(m[0]), m[0]), text)
    text = _SINO_DAYS.sub(lambda m: str(SINO[m[0]]), text)
    text = _KOREAN.sub(_korean, text)
    return _SINO_ONE.sub(lambda m: str(SINO[m[0]]), text)


def _korean(match: re.Match[str]) -> str:
    if match["mix"]:
        tens = sino_number(match["mix"])
        return str(int(tens or 0) + NATIVE_UNITS[match["mixu"]])
    if match["sino"]:
        return _digits(sino_number(match["sino"]), match[0])
    tens = NATIVE_TENS.get(match["tens"] or "", 0)
    return str(tens + NATIVE_UNITS.get(match["tu"] or match["units"] or "", 0))


def _digits(value: int | str | None, original: str) -> str:
    return original if value is None else str(value)


def sino_number(word: str) -> int | str | None:
    """ "오십이" -> 52, "십" -> 10, "공일공" -> "010" (a run of digits keeps its zeros)."""
    if "십" not in word:
        return "".join(str(SINO[ch]) for ch in word) if all(ch in SINO for ch in word) else None
    tens, _sep, units = word.partition("십")
    if len(tens) > 1 or len(units) > 1:
        return None
    return SINO.get(tens, 1) * 10 + SINO.get(units, 0)


def zh_number(word: str) -> int | str | None:
    """ "五十二" -> 52, "十" -> 10, "一九六八" -> "1968"."""
    if "十" not in word:
        return "".join(str(ZH[ch]) for ch in word)
    tens, _sep, units = word.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (ZH[tens] if tens else 1) * 10 + (ZH[units] if units else 0)


def vi_number(words: str) -> int | None:
    """ "nam muoi hai" -> 52, "muoi" -> 10, "hai" -> 2 (accents already folded)."""
    parts = [w for w in words.split() if w not in ("linh", "le")]
    if "muoi" in parts:
        at = parts.index("muoi")
        tens = VI.get(parts[at - 1], 1) if at else 1
        after = parts[at + 1 :]
        units = VI.get(after[0], 0) if after else 0
        return tens * 10 + units
    if len(parts) == 1 and parts[0] in VI:
        return VI[parts[0]]
    return None
