"""Fields of work (`handlers/vocabulary.py` FIELDS) for an imported course: its title, its NCS code.

Titles decide first, by keywords, because they are what a person reads; the NCS code
(국가직무능력표준: 2-digit 대분류, 4-digit 중분류, …) adds a field only where its major or
middle group clearly is one of ours. Groups with no field of ours (e.g. 24 농림어업) add
nothing, so a mistyped code cannot put a course in a wrong field on its own.
"""

from __future__ import annotations

import re

from handlers.vocabulary import FIELDS

TITLE_KEYWORDS: dict[str, tuple[str, ...]] = {
    code: tuple(words.split())
    for code, words in {
        "call_centre": "콜센터 상담원 상담사 고객상담 고객센터 텔레마케팅 컨택센터 cs",
        "cooking": "조리 요리 한식 양식 중식 일식 제과 제빵 셰프 세프 바리스타",
        "care": "요양 돌봄 보육 효지도 간병 사회복지 산후 아이돌보미 노인",
        "office": "사무 회계 세무 행정 경리 총무 erp 엑셀 컴퓨터활용",
        "manufacturing": "생산 품질 제조 용접 설비 공정 cnc 기계가공",
        "startup": "창업",
        "design": "디자인 디자이너 공예 업사이클 일러스트 인테리어",
        "it": "코딩 프로그래밍 소프트웨어 데이터 인공지능 ai 웹 앱개발 클라우드",
    }.items()
}

# NCS groups that map onto one of our fields without doubt (대분류 two digits, 중분류 four).
NCS_GROUPS: dict[str, str] = {
    "02": "office",  # 경영·회계·사무
    "07": "care",  # 사회복지·종교
    "0802": "design",  # 문화·예술·디자인·방송 > 디자인
    "13": "cooking",  # 음식서비스
    "15": "manufacturing",  # 기계
    "16": "manufacturing",  # 재료
    "19": "manufacturing",  # 전기·전자
    "20": "it",  # 정보통신
}


def fields_of(title: str, ncs_code: str | None = None) -> tuple[str, ...]:
    """Field codes in the vocabulary's order: "고객상담(콜센터) 실무자 과정" -> ("call_centre",)."""
    found = {code for code, keys in TITLE_KEYWORDS.items() if any(_has(title, k) for k in keys)}
    code = (ncs_code or "").strip()
    for prefix in (code[:4], code[:2]):
        if prefix in NCS_GROUPS:
            found.add(NCS_GROUPS[prefix])
            break
    return tuple(code for code in FIELDS if code in found)


def _has(title: str, keyword: str) -> bool:
    """Korean keywords anywhere, spacing ignored; Latin ones as whole words ("AI", not "mail")."""
    if keyword.isascii():
        return re.search(rf"(?<![a-z]){keyword}(?![a-z])", title.lower()) is not None
    return keyword in title.replace(" ", "")
