"""The demo catalogue: what the seed articles say, loaded through the repositories.

`ilteo demo load` calls `load_demo`. The facts below come from the five articles in
`shared/seeds/` (see PRODUCT.md, "What the seeds say"); anything the seeds do not give
(addresses, coordinates, cohort dates) is either left empty or written as an example and
flagged `is_example`. Every cohort and bus visit date here is invented (the seeds' courses
and the bus's first visits are years past): the chat marks them as examples where she reads
them (a demo programme's cohorts, a visit at an example site). Summaries are what the chat
shows, so they are written in polite 해요체. Dates are relative to the `today` handed in, and
every row has a stable `demo:` key, so loading again, on any day, updates the same rows instead
of adding new ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from storage.ports.stores import DemoStore

SOURCE = "demo"
SEOUL_JOBS_PHONE = "1588-9142"  # 서울 일자리플러스센터, from the bus article
SEOUL_JOBS_OFFICE_PHONE = "02-2171-2121"  # 경제진흥본부 일자리지원과, from the bus article
OPENS_AT, CLOSES_AT = time(9, 0), time(18, 0)  # demo opening hours, not from the seeds


def next_month_start(today: date, at_least_days: int) -> date:
    """The first working day of the first month that starts `at_least_days` after `today`."""
    earliest = today + timedelta(days=at_least_days)
    if earliest.day != 1:
        earliest = (earliest.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_working_day(earliest)


def first_working_day(day: date) -> date:
    """`day`, or the next day that is neither a weekend nor a Korean public holiday."""
    closed = holidays.country_holidays("KR", years=range(day.year, day.year + 2))
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def next_monday(today: date, at_least_days: int) -> date:
    """The first Monday at least `at_least_days` after `today` (or the working day after it)."""
    earliest = today + timedelta(days=at_least_days)
    return first_working_day(earliest + timedelta(days=-earliest.weekday() % 7))


def next_thursdays(today: date, count: int) -> list[date]:
    """The next `count` Thursdays strictly after `today` that are not Korean public holidays."""
    first = today + timedelta(days=(3 - today.weekday() - 1) % 7 + 1)
    closed = holidays.country_holidays("KR", years=range(today.year, today.year + 2))
    candidates = (first + timedelta(weeks=n) for n in range(count * 2))
    return [day for day in candidates if day not in closed][:count]


@dataclass(frozen=True)
class DemoCohort:
    suffix: str  # the key is the programme's key + ":" + suffix
    starts: Callable[[date], date]  # from `today` to the first day
    lasts: timedelta | None  # first day to last day; None when the seed does not say
    capacity: int | None = None
    days: str | None = None
    part_of_day: str | None = None


@dataclass(frozen=True)
class DemoProgramme:
    key: str
    title: str
    summary: str
    kind: str  # course, service, consulting
    audience: str  # job_seekers, employed, companies, managers
    target_groups: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    hours: int | None = None
    duration_text: str | None = None
    cost: str | None = None
    contact: str | None = None
    cohorts: tuple[DemoCohort, ...] = ()


@dataclass(frozen=True)
class DemoCentre:
    key: str
    name: str
    kind: str  # saeil, jobcentre, mobile, agency
    sido: str
    sigungu: str | None
    address: str | None
    phone: str | None
    is_example: bool
    programmes: tuple[DemoProgramme, ...]
    opens_at: time | None = OPENS_AT
    closes_at: time | None = CLOSES_AT


@dataclass(frozen=True)
class DemoZone:
    code: str
    name: str
    districts: tuple[str, ...]


@dataclass(frozen=True)
class DemoSite:
    key: str
    name: str
    zone: str  # a DemoZone code
    district: str
    address: str
    latitude: float  # approximate, for a map pin; the seed gives no coordinates
    longitude: float
    services: tuple[str, ...]  # job, startup, aptitude, interview
    is_example: bool = True


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo loaded (inserted or updated)."""

    centres: int
    programmes: int
    cohorts: int
    zones: int
    sites: int
    visits: int
    participants: int = 0  # of 광명's cohort as published (`load_published_cohort`)


