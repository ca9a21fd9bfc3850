"""Korean words that depend on the word before them: particles after a placeholder, and
durations said the way people say them ("하루", "한 시간").

A translation writes a particle that follows a placeholder as both forms: `{name}을/를`,
`{name}이/가`, `{name}은/는`, `{name}과/와`, `{name}(으)로`. `attach_particles` picks the
one that fits the value's last syllable before the placeholders are filled, so "안내 #12를"
and "안내 #3을", "Tiếng Việt(으)로" stays readable ("을(를)" when the value does not end in
Hangul or a digit, which no one can mispronounce).
"""

from __future__ import annotations

import re
from datetime import timedelta

# (after a final consonant, after a vowel); (으)로 also takes 로 after ㄹ.
PAIRS = {
    "을/를": ("을", "를"),
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "과/와": ("과", "와"),
    "(으)로": ("으로", "로"),
}
FIXED_PARTICLES = ("을", "를", "이", "가", "은", "는", "과", "와", "으로", "로")
_PLACED = re.compile(r"\{(\w+)\}(" + "|".join(re.escape(pair) for pair in PAIRS) + ")")
# How a digit is read: its final consonant (jongseong index; 0 none, 8 ㄹ).
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
RIEUL = 8


def final_consonant(word: str) -> int | None:
    """The last sound's final consonant (0: none, 8: ㄹ, …), or None when it can't tell."""
    for char in reversed(word.strip()):
        if "가" <= char <= "힣":
            return (ord(char) - ord("가")) % 28
        if char in _DIGIT_FINAL:
            return _DIGIT_FINAL[char]
        if char.isalpha():
            return None  # a Latin or Chinese name: both forms are shown
    return None


def particle(word: str, pair: str) -> str:
    """The form of `pair` ("을/를", "(으)로", …) that follows `word`."""
    after_consonant, after_vowel = PAIRS[pair]
    final = final_consonant(word)
    if final is None:
        return f"{after_consonant}({after_vowel})" if pair != "(으)로" else "(으)로"
    if pair == "(으)로" and final == RIEUL:
        return after_vowel
    return after_consonant if final else after_vowel


def attach_particles(text: str, values: dict[str, object]) -> str:
    """`text` with each `{name}PAIR` made `{name}` + the particle that fits its value."""
    if "{" not in text:
        return text
    return _PLACED.sub(
        lambda m: (
            "{" + m.group(1) + "}" + particle(str(values.get(m.group(1), "")), m.group(2))
            if m.group(1) in values
            else m.group(0)
        ),
        text,
    )


_NATIVE = {
    1: "한",
    2: "두",
    3: "세",
    4: "네",
    5: "다섯",
    6: "여섯",
    7: "일곱",
    8: "여덟",
    9: "아홉",
    10: "열",
    11: "열한",
    12: "열두",
}
_DAYS = {1: "하루", 2: "이틀"}


def duration(span: timedelta) -> str:
    """ "하루", "이틀", "3일", "한 시간", "두 시간", "30분", "한 시간 30분"."""
    minutes = int(span.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        return _DAYS.get(days, f"{days}일")
    hours, minutes = divmod(minutes, 60)
    parts = [f"{_NATIVE.get(hours, str(hours))} 시간"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes}분")
    return " ".join(parts)


def before_each(spans: tuple[timedelta, ...]) -> str:
    """ "하루 전과 한 시간 전": one reminder before each, joined by 과/와."""
    words = [f"{duration(span)} 전" for span in spans]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-2] + [words[-2] + particle(words[-2], "과/와") + " " + words[-1]])
