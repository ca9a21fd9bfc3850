"""`load_demo`: the demo catalogue says what the seeds say, on SQLite and PostgreSQL alike.

Each test runs twice (the `engine` fixture): on a fresh SQLite and a fresh PostgreSQL database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import Table, select

from storage.demo import PUBLISHED_KEY, DemoSummary, load_demo
from storage.records import ProgrammeListing
from storage.tables import bus_sites, bus_visits, bus_zones, centres, cohorts, programmes
from storage.uow import UnitOfWork

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2025, 8, 21)  # a Thursday: the bus's own day must not count as "next"
SEED_PHONES = {"1588-9142", "02-2171-2121"}
DEMO_TABLES = (centres, programmes, cohorts, bus_zones, bus_sites, bus_visits)


async def load(engine, today: date = TODAY) -> DemoSummary:
    async with UnitOfWork(engine) as uow:
        summary = await load_demo(uow, today, SEOUL)
        await uow.commit()
    return summary


async def rows(engine, table: Table) -> list[dict]:
    async with engine.connect() as connection:
        result = await connection.execute(select(table).order_by(table.c.id))
        return [dict(row) for row in result.mappings().all()]


async def listings(engine, today: date = TODAY) -> dict[str, ProgrammeListing]:
    async with UnitOfWork(engine) as uow:
        found = await uow.catalogue.listings(today)
    return {listing.programme.title: listing for listing in found}


async def cohorts_of(engine, title: str) -> list[dict]:
    found = await rows(engine, cohorts)
    programme = next(p for p in await rows(engine, programmes) if p["title"] == title)
    return sorted(
        (c for c in found if c["programme_id"] == programme["id"]), key=lambda c: c["starts_on"]
    )


async def coming_cohorts(engine) -> list[dict]:
    """Every cohort but 광명's published one, which is over."""
    return [c for c in await rows(engine, cohorts) if c["key"] != PUBLISHED_KEY]


async def keys_and_ids(engine) -> dict[str, dict[str, int]]:
    """Every demo row's stable identity (key, or code for zones) mapped to its id, per table."""
    found = {}
    for table in DEMO_TABLES:
        identity = "code" if table is bus_zones else "key"
        found[table.name] = {row[identity]: row["id"] for row in await rows(engine, table)}
    return found


async def test_gwangmyeong_call_centre_course_is_140_hours_for_career_break_job_seekers(engine):
    await load(engine)

    listing = (await listings(engine))["콜센터 전문상담원 과정"]

    assert listing.centre.name == "광명시여성새일센터"
    assert (listing.centre.sido, listing.centre.sigungu, listing.centre.kind) == (
        "경기도",
        "광명시",
        "saeil",
    )
    programme = listing.programme
    assert (programme.kind, programme.audience, programme.hours) == ("course", "job_seekers", 140)
    assert programme.target_groups == ("career_break",)
    assert programme.fields == ("call_centre",)
    assert programme.duration_text == "약 2개월"
    assert "24명" in programme.summary and "19명이 수료" in programme.summary
    assert "13명이 컨택센터 정규직으로 채용" in programme.summary  # after the company's evaluation
    assert "채용 연계" not in programme.summary  # no blanket promise
    assert listing.next_cohort is not None
    assert listing.next_cohort.capacity == 24
    assert listing.next_cohort.seats_left is None
    assert listing.next_cohort.starts_on.day == 1
    assert listing.next_cohort.starts_on >= TODAY + timedelta(days=14)


async def test_daejeon_call_centre_course_is_two_free_weeks_of_60_hours_for_30(engine):
    await load(engine)

    listing = (await listings(engine))["콜센터 전문 인력 양성"]

    programme = listing.programme
    assert listing.centre.sido == "대전광역시"
    assert (programme.hours, programme.duration_text, programme.cost) == (60, "2주", "무료")
    assert programme.audience == "job_seekers"
    assert set(programme.target_groups) == {"career_break", "vulnerable"}
    assert programme.fields == ("call_centre",)
    found = await cohorts_of(engine, "콜센터 전문 인력 양성")
    assert len(found) == 2
    for cohort in found:
        assert cohort["capacity"] == 30
        assert cohort["starts_on"] > TODAY
        assert cohort["starts_on"].weekday() == 0  # Monday
        assert cohort["ends_on"] == cohort["starts_on"] + timedelta(days=11)  # Friday, week two


async def test_daejeon_middle_manager_course_is_16_hours_for_managers_only(engine):
    await load(engine)

    programme = (await listings(engine))["콜센터 중간관리자 직무향상"].programme

    assert (programme.hours, programme.audience) == (16, "managers")
    assert programme.fields == ("call_centre", "management")
    assert "상담팀장" in programme.summary and "QAA" in programme.summary