GWANGMYEONG = DemoCentre(
    key="demo:gwangmyeong",
    name="광명시여성새일센터",
    kind="saeil",
    sido="경기도",
    sigungu="광명시",
    address="경기도 광명시 (예시 주소)",
    phone=None,
    is_example=True,
    programmes=(
        DemoProgramme(
            key="demo:gwangmyeong:callcentre",
            title="콜센터 전문상담원 과정",
            summary=(
                "경력단절여성을 위한 기업맞춤형 직업교육이에요. 광명시가 콜센터 기업과 "
                "협약해 약 2개월 동안 140시간 교육해요. 지난 과정(CJ텔레닉스 협약)은 "
                "24명이 시작해 19명이 수료했고, 그중 회사의 자체 평가를 통과한 13명이 "
                "컨택센터 정규직으로 채용됐어요. 수료한 모든 분이 채용되는 것은 아니에요."
            ),
            kind="course",
            audience="job_seekers",
            target_groups=("career_break",),
            fields=("call_centre",),
            hours=140,
            duration_text="약 2개월",
            cohorts=(
                # The seed's cohort ran 9월 1일–10월 24일: 53 days after the first.
                DemoCohort(
                    "next", lambda t: next_month_start(t, 14), timedelta(days=53), capacity=24
                ),
            ),
        ),
        # The centre's other services the seed names: marriage immigrants get their own.
        DemoProgramme(
            key="demo:gwangmyeong:career-guidance",
            title="직업진로 지도",
            summary=(
                "경력단절여성이 맞는 일을 고르고 자신감을 되찾도록 돕는 직업진로 지도 "
                "프로그램이에요."
            ),
            kind="service",
            audience="job_seekers",
            target_groups=("career_break",),
        ),
        DemoProgramme(
            key="demo:gwangmyeong:aftercare",
            title="취업여성 사후관리",
            summary=(
                "일을 시작한 여성이 계속 일할 수 있도록 가사 부담을 덜어 주는 사후관리 서비스예요."
            ),
            kind="service",
            audience="employed",
        ),
        DemoProgramme(
            key="demo:gwangmyeong:immigrant-intern",
            title="새일여성인턴제(결혼이민여성)",
            summary=("결혼이민여성이 기업에서 인턴으로 일해 보며 취업을 준비하는 제도예요."),
            kind="service",
            audience="job_seekers",
            target_groups=("immigrant",),
        ),
        DemoProgramme(
            key="demo:gwangmyeong:mobile-desk",
            title="찾아가는 이동취업 상담실",
            summary=(
                "상담사가 가까운 곳으로 찾아가 취업 상담을 해 드려요. "
                "언제 어디로 가는지는 센터에 물어보세요."
            ),
            kind="service",
            audience="job_seekers",
        ),
    ),
)

INCHEON = DemoCentre(
    key="demo:incheon",
    name="인천광역여성새로일하기센터",
    kind="saeil",
    sido="인천광역시",
    sigungu=None,
    address="인천광역시 (예시 주소)",
    phone=None,
    is_example=True,
    # The 특화형 경력단절 예방 지원사업: services and consulting, none of them a course.
    programmes=(
        DemoProgramme(
            key="demo:incheon:wink-link",
            title="윙크 링크(Wink-ink)",
            summary=(
                "일하고 있지만 경력이 끊길까 걱정되는 여성을 위한 1:1 맞춤 상담이에요. "
                "경력 개발과 심리 상담을 해 드려요. 인천여성가족재단이 운영해요."
            ),
            kind="service",
            audience="employed",
        ),
        DemoProgramme(
            key="demo:incheon:w-ink",
            title="위윙크(W-ink)",
            summary=(
                "같은 일이나 비슷한 경력 고민을 가진, 일하는 여성들이 모여 "
                "고민을 나누고 코칭을 받는 모임이에요."
            ),
            kind="service",
            audience="employed",
        ),
        DemoProgramme(
            key="demo:incheon:w-boom-up",
            title="윙크붐업(W-boom up)",
            summary=(
                "여성 근로자가 일하는 기업을 위한 조직문화 개선 교육과 컨설팅이에요. "
                "개인이 아니라 기업이 참여해요."
            ),
            kind="consulting",
            audience="companies",
        ),
    ),
)


def _wanju_course(
    slug: str, title: str, subject: str, fields: tuple[str, ...], weeks: int
) -> DemoProgramme:
    """One of 완주's re-employment courses; the seed gives no hours or cohort sizes, and its
    courses had ended (about 70 completed them): the next cohort is an invented example."""
    return DemoProgramme(
        key=f"demo:wanju:{slug}",
        title=title,
        summary=(
            f"경력단절 여성과 구직자의 재취업을 위한 {subject} 교육이에요. "
            "지난 과정들은 이미 끝났고, 여러 과정을 합쳐 70여 명이 수료했어요."
        ),
        kind="course",
        audience="job_seekers",
        target_groups=("career_break",),
        fields=fields,
        cohorts=(DemoCohort("next", lambda t: next_monday(t, 7 * weeks), None),),
    )


