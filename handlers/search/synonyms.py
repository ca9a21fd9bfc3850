"""The domain's synonyms, and the Korean words each catalogue code is searched by.

A group is a set of words that ask for the same thing; a query word found in a group also
matches every other word of it, with a lower weight than the word itself (see
`handlers.search.index`). Words are written as people write them and go through the same
analyser as the catalogue, so a word the analyser cuts in two ("고객상담" → 고객 + 상담) is
matched as a phrase.
"""

from __future__ import annotations

from collections.abc import Callable

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # Counselling and call centres (call_centre)
    (
        "콜센터",
        "콜센타",
        "상담원",
        "상담사",
        "CS",
        "고객센터",
        "컨택센터",
        "텔레마케팅",
        "텔레마케터",
        "고객상담",
    ),
    # Cooking (cooking)
    ("요리", "조리", "한식", "셰프", "쉐프", "세프", "요리사", "조리사", "한식조리사"),
    ("바리스타", "커피", "카페", "음료"),
    ("제과", "제빵", "제과제빵", "빵", "베이커리", "제빵사", "파티시에"),
    # Care and welfare (care)
    ("돌봄", "요양", "복지", "효", "효지도사", "간병", "돌보미", "요양보호사", "케어"),
    ("간호조무사", "간호", "조무사", "요양", "돌봄", "간병"),
    ("사회복지", "사회복지사", "복지", "돌봄"),
    # Office work (office)
    ("사무", "행정", "경리", "회계", "총무", "사무직", "전산회계"),
    ("엑셀", "엑쎌", "컴활", "컴퓨터활용", "컴퓨터활용능력", "워드", "ITQ", "오피스", "사무"),
    # Production and quality (manufacturing)
    ("생산", "제조", "품질", "공장", "생산직", "품질관리"),
    # Starting a business (startup)
    ("창업", "사업", "스타트업", "가게", "자영업", "소상공인"),
    # Design and crafts (design)
    ("디자인", "공예", "업사이클링", "디자이너", "공방"),
    ("네일", "네일아트", "미용", "메이크업", "헤어", "뷰티", "디자인"),
    ("미싱", "봉제", "재봉", "바느질", "의류", "공예"),
    # IT and digital (it)
    ("IT", "컴퓨터", "디지털", "코딩", "프로그래밍", "소프트웨어", "인공지능", "AI"),
    ("스마트폰", "핸드폰", "휴대폰", "모바일", "앱", "디지털"),
    # Finding work at all
    ("취업", "재취업", "구직", "일자리", "채용"),
    # Who a course is for
    ("경력단절", "경단녀", "경력단절여성"),
    ("신중년", "중장년", "중년", "시니어", "5060"),
    ("결혼이민", "이주여성", "다문화"),
)

# What each code of `handlers.vocabulary` is called in Korean; indexed with every programme
# that carries the code, so "요리" finds a course whose text only says 한식.
FIELD_WORDS: dict[str, str] = {
    "call_centre": "콜센터 상담",
    "cooking": "요리 조리",
    "care": "돌봄 복지",
    "office": "사무 행정",
    "manufacturing": "생산 품질",
    "startup": "창업",
    "design": "디자인 공예",
    "it": "IT 디지털",
}
GROUP_WORDS: dict[str, str] = {
    "career_break": "경력단절 여성",
    "middle_aged": "신중년 중장년",
    "youth": "청년",
    "immigrant": "결혼이민 여성 다문화",
    "vulnerable": "취업취약계층",
}
AUDIENCE_WORDS: dict[str, str] = {
    "job_seekers": "구직자",
    "employed": "재직자",
    "managers": "재직자 관리자",
    "companies": "기업",
}

Phrase = tuple[str, ...]


class Synonyms:
    """The groups in analysed form: which phrases share a group with a given phrase."""

    def __init__(self, analyse: Callable[[str], list[str]], groups=SYNONYM_GROUPS) -> None:
        self.groups: list[tuple[Phrase, ...]] = []
        self._group_of: dict[Phrase, list[int]] = {}
        for words in groups:
            phrases = tuple(dict.fromkeys(p for p in (tuple(analyse(w)) for w in words) if p))
            for phrase in phrases:
                self._group_of.setdefault(phrase, []).append(len(self.groups))
            self.groups.append(phrases)
        self.longest = max((len(p) for p in self._group_of), default=1)

    def __contains__(self, phrase: Phrase) -> bool:
        return phrase in self._group_of

    def alternatives(self, phrase: Phrase) -> list[Phrase]:
        """Every other phrase of the groups `phrase` belongs to (empty when it is in none)."""
        found: dict[Phrase, None] = {}
        for group in self._group_of.get(phrase, ()):
            found.update((other, None) for other in self.groups[group] if other != phrase)
        return list(found)