async def test_incheon_offers_services_to_employed_women_and_consulting_to_companies(engine):
    await load(engine)
    found = await listings(engine)

    boom_up = found["윙크붐업(W-boom up)"]
    assert (boom_up.programme.kind, boom_up.programme.audience) == ("consulting", "companies")
    for title in ("윙크 링크(Wink-ink)", "위윙크(W-ink)"):
        assert (found[title].programme.kind, found[title].programme.audience) == (
            "service",
            "employed",
        )
    incheon = [listing for listing in found.values() if listing.centre.sido == "인천광역시"]
    assert len(incheon) == 3
    assert all(listing.programme.kind != "course" for listing in incheon)
    assert all(listing.next_cohort is None for listing in incheon)
    for listing in incheon:
        assert await cohorts_of(engine, listing.programme.title) == []


async def test_wanju_has_its_five_re_employment_courses_spelled_the_standard_way(engine):
    await load(engine)
    found = await listings(engine)

    wanju = {t: listing for t, listing in found.items() if listing.centre.sigungu == "완주군"}
    assert set(wanju) == {
        "신중년 재취업 교육",
        "한식 셰프마스터",
        "생산품질관리 전문인력",
        "업사이클링 디자이너 창업",
        "효지도사",
    }
    assert wanju["신중년 재취업 교육"].programme.target_groups == ("middle_aged",)
    assert wanju["한식 셰프마스터"].programme.fields == ("cooking",)
    assert wanju["생산품질관리 전문인력"].programme.fields == ("manufacturing",)
    assert set(wanju["업사이클링 디자이너 창업"].programme.fields) == {"startup", "design"}
    assert wanju["효지도사"].programme.fields == ("care",)
    for listing in wanju.values():
        assert listing.programme.audience == "job_seekers"
        assert listing.programme.hours is None  # the seed gives no hours
        assert listing.next_cohort is not None and listing.next_cohort.capacity is None
    for programme in await rows(engine, programmes):
        assert "세프" not in programme["title"] + programme["summary"]


async def test_bus_zones_hold_exactly_the_seed_districts(engine):
    await load(engine)

    zones = {row["name"]: set(row["districts"]) for row in await rows(engine, bus_zones)}

    assert zones == {
        "도심권": {"종로구", "중구", "용산구"},
        "서북권": {"마포구", "서대문구", "은평구"},
        "서남권": {"강서구", "영등포구", "금천구", "구로구", "동작구", "관악구", "양천구"},
        "동북권": {
            "도봉구",
            "강북구",
            "노원구",
            "성북구",
            "동대문구",
            "중랑구",
            "성동구",
            "광진구",
        },
        "동남권": {"서초구", "강남구", "송파구", "강동구"},
    }


async def test_bus_visits_the_four_seed_sites_on_upcoming_thursdays_ten_to_five(engine):
    await load(engine)
    now = datetime.combine(TODAY, time(0, 0), tzinfo=SEOUL)

    async with UnitOfWork(engine) as uow:
        upcoming = await uow.bus.upcoming(now, limit=100)

    assert {(v.site.name, v.site.district, v.zone.name) for v in upcoming} == {
        ("가산디지털단지 패션아일랜드 앞", "금천구", "서남권"),
        ("가든파이브", "송파구", "동남권"),
        ("청량리역사 광장", "동대문구", "동북권"),
        ("홈플러스 월드컵경기장", "마포구", "서북권"),
    }
    assert len(upcoming) == 8
    for listing in upcoming:
        visit = listing.visit
        starts, ends = visit.starts_at.astimezone(SEOUL), visit.ends_at.astimezone(SEOUL)
        assert starts.date() > TODAY
        assert starts.weekday() == 3  # Thursday
        assert (starts.time(), ends.time(), ends.date()) == (time(10), time(17), starts.date())
        assert visit.starts_at.utcoffset() == timedelta(0)
        assert visit.starts_at.time() == time(1, 0)  # 10:00 KST stored as 01:00 UTC
        assert visit.phone == "1588-9142"
        assert listing.site.district in listing.zone.districts
    first = upcoming[0]
    assert first.site.name == "가산디지털단지 패션아일랜드 앞"
    assert set(first.visit.services) == {"job", "startup", "aptitude", "interview"}


async def test_made_up_addresses_and_coordinates_are_flagged_as_examples(engine):
    await load(engine)

    for centre in await rows(engine, centres):
        if centre["address"] is not None:
            assert centre["is_example"] and "(예시" in centre["address"]
        assert centre["phone"] in SEED_PHONES | {None}
    for site in await rows(engine, bus_sites):
        assert site["is_example"] and "(예시" in site["address"]
        assert 37.4 < site["latitude"] < 37.7 and 126.7 < site["longitude"] < 127.2  # Seoul
    for programme in await rows(engine, programmes):
        assert programme["contact"] in SEED_PHONES | {None}
    bus = next(c for c in await rows(engine, centres) if c["kind"] == "mobile")
    assert (bus["name"], bus["phone"]) == ("서울 찾아가는 일자리플러스센터", "1588-9142")


