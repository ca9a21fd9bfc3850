"""Catalogues in memory, for tests and benches: the demo's, and a generated one of any size.

`demo_listings(today)` is `storage/demo.py` as records, without a database (ids from 1).
`generated_listings(n, seed)` is a realistic synthetic catalogue: Korean titles and summaries
drawn from each field's vocabulary, centres across 시/도 and 시/군/구, cohorts with dates,
weekdays and seats. The same `n`, `seed` and `today` always give the same catalogue; ids
start at `GENERATED_IDS` so it mixes with the demo's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from storage.demo import CENTRES
from storage.records import Centre, Cohort, Programme, ProgrammeListing

GENERATED_IDS = 1_000_001


def demo_listings(today: date) -> list[ProgrammeListing]:
    """The demo catalogue as `uow.catalogue.listings(today)` returns it after `ilteo demo load`."""
    listings = []
    programme_id = cohort_id = 0
    for centre_id, demo_centre in enumerate(CENTRES, start=1):
        centre = Centre(
            id=centre_id,
            key=demo_centre.key,
            name=demo_centre.name,
            kind=demo_centre.kind,
            sido=demo_centre.sido,
            sigungu=demo_centre.sigungu,
            address=demo_centre.address,
            phone=demo_centre.phone,
            is_example=demo_centre.is_example,
            opens_at=demo_centre.opens_at,
            closes_at=demo_centre.closes_at,
        )
        for demo in demo_centre.programmes:
            programme_id += 1
            programme = Programme(
                id=programme_id,
                key=demo.key,
                centre_id=centre_id,
                title=demo.title,
                summary=demo.summary,
                kind=demo.kind,
                audience=demo.audience,
                target_groups=demo.target_groups,
                fields=demo.fields,
                hours=demo.hours,
                duration_text=demo.duration_text,
                cost=demo.cost,
                contact=demo.contact,
            )
            cohorts = []
            for demo_cohort in demo.cohorts:
                cohort_id += 1
                starts_on = demo_cohort.starts(today)
                cohorts.append(
                    Cohort(
                        id=cohort_id,
                        key=f"{demo.key}:{demo_cohort.suffix}",
                        programme_id=programme_id,
                        number=None,
                        starts_on=starts_on,
                        ends_on=starts_on + demo_cohort.lasts if demo_cohort.lasts else None,
                        capacity=demo_cohort.capacity,
                        seats_left=None,
                        days=demo_cohort.days,
                        part_of_day=demo_cohort.part_of_day,
                    )
                )
            upcoming = sorted((c for c in cohorts if c.starts_on >= today), key=_start)
            listings.append(ProgrammeListing(programme, centre, upcoming[0] if upcoming else None))
    return listings


def _start(cohort: Cohort) -> date:
    return cohort.starts_on


# 시/도 → some of its 시/군/구 (real names); 세종 has none.
REGIONS: dict[str, tuple[str, ...]] = {
    "서울특별시": ("강남구", "관악구", "노원구", "마포구", "송파구", "영등포구", "은평구"),
    "부산광역시": ("해운대구", "부산진구", "사하구", "동래구", "북구"),
    "대구광역시": ("수성구", "달서구", "북구", "동구"),
    "인천광역시": ("남동구", "부평구", "연수구", "서구", "미추홀구"),
    "광주광역시": ("광산구", "북구", "서구"),
    "대전광역시": ("유성구", "서구", "중구", "대덕구"),
    "울산광역시": ("남구", "중구", "울주군"),
    "세종특별자치시": (),
    "경기도": ("수원시", "성남시", "고양시", "용인시", "부천시", "광명시", "안산시", "화성시"),
    "강원특별자치도": ("춘천시", "원주시", "강릉시"),
    "충청북도": ("청주시", "충주시", "제천시"),
    "충청남도": ("천안시", "아산시", "서산시", "공주시"),
    "전북특별자치도": ("전주시", "익산시", "군산시", "완주군"),
    "전라남도": ("목포시", "여수시", "순천시"),
    "경상북도": ("포항시", "구미시", "경주시", "안동시"),
    "경상남도": ("창원시", "김해시", "진주시", "양산시"),
    "제주특별자치도": ("제주시", "서귀포시"),
}

# Per field: course subjects (titles are built from them) and the skills a summary names.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "call_centre": (
        "고객상담",
        "콜센터 상담사",
        "CS 매니저",
        "텔레마케팅",
        "컨택센터 상담",
        "금융 고객상담",
        "보험 텔레마케터",
        "고객센터 상담원",
    ),
    "cooking": (
        "한식조리기능사",
        "양식조리",
        "제과제빵",
        "바리스타",
        "단체급식 조리",
        "중식조리",
        "반찬 조리",
        "떡 제조",
    ),
    "care": (
        "요양보호사",
        "산후관리사",
        "아이돌보미",
        "방과후 돌봄교사",
        "병원동행매니저",
        "사회복지사",
        "노인 돌봄",
    ),
    "office": (
        "사무행정",
        "전산회계",
        "ERP 회계",
        "경리·회계",
        "컴퓨터활용능력",
        "세무회계",
        "인사·총무",
    ),
    "manufacturing": (
        "품질관리",
        "생산관리",
        "스마트공장 운영",
        "전기기능사",
        "특수용접",
        "CNC 가공",
        "물류관리",
    ),
    "startup": (
        "온라인 쇼핑몰 창업",
        "1인 창업",
        "공방 창업",
        "로컬푸드 창업",
        "소상공인 마케팅",
        "스마트스토어 창업",
    ),
    "design": (
        "웹디자인",
        "편집디자인",
        "패브릭 공예",
        "캘리그라피",
        "가죽 공예",
        "굿즈 디자인",
    ),
    "it": (
        "빅데이터 분석",
        "파이썬 코딩",
        "디지털 마케팅",
        "웹 퍼블리셔",
        "AI 활용 사무",
        "유튜브 영상편집",
        "디지털 튜터",
    ),
}
SKILLS: dict[str, tuple[str, ...]] = {
    "call_centre": ("응대 화법", "상담 실무", "불만 고객 응대", "상담 시스템 활용", "스피치"),
    "cooking": ("기초 칼질", "위생 관리", "메뉴 개발", "식재료 관리", "실기 시험 대비"),
    "care": ("노인 이해", "응급처치", "생활 지원", "의사소통", "현장 실습"),
    "office": ("문서 작성", "엑셀", "회계 원리", "전표 처리", "급여 관리"),
    "manufacturing": ("품질 검사", "공정 관리", "안전 수칙", "도면 해독", "설비 운용"),
    "startup": ("사업계획서 작성", "상권 분석", "마케팅", "세무 기초", "판로 개척"),
    "design": ("디자인 기초", "포토샵", "일러스트", "제작 실습", "포트폴리오"),
    "it": ("데이터 분석", "프로그래밍 기초", "SNS 마케팅", "웹 제작", "생성형 AI 활용"),
}
# A few subjects belong to a second field too.
SECOND_FIELD = {"공방 창업": "design", "로컬푸드 창업": "cooking", "소상공인 마케팅": "it"}
SECOND_FIELD |= {"굿즈 디자인": "startup", "AI 활용 사무": "office", "반찬 조리": "startup"}

TITLE_FORMS = (
    "{subject} 양성과정",
    "{subject} 취업과정",
    "{subject} 전문가 과정",
    "{subject} 실무 과정",
    "(기업맞춤형) {subject} 과정",
    "{subject} 자격 취득 과정",
    "{group} {subject} 과정",
)
GROUP_TITLES = {
    "career_break": "경력단절여성",
    "middle_aged": "신중년",
    "youth": "청년",
    "immigrant": "결혼이민여성",
    "vulnerable": "취업취약계층",
}
GROUP_PHRASES = {
    "career_break": "경력단절여성을 위한",
    "middle_aged": "5060 신중년을 위한",
    "youth": "청년 구직자를 위한",
    "immigrant": "결혼이민여성을 위한",
    "vulnerable": "취업취약계층을 위한",
    None: "구직자 누구나 참여할 수 있는",
}
EXTRAS = (
    "수료 후 취업 연계를 지원한다.",
    "국민내일배움카드로 수강할 수 있다.",
    "1:1 취업상담과 채용설명회가 함께 열린다.",
    "교육비는 전액 무료이며 교통비를 지원한다.",
    "현장 실습과 동행 면접을 제공한다.",
    "자격증 취득을 목표로 한다.",
)
CENTRE_FORMS = {
    "saeil": "{place}여성새로일하기센터",
    "jobcentre": "{place}일자리지원센터",
    "agency": "{place}직업전문학교",
}


def generated_listings(n: int, seed: int = 1, today: date | None = None) -> list[ProgrammeListing]:
    """`n` programmes at about one centre per eight, deterministic for `seed` and `today`."""
    rng = random.Random(seed)
    today = today or date.today()
    centres = _centres(rng, max(4, n // 8))
    listings = []
    for number in range(n):
        centre = rng.choice(centres)
        programme = _programme(rng, GENERATED_IDS + number, centre, seed)
        cohort = _cohort(rng, programme, today) if programme.kind == "course" else None
        listings.append(ProgrammeListing(programme, centre, cohort))
    return listings


def _centres(rng: random.Random, count: int) -> list[Centre]:
    regions = [(sido, sigungu) for sido, places in REGIONS.items() for sigungu in places or (None,)]
    centres = []
    for number in range(count):
        sido, sigungu = regions[number % len(regions)]
        kind = rng.choice(("saeil", "saeil", "jobcentre", "agency"))
        place = (sigungu or sido).removesuffix("특별자치시")
        suffix = "" if number < len(regions) else f" {number // len(regions) + 1}관"
        centres.append(
            Centre(
                id=GENERATED_IDS + number,
                key=f"generated:centre:{number}",
                name=CENTRE_FORMS[kind].format(place=place) + suffix,
                kind=kind,
                sido=sido,
                sigungu=sigungu,
                address=f"{sido} {sigungu or ''} (생성된 예시 주소)".replace("  ", " "),
                phone=f"0{rng.randint(2, 64)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                is_example=True,
                source="generated",
            )
        )
    return centres


def _programme(rng: random.Random, programme_id: int, centre: Centre, seed: int) -> Programme:
    field = rng.choice(tuple(SUBJECTS))
    subject = rng.choice(SUBJECTS[field])
    fields = (field, SECOND_FIELD[subject]) if subject in SECOND_FIELD else (field,)
    group = rng.choice((None, None, "career_break", "career_break", *GROUP_TITLES))
    audience, kind = rng.choices(
        (
            ("job_seekers", "course"),
            ("employed", "course"),
            ("managers", "course"),
            ("companies", "consulting"),
        ),
        weights=(90, 5, 2, 3),
    )[0]
    form = rng.choice(TITLE_FORMS if group else TITLE_FORMS[:-1])
    title = form.format(subject=subject, group=GROUP_TITLES.get(group, ""))
    if audience == "employed":
        title = f"재직자 {subject} 직무향상"
    elif audience == "managers":
        title = f"{subject} 관리자 역량강화"
    elif audience == "companies":
        title, group = f"{subject} 분야 기업 인력개발 컨설팅", None
    skills = rng.sample(SKILLS[field], 2)
    hours = rng.choice((40, 60, 80, 120, 140, 160, 240, 320))
    summary = (
        f"{GROUP_PHRASES[group]} {subject} 교육으로, {hours}시간 동안 "
        f"{skills[0]}과 {skills[1]}을 익힌다. {rng.choice(EXTRAS)}"
    )
    return Programme(
        id=programme_id,
        key=f"generated:{seed}:{programme_id}",
        centre_id=centre.id,
        title=title,
        summary=summary,
        kind=kind,
        audience=audience,
        target_groups=(group,) if group else (),
        fields=fields,
        hours=hours,
        duration_text=f"약 {max(1, hours // 70)}개월",
        cost=rng.choice((None, "무료", "무료", "자부담 10%")),
        contact=centre.phone,
        source="generated",
    )


def _cohort(rng: random.Random, programme: Programme, today: date) -> Cohort | None:
    if rng.random() < 0.15:
        return None  # no upcoming cohort announced
    capacity = rng.choice((15, 20, 20, 25, 30))
    starts_on = today + timedelta(days=rng.randint(0, 150))
    days = rng.choices(("weekday", "weekend", None), weights=(75, 10, 15))[0]
    return Cohort(
        id=programme.id,
        key=f"{programme.key}:next",
        programme_id=programme.id,
        number=rng.randint(1, 12),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=max(7, (programme.hours or 80) // 5)),
        capacity=capacity,
        seats_left=rng.choice((None, rng.randint(0, capacity), rng.randint(1, capacity))),
        days=days,
        part_of_day=rng.choice(("morning", "afternoon", "full_day", None)) if days else None,
    )
