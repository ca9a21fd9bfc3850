"""Korean text to search terms, with kiwipiepy's morphological analyser.

A term is a noun, a verb or adjective stem, a foreign word or a number, as kiwipiepy finds
them; Latin is lower-cased and the text NFKC-normalised first (so "ＣＳ" is "cs"). Particles,
endings, symbols and emoji are dropped, and so are a few words every request carries
("배우고 싶어요", "교육 받고") that say nothing about what is wanted.

The analyser ships its model inside the wheel and loads it once, in `Tokenizer()` (about
a second and a half); nothing here downloads anything or runs at import time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

# kiwipiepy's tags we keep: nouns, verb and adjective stems (regular and irregular), roots,
# foreign words, hanja and numbers.
KEPT_TAGS = frozenset(
    {
        "NNG",
        "NNP",
        "NR",
        "VV",
        "VA",
        "VV-R",
        "VA-R",
        "VV-I",
        "VA-I",
        "XR",
        "SL",
        "SH",
        "SN",
    }
)

# Stems and nouns that carry the request, not its subject: "...하고 싶어요", "교육 받고",
# "배울 수 있는 곳". Subject words (교육, 과정) stay: BM25 gives them little weight anyway.
STOPWORDS = frozenset(
    {
        "하",
        "되",
        "있",
        "없",
        "받",
        "배우",
        "알",
        "원하",
        "찾",
        "듣",
        "가르치",
        "보",
        "주",
        "같",
        "좋",
        "싶",
        "것",
        "일",  # "요리 일 하고 싶어요": the work asked for is the other word
        "수",
        "거",
        "곳",
        "때",
        "등",
        "좀",
        "어떻",
        "그렇",
    }
)

# Words the analyser would otherwise cut in two ("고객센터" → 고객 + 센터), added to its
# dictionary so that a document and a query agree on them.
DOMAIN_WORDS = (
    "고객센터",
    "컨택센터",
    "텔레마케팅",
    "텔레마케터",
    "업사이클링",
    "스타트업",
    "세프",
    "네일",
    "컴활",
    "엑쎌",
    "미싱",
    "바리스타",
    "간호조무사",
)

HANGUL_SYLLABLE = re.compile(r"[가-힣]")


class Tokenizer:
    """Turns text into search terms; one instance holds the analyser's loaded model."""

    def __init__(self, extra_words: Iterable[str] = DOMAIN_WORDS) -> None:
        from kiwipiepy import Kiwi  # heavy: loaded when a tokenizer is made, not on import

        self._kiwi = Kiwi()
        for word in extra_words:
            self._kiwi.add_user_word(word, "NNG")

    def terms(self, text: str) -> list[str]:
        """The search terms of `text`, in order, repeats kept (BM25 counts them)."""
        text = normalise(text)
        if not text.strip():
            return []
        return list(_kept(self._kiwi.tokenize(text)))

    def many(self, texts: list[str]) -> list[list[str]]:
        """`terms` for many texts at once (the analyser batches them)."""
        normalised = [normalise(text) for text in texts]
        return [list(_kept(tokens)) for tokens in self._kiwi.tokenize(normalised)]


def _kept(tokens) -> Iterator[str]:
    for token in tokens:
        if token.tag not in KEPT_TAGS:
            continue
        form = token.form.lower() if token.tag == "SL" else token.form
        if form not in STOPWORDS:
            yield form


def normalise(text: str | None) -> str:
    """NFKC (full-width Latin and digits to ASCII), so both sides of a search agree."""
    return unicodedata.normalize("NFKC", text or "")


def is_hangul(term: str) -> bool:
    return all(HANGUL_SYLLABLE.fullmatch(char) for char in term)


REGION_SUFFIXES = ("특별자치도", "특별자치시", "특별시", "광역시", "시", "군", "구", "도")
SHORT_SIDO = {"충청북도": "충북", "충청남도": "충남", "전라북도": "전북", "전라남도": "전남"}
SHORT_SIDO |= {"경상북도": "경북", "경상남도": "경남"}


def region_terms(name: str | None) -> list[str]:
    """The terms a place is searched by: "광명시" → 광명시, 광명; "전북특별자치도" → …, 전북."""
    if not name:
        return []
    found = [name]
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            found.append(name[: -len(suffix)])
            break
    if name in SHORT_SIDO:
        found.append(SHORT_SIDO[name])
    return list(dict.fromkeys(found))