WANJU = DemoCentre(
    key="demo:wanju",
    name="완주군일자리지원센터",
    kind="jobcentre",
    sido="전북특별자치도",
    sigungu="완주군",
    address="전북특별자치도 완주군 (예시 주소)",
    phone=None,
    is_example=True,
    programmes=(
        DemoProgramme(
            key="demo:wanju:new-middle-age",
            title="신중년 재취업 교육",
            summary=(
                "5060세대의 인생 이모작을 돕는 재취업 교육이에요. 삼례의 '다시 온 봄'과 "
                "함께하는 신중년 일자리 지원 사업의 하나예요."
            ),
            kind="course",
            audience="job_seekers",
            target_groups=("middle_aged",),
            cohorts=(DemoCohort("next", lambda t: next_monday(t, 14), None),),
        ),
        # The seed spells 세프마스터; the standard spelling is 셰프.
        _wanju_course("chef-master", "한식 셰프마스터", "한식 조리", ("cooking",), 3),
        _wanju_course("quality", "생산품질관리 전문인력", "생산·품질관리", ("manufacturing",), 4),
        _wanju_course(
            "upcycling",
            "업사이클링 디자이너 창업",
            "업사이클링 디자인 창업",
            ("startup", "design"),
            5,
        ),
        _wanju_course("filial-care", "효지도사", "효지도사 양성", ("care",), 6),
    ),
)


def _daejeon_cohort(suffix: str, at_least_days: int) -> DemoCohort:
    """Two weeks, Monday to Friday, 30 seats; 60 hours in ten weekdays makes full days."""
    return DemoCohort(
        suffix,
        lambda t: next_monday(t, at_least_days),
        timedelta(days=11),
        capacity=30,
        days="weekday",
        part_of_day="full_day",
    )


DAEJEON = DemoCentre(
    key="demo:daejeon",
    name="대전경제통상진흥원 콜센터 교육",
    kind="agency",
    sido="대전광역시",
    sigungu=None,
    address="대전광역시 (예시 주소)",
    phone=None,
    is_example=True,
    programmes=(
        DemoProgramme(
            key="demo:daejeon:callcentre",
            title="콜센터 전문 인력 양성",
            summary=(
                "경력단절 여성과 취업이 어려운 분이 콜센터 상담사로 일하도록 기본 소양과 "
                "상담 실무를 배우는 무료 교육이에요. 대전시와 대전경제통상진흥원이 주관하고 "
                "교육기업 그린씨에스가 운영해요. 1:1 취업 상담과 채용설명회도 열려요. "
                "지금까지 180명이 교육을 받았고, 그중 70% 넘게 취업했어요."
            ),
            kind="course",
            audience="job_seekers",
            target_groups=("career_break", "vulnerable"),
            fields=("call_centre",),
            hours=60,
            duration_text="2주",
            cost="무료",
            cohorts=(_daejeon_cohort("next", 7), _daejeon_cohort("after-next", 35)),
        ),
        DemoProgramme(
            key="demo:daejeon:callcentre-managers",
            title="콜센터 중간관리자 직무향상",
            summary=(
                "대전 콜센터에서 일하는 중간관리자를 위한 16시간 직무향상 교육이에요. "
                "상담팀장, 통화품질관리자(QAA), 교육강사, 클레임리더, 통계분석전문가가 "
                "대상이고, 직급별로 나눠 진행해요. 대전시와 대전경제통상진흥원이 주관하고 "
                "그린씨에스가 운영해요."
            ),
            kind="course",
            audience="managers",
            fields=("call_centre", "management"),
            hours=16,
            cohorts=(DemoCohort("next", lambda t: next_monday(t, 21), None),),
        ),
    ),
)