async def test_every_demo_row_has_a_demo_key_and_source(engine):
    await load(engine)

    for table in (centres, programmes, cohorts, bus_sites, bus_visits):
        assert all(row["key"].startswith("demo:") for row in await rows(engine, table))
    for table in (centres, programmes):
        assert {row["source"] for row in await rows(engine, table)} == {"demo"}


async def test_summary_counts_what_was_loaded(engine):
    summary = await load(engine)

    assert summary == DemoSummary(
        centres=5, programmes=16, cohorts=10, zones=5, sites=4, visits=8, participants=24
    )
    counts = [len(await rows(engine, table)) for table in DEMO_TABLES]
    assert counts == [5, 16, 10, 5, 4, 8]  # nine to come and 광명's published one


async def test_loading_twice_leaves_the_same_rows_with_the_same_ids(engine):
    first = await load(engine)
    before = await keys_and_ids(engine)
    cohort_days = [(c["key"], c["starts_on"]) for c in await rows(engine, cohorts)]

    second = await load(engine)

    assert second == first
    assert await keys_and_ids(engine) == before
    assert [(c["key"], c["starts_on"]) for c in await rows(engine, cohorts)] == cohort_days


async def test_loading_on_a_later_day_moves_the_dates_forward_in_the_same_rows(engine):
    await load(engine)
    before = await keys_and_ids(engine)
    later = TODAY + timedelta(days=45)

    await load(engine, later)

    assert await keys_and_ids(engine) == before
    assert all(c["starts_on"] > later for c in await coming_cohorts(engine))
    assert all(
        v["starts_at"].astimezone(SEOUL).date() > later for v in await rows(engine, bus_visits)
    )


async def test_every_cohort_starts_after_today_on_any_day(engine):
    days = [
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 14),
        date(2025, 12, 18),
        date(2026, 11, 22),
    ]
    for today in days:
        await load(engine, today)

        starts = [c["starts_on"] for c in await coming_cohorts(engine)]

        assert len(starts) == 9
        assert all(day > today for day in starts), today
        closed = holidays.country_holidays("KR", years=range(today.year, today.year + 2))
        assert not [d for d in starts if d.weekday() >= 5 or d in closed], today
        visits = await rows(engine, bus_visits)
        assert all(v["starts_at"] > datetime.combine(today, time(23, 59), SEOUL) for v in visits)
        assert all(v["starts_at"].tzinfo is not None for v in visits)
        assert {v["starts_at"].astimezone(UTC).time() for v in visits} == {time(1, 0)}


def test_the_bus_never_visits_on_a_korean_public_holiday():
    from storage.demo import next_thursdays

    chuseok_2027 = date(2027, 9, 16)  # a Thursday
    visits = next_thursdays(date(2027, 9, 10), 4)
    assert chuseok_2027 not in visits
    assert len(visits) == 4 and all(day.weekday() == 3 for day in visits)


async def test_the_seeds_outcomes_and_operators_are_told_straight(engine):
    await load(engine)
    found = await listings(engine)

    daejeon = found["콜센터 전문 인력 양성"].programme.summary
    assert "그린씨에스" in daejeon and "대전경제통상진흥원" in daejeon
    assert "180명" in daejeon and "70% 넘게 취업" in daejeon
    assert "70여 명이 수료" in found["한식 셰프마스터"].programme.summary  # 완주's ended courses


async def test_gwangmyeong_has_its_other_services_and_immigrant_women_their_own(engine):
    await load(engine)
    found = await listings(engine)

    for title in ("직업진로 지도", "취업여성 사후관리", "찾아가는 이동취업 상담실"):
        assert found[title].centre.name == "광명시여성새일센터"
    intern = found["새일여성인턴제(결혼이민여성)"].programme
    assert intern.target_groups == ("immigrant",)
    assert found["취업여성 사후관리"].programme.audience == "employed"


async def test_the_bus_tests_aptitude_on_its_first_day_and_interviews_only_where_arranged(engine):
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, TODAY, SEOUL)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        upcoming = await uow.bus.upcoming(datetime.combine(TODAY, time(0), SEOUL), limit=20)

    with_test = [v for v in upcoming if "aptitude" in v.visit.services]
    assert with_test == upcoming[:1]
    interviews = {v.site.name for v in upcoming if "interview" in v.visit.services}
    assert interviews == {"가산디지털단지 패션아일랜드 앞"}