SEOUL_BUS = DemoCentre(
    key="demo:seoul-bus",
    name="서울 찾아가는 일자리플러스센터",
    kind="mobile",
    sido="서울특별시",
    sigungu=None,
    address=None,  # a bus: where it is on a day is a visit's site
    phone=SEOUL_JOBS_PHONE,
    is_example=False,
    opens_at=None,  # its hours are each visit's
    closes_at=None,
    programmes=(
        DemoProgramme(
            key="demo:seoul-bus:counselling",
            title="서울 곳곳에 찾아가는 일자리 상담 버스",
            summary=(
                "상담 버스가 매주 목요일 오전 10시부터 오후 5시까지 서울 5개 권역을 돌며 "
                "1:1 취업·창업 상담과 일자리 소개를 해 드려요. 서울 시민이면 누구나 "
                "이용할 수 있어요. 산업단지에 가는 날에는 미리 신청한 분의 현장 면접이 "
                "열리기도 해요. 문의: 서울일자리플러스센터 "
                f"{SEOUL_JOBS_PHONE}, 경제진흥본부 일자리지원과 {SEOUL_JOBS_OFFICE_PHONE}"
            ),
            kind="service",
            audience="job_seekers",
            contact=SEOUL_JOBS_PHONE,
        ),
    ),
)

CENTRES = (GWANGMYEONG, INCHEON, WANJU, DAEJEON, SEOUL_BUS)

ZONES = (
    DemoZone("central", "도심권", ("종로구", "중구", "용산구")),
    DemoZone("northwest", "서북권", ("마포구", "서대문구", "은평구")),
    DemoZone(
        "southwest",
        "서남권",
        ("강서구", "영등포구", "금천구", "구로구", "동작구", "관악구", "양천구"),
    ),
    DemoZone(
        "northeast",
        "동북권",
        ("도봉구", "강북구", "노원구", "성북구", "동대문구", "중랑구", "성동구", "광진구"),
    ),
    DemoZone("southeast", "동남권", ("서초구", "강남구", "송파구", "강동구")),
)

# In the seed's order of visits. On-site interviews happen where employers were arranged
# ahead (the industrial complex of 가산); the aptitude test is the first visit's only.
SITES = (
    DemoSite(
        "demo:bus:gasan",
        "가산디지털단지 패션아일랜드 앞",
        "southwest",
        "금천구",
        "서울특별시 금천구 가산동 (예시 주소)",
        37.4785,
        126.8845,
        ("job", "startup", "interview"),
    ),
    DemoSite(
        "demo:bus:garden-five",
        "가든파이브",
        "southeast",
        "송파구",
        "서울특별시 송파구 (예시 주소)",
        37.4777,
        127.1245,
        ("job", "startup"),
    ),
    DemoSite(
        "demo:bus:cheongnyangni",
        "청량리역사 광장",
        "northeast",
        "동대문구",
        "서울특별시 동대문구 (예시 주소)",
        37.5804,
        127.0470,
        ("job", "startup"),
    ),
    DemoSite(
        "demo:bus:worldcup-homeplus",
        "홈플러스 월드컵경기장",
        "northwest",
        "마포구",
        "서울특별시 마포구 (예시 주소)",
        37.5683,
        126.8975,
        ("job", "startup"),
    ),
)

VISIT_COUNT = 8
VISIT_STARTS, VISIT_ENDS = time(10, 0), time(17, 0)  # every Thursday, Seoul time


async def load_demo(uow: DemoStore, today: date, tz: ZoneInfo) -> DemoSummary:
    """Upserts the demo catalogue and bus schedule relative to `today`; the caller commits."""
    programmes = cohorts = 0
    ids = {}
    for centre in CENTRES:
        centre_id = await _upsert_centre(uow, centre)
        for programme in centre.programmes:
            programme_id = ids[programme.key] = await _upsert_programme(uow, centre_id, programme)
            programmes += 1
            for cohort in programme.cohorts:
                await _upsert_cohort(uow, programme_id, programme.key, cohort, today)
                cohorts += 1
    zone_ids = {zone.code: await _upsert_zone(uow, zone) for zone in ZONES}
    site_ids = [await _upsert_site(uow, site, zone_ids[site.zone]) for site in SITES]
    visits = await _upsert_visits(uow, site_ids, today, tz)
    participants = await load_published_cohort(uow, ids[CALL_CENTRE_KEY], today, tz)
    return DemoSummary(
        len(CENTRES), programmes, cohorts + 1, len(zone_ids), len(site_ids), visits, participants
    )


# 광명's cohort as the seed reports it: 24 started on 9월 1일, 19 completed on 10월 24일, and
# the 13 who passed the company's own evaluation became regular staff of its contact centre on
# 10월 27일. The year is the latest one already over (the seed gives none); the 5 who did not
# complete are recorded as dropped. Nothing the seed does not say (age, 고용보험, evidence) is
# made up: those stay unrecorded. The admin pages say it is built from the published figures.
CALL_CENTRE_KEY = "demo:gwangmyeong:callcentre"
PUBLISHED_KEY = f"{CALL_CENTRE_KEY}:published"
PUBLISHED = "published"
PUBLISHED_EMPLOYER = "CJ오쇼핑 컨택센터"
PUBLISHED_COUNTS = (24, 19, 13)  # participants, completed, employed


async def load_published_cohort(
    uow: DemoStore, programme_id: int, today: date, tz: ZoneInfo
) -> int:
    """Upserts 광명's published cohort and its 24 participants; returns how many."""
    year = today.year if today > date(today.year, 10, 27) else today.year - 1
    ends = date(year, 10, 24)
    cohort_id = await uow.catalogue.upsert_cohort(
        key=PUBLISHED_KEY,
        programme_id=programme_id,
        starts_on=date(year, 9, 1),
        ends_on=ends,
        capacity=24,
        seats_left=0,
    )
    if await uow.outcomes.anonymous_counts([cohort_id]):
        return 0  # retention already made its records anonymous counts: not twice
    now = datetime.combine(today, time(9), tz).astimezone(UTC)
    total, completed, employed = PUBLISHED_COUNTS
    for index in range(1, total + 1):
        done = index <= completed
        hired = index <= employed
        await uow.outcomes.upsert(
            cohort_id,
            f"공개-{index:02d}",
            now,
            status="completed" if done else "dropped",
            finished_on=ends if done else None,
            career_break=True,
            sex="F",
            job_start=date(year, 10, 27) if hired else None,
            employer=PUBLISHED_EMPLOYER if hired else None,
            job_kind="regular" if hired else None,
            source=PUBLISHED,
        )
    return total


async def _upsert_centre(uow: DemoStore, centre: DemoCentre) -> int:
    return await uow.catalogue.upsert_centre(
        key=centre.key,
        name=centre.name,
        kind=centre.kind,
        sido=centre.sido,
        sigungu=centre.sigungu,
        address=centre.address,
        phone=centre.phone,
        is_example=centre.is_example,
        opens_at=centre.opens_at,
        closes_at=centre.closes_at,
        source=SOURCE,
    )


async def _upsert_programme(uow: DemoStore, centre_id: int, programme: DemoProgramme) -> int:
    return await uow.catalogue.upsert_programme(
        key=programme.key,
        centre_id=centre_id,
        title=programme.title,
        summary=programme.summary,
        kind=programme.kind,
        audience=programme.audience,
        target_groups=list(programme.target_groups),
        fields=list(programme.fields),
        hours=programme.hours,
        duration_text=programme.duration_text,
        cost=programme.cost,
        contact=programme.contact,
        source=SOURCE,
    )


async def _upsert_cohort(
    uow: DemoStore, programme_id: int, programme_key: str, cohort: DemoCohort, today: date
) -> int:
    starts_on = cohort.starts(today)
    return await uow.catalogue.upsert_cohort(
        key=f"{programme_key}:{cohort.suffix}",
        programme_id=programme_id,
        starts_on=starts_on,
        ends_on=starts_on + cohort.lasts if cohort.lasts is not None else None,
        capacity=cohort.capacity,
        seats_left=None,  # the seeds say nothing of free seats
        days=cohort.days,
        part_of_day=cohort.part_of_day,
    )


async def _upsert_zone(uow: DemoStore, zone: DemoZone) -> int:
    return await uow.bus.upsert_zone(code=zone.code, name=zone.name, districts=list(zone.districts))


async def _upsert_site(uow: DemoStore, site: DemoSite, zone_id: int) -> int:
    return await uow.bus.upsert_site(
        key=site.key,
        name=site.name,
        zone_id=zone_id,
        district=site.district,
        address=site.address,
        latitude=site.latitude,
        longitude=site.longitude,
        is_example=site.is_example,
    )


async def _upsert_visits(uow: DemoStore, site_ids: list[int], today: date, tz: ZoneInfo) -> int:
    """The next Thursdays, one site after another; keys by position so a later load moves them."""
    thursdays = next_thursdays(today, VISIT_COUNT)
    for number, day in enumerate(thursdays):
        site = SITES[number % len(SITES)]
        await uow.bus.upsert_visit(
            key=f"demo:bus:visit:{number + 1}",
            site_id=site_ids[number % len(SITES)],
            starts_at=_utc(day, VISIT_STARTS, tz),
            ends_at=_utc(day, VISIT_ENDS, tz),
            services=list(site.services) + (["aptitude"] if number == 0 else []),
            phone=SEOUL_JOBS_PHONE,
        )
    return len(thursdays)


def _utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
