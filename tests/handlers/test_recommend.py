"""Recommendations for a profile: who may see what, the order the documented score gives,
and reasons that carry what the one-line explanation needs."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers import recommend
from handlers.recommend import audiences_for, groups_of, rank
from storage.demo import load_demo
from storage.records import Centre, Cohort, Profile, Programme, ProgrammeListing
from storage.uow import UnitOfWork
from tests.catalogue_factory import REGIONS, demo_listings, generated_listings

TODAY = date(2025, 8, 11)  # a Monday
GWANGMYEONG = "demo:gwangmyeong:callcentre"
DAEJEON = "demo:daejeon:callcentre"
MANAGERS = "demo:daejeon:callcentre-managers"
WINK_LINK, W_INK, W_BOOM_UP = (
    "demo:incheon:wink-link",
    "demo:incheon:w-ink",
    "demo:incheon:w-boom-up",
)
NEW_MIDDLE_AGE = "demo:wanju:new-middle-age"

# The person: 42, in 광명, six years out of work, interested in counselling work.
HER = Profile(
    user_id=1,
    sido="경기도",
    sigungu="광명시",
    age_band="40s",
    situation="career_break",
    break_length="5_10y",
    interests=("call_centre",),
)
SITUATIONS = (None, "career_break", "job_seeking", "employed", "starting_business")


def keys_of(ranked) -> list[str]:
    return [r.listing.programme.key for r in ranked]


def reasons_of(ranked, key: str) -> tuple:
    return next(r.reasons for r in ranked if r.listing.programme.key == key)


def a_listing(
    key: str,
    *,
    audience: str = "job_seekers",
    groups: tuple[str, ...] = (),
    fields: tuple[str, ...] = ("call_centre",),
    sido: str = "경기도",
    sigungu: str | None = "광명시",
    starts_in: int | None = 30,
    seats_left: int | None = None,
    days: str | None = None,
    part_of_day: str | None = None,
    number: int = 1,
) -> ProgrammeListing:
    """A course of a centre; everything the score reads can be set, the rest is plain."""
    centre = Centre(number, f"c{number}", f"센터 {number}", "saeil", sido, sigungu, None, None)
    programme = Programme(
        id=number,
        key=key,
        centre_id=number,
        title=f"과정 {key}",
        summary="",
        kind="course",
        audience=audience,
        target_groups=groups,
        fields=fields,
        hours=None,
        duration_text=None,
        cost=None,
        contact=None,
    )
    cohort = None
    if starts_in is not None:
        starts_on = TODAY + timedelta(days=starts_in)
        cohort = Cohort(
            number, f"{key}:1", number, 1, starts_on, None, 20, seats_left, days, part_of_day
        )
    return ProgrammeListing(programme, centre, cohort)


@pytest.fixture(scope="module")
def demo() -> list[ProgrammeListing]:
    return demo_listings(TODAY)


# The acceptance example, on the demo catalogue


def test_she_gets_the_gwangmyeong_call_centre_course_first(demo):
    ranked = rank(HER, demo, TODAY)

    assert keys_of(ranked)[0] == GWANGMYEONG
    assert DAEJEON not in keys_of(ranked)  # another 시/도, while 광명 has more for her


def test_her_first_recommendation_scores_as_the_table_says(demo):
    first = rank(HER, demo, TODAY)[0]

    expected = (
        recommend.AUDIENCE_FIT
        + recommend.GROUP_FIT
        + recommend.REACH
        + recommend.SAME_SIGUNGU
        + recommend.INTEREST_FIT
        + recommend.COHORT_SOON  # the demo's next cohort starts within six weeks
    )
    assert first.score == pytest.approx(expected)


def test_her_first_recommendation_carries_what_its_line_needs(demo):
    first = rank(HER, demo, TODAY)[0]
    reasons = dict(first.reasons)

    assert reasons["group"] == "career_break"  # 경력단절여성 대상
    assert reasons["region"] == "광명시"
    assert reasons["field"] == "call_centre"
    assert reasons["next_cohort"] == first.listing.next_cohort.starts_on
    assert [code for code, _value in first.reasons] == [
        "group",
        "field",
        "region",
        "next_cohort",
    ]


def test_she_is_never_shown_company_consulting_or_the_managers_course(demo):
    shown = keys_of(rank(HER, demo, TODAY))

    assert W_BOOM_UP not in shown
    assert MANAGERS not in shown
    assert WINK_LINK not in shown and W_INK not in shown  # for women in work


async def test_the_demo_as_stored_ranks_alike(engine):
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, TODAY, ZoneInfo("Asia/Seoul"))
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        listings = await uow.catalogue.listings(TODAY)

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked)[0] == GWANGMYEONG
    assert dict(ranked[0].reasons)["region"] == "광명시"


# Eligibility: the only rule that removes a programme


@pytest.mark.parametrize("situation", SITUATIONS)
def test_consulting_for_companies_is_never_recommended(demo, situation):
    profile = replace(HER, situation=situation, sido="인천광역시", sigungu=None)

    assert W_BOOM_UP not in keys_of(rank(profile, demo, TODAY))


@pytest.mark.parametrize("situation", [s for s in SITUATIONS if s != "employed"])
def test_the_managers_course_is_only_for_people_in_work(demo, situation):
    profile = replace(HER, situation=situation)

    assert MANAGERS not in keys_of(rank(profile, demo, TODAY))


def test_the_managers_course_is_for_someone_in_work_who_asks_for_management_training(demo):
    working = replace(HER, situation="employed", sido="대전광역시", sigungu="유성구")

    assert MANAGERS not in keys_of(rank(working, demo, TODAY))
    leading = replace(working, interests=("call_centre", "management"))
    assert keys_of(rank(leading, demo, TODAY))[0] == MANAGERS
    elsewhere = replace(leading, sido="대구광역시", sigungu="수성구")  # 대전's workers only
    assert MANAGERS not in keys_of(rank(elsewhere, demo, TODAY))


@pytest.mark.parametrize("situation", [s for s in SITUATIONS if s != "employed"])
def test_services_for_women_in_work_are_only_for_women_in_work(demo, situation):
    profile = replace(HER, situation=situation, sido="인천광역시", sigungu="남동구")

    shown = keys_of(rank(profile, demo, TODAY))

    assert WINK_LINK not in shown and W_INK not in shown


def test_a_woman_in_work_in_incheon_gets_the_wink_services_first(demo):
    working = Profile(user_id=2, sido="인천광역시", sigungu="남동구", situation="employed")
    ranked = rank(working, demo, TODAY)

    assert set(keys_of(ranked)[:2]) == {WINK_LINK, W_INK}
    assert ("audience", "employed") in ranked[0].reasons
    assert ("region", "인천광역시") in ranked[0].reasons


@pytest.mark.parametrize("situation", SITUATIONS)
def test_courses_for_job_seekers_are_shown_to_everyone(demo, situation):
    profile = replace(HER, situation=situation)

    assert GWANGMYEONG in keys_of(rank(profile, demo, TODAY))


def test_audiences_for_says_who_may_see_what():
    assert audiences_for(HER) == {"job_seekers"}
    assert audiences_for(replace(HER, situation="employed")) == {"job_seekers", "employed"}
    leading = replace(HER, situation="employed", interests=("management",))
    assert audiences_for(leading) == {"job_seekers", "employed", "managers"}


# Group fit


@pytest.mark.parametrize(
    ("profile", "group"),
    [
        (Profile(user_id=3, situation="career_break"), "career_break"),
        (Profile(user_id=3, age_band="50s"), "middle_aged"),
        (Profile(user_id=3, age_band="60s"), "middle_aged"),
        (Profile(user_id=3, age_band="20s"), "youth"),
        (Profile(user_id=3, constraints=("interpreter",)), "immigrant"),
    ],
)
def test_a_course_for_her_group_comes_before_one_for_no_group(profile, group):
    listings = [a_listing("open", number=1), a_listing("hers", groups=(group,), number=2)]

    ranked = rank(profile, listings, TODAY)

    assert keys_of(ranked) == ["hers", "open"]
    assert ("group", group) in ranked[0].reasons
    assert group in groups_of(profile)


def test_a_course_for_another_group_comes_after_one_for_everyone():
    listings = [a_listing("youth", groups=("youth",), number=1), a_listing("open", number=2)]

    assert keys_of(rank(HER, listings, TODAY)) == ["open", "youth"]


def test_someone_in_their_fifties_in_wanju_gets_the_new_middle_age_course_first(demo):
    profile = Profile(
        user_id=4, sido="전북특별자치도", sigungu="완주군", age_band="50s", situation="job_seeking"
    )
    ranked = rank(profile, demo, TODAY)

    assert keys_of(ranked)[0] == NEW_MIDDLE_AGE
    assert ("group", "middle_aged") in ranked[0].reasons


# Region


def test_same_district_comes_before_same_province_and_nothing_elsewhere_is_shown():
    listings = [
        a_listing("elsewhere", sido="부산광역시", sigungu="해운대구", number=1),
        a_listing("province", sido="경기도", sigungu="수원시", number=2),
        a_listing("district", sido="경기도", sigungu="광명시", number=3),
    ]

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked) == ["district", "province"]
    assert ("region", "광명시") in ranked[0].reasons
    assert ("region", "수원시") in ranked[1].reasons


def test_another_provinces_course_comes_only_when_nothing_near_and_says_where():
    listings = [
        a_listing("busan", sido="부산광역시", sigungu="해운대구", number=1),
        a_listing("jeonbuk", sido="전북특별자치도", sigungu="완주군", number=2),
    ]

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked) == ["jeonbuk", "busan"]  # the nearer first
    assert ("far", "전북 완주군") in ranked[0].reasons
    assert ("far", "부산 해운대구") in ranked[1].reasons


def test_a_weak_match_near_comes_before_a_strong_one_far(demo):
    daejeon_cook = Profile(
        user_id=7,
        sido="대전광역시",
        sigungu="서구",
        age_band="60s",
        situation="job_seeking",
        interests=("cooking",),
    )

    assert keys_of(rank(daejeon_cook, demo, TODAY)) == [DAEJEON]


def test_online_or_nationwide_programmes_count_as_near():
    listings = [
        a_listing("online", sido="온라인", sigungu=None, fields=("cooking",), number=1),
        a_listing("busan", sido="부산광역시", sigungu="해운대구", number=2),
    ]

    assert keys_of(rank(HER, listings, TODAY)) == ["online"]


def test_a_district_of_the_same_name_in_another_province_is_not_hers():
    listings = [
        a_listing("daegu-jung", sido="대구광역시", sigungu="중구", number=1),
        a_listing("seoul-other", sido="서울특별시", sigungu="강남구", number=2),
    ]
    seoul_jung = Profile(user_id=5, sido="서울특별시", sigungu="중구")

    assert keys_of(rank(seoul_jung, listings, TODAY)) == ["seoul-other"]


def test_a_distance_when_given_ranks_the_nearer_centre_first():
    listings = [
        a_listing("far", sigungu="광명시", number=1),
        a_listing("near", sido="서울특별시", sigungu="금천구", number=2),
    ]
    km = {1: 40.0, 2: 3.0}

    ranked = rank(HER, listings, TODAY, region_distance=lambda _p, centre: km[centre.id])

    assert keys_of(ranked) == ["near", "far"]
    assert ("distance_km", 3.0) in ranked[0].reasons


def test_a_distance_it_cannot_tell_falls_back_to_the_region_levels():
    listings = [
        a_listing("elsewhere", sido="부산광역시", sigungu="해운대구", number=1),
        a_listing("district", number=2),
    ]

    ranked = rank(HER, listings, TODAY, region_distance=lambda _p, _c: None)

    assert keys_of(ranked) == ["district"]


# Interests, schedule, the next cohort and seats


def test_a_course_in_her_field_comes_before_others_which_are_still_shown():
    listings = [
        a_listing("cooking", fields=("cooking",), number=1),
        a_listing("call-centre", fields=("call_centre",), number=2),
    ]

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked) == ["call-centre", "cooking"]
    assert ("field", "call_centre") in ranked[0].reasons


def test_without_interests_fields_do_not_matter():
    profile = replace(HER, interests=())
    listings = [
        a_listing("cooking", fields=("cooking",), number=1),
        a_listing("call-centre", number=2),
    ]

    ranked = rank(profile, listings, TODAY)

    assert ranked[0].score == ranked[1].score


def test_a_cohort_on_her_days_comes_before_one_that_clashes():
    weekends = replace(HER, availability=("weekend", "morning"))
    listings = [
        a_listing("weekday", days="weekday", part_of_day="morning", number=1),
        a_listing("weekend", days="weekend", part_of_day="morning", number=2),
        a_listing("full-day", days="weekend", part_of_day="full_day", number=3),
    ]

    ranked = rank(weekends, listings, TODAY)

    assert keys_of(ranked) == ["weekend", "weekday", "full-day"]  # a full day needs afternoons
    assert ("schedule", ("weekend", "morning")) in ranked[0].reasons
    assert ranked[0].score - ranked[1].score == pytest.approx(
        recommend.SCHEDULE_FIT - recommend.SCHEDULE_CLASH
    )


def test_an_unknown_schedule_neither_helps_nor_hurts():
    weekends = replace(HER, availability=("weekend",))
    listings = [a_listing("unknown", number=1), a_listing("weekday", days="weekday", number=2)]

    ranked = rank(weekends, listings, TODAY)

    assert keys_of(ranked) == ["unknown", "weekday"]
    assert ranked[0].score - ranked[1].score == pytest.approx(-recommend.SCHEDULE_CLASH)


def test_a_cohort_starting_soon_comes_before_one_months_away():
    listings = [
        a_listing("later", starts_in=100, number=1),
        a_listing("soon", starts_in=10, number=2),
    ]

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked) == ["soon", "later"]
    assert ("next_cohort", TODAY + timedelta(days=10)) in ranked[0].reasons


def test_a_cohort_already_started_is_no_next_cohort_but_the_course_stays():
    listings = [
        a_listing("started", starts_in=-3, number=1),
        a_listing("none", starts_in=None, number=2),
    ]

    ranked = rank(HER, listings, TODAY)

    assert set(keys_of(ranked)) == {"started", "none"}
    assert ranked[0].score == ranked[1].score
    assert not any(code == "next_cohort" for r in ranked for code, _ in r.reasons)


def test_a_full_cohort_is_ranked_down_not_removed():
    listings = [
        a_listing("full", seats_left=0, number=1),
        a_listing("open", seats_left=5, number=2),
    ]

    ranked = rank(HER, listings, TODAY)

    assert keys_of(ranked) == ["open", "full"]
    assert ("seats_left", 5) in ranked[0].reasons
    assert ("seats_left", 0) in ranked[1].reasons


def test_reasons_come_in_the_order_a_line_shows_them():
    listing = a_listing(
        "all", groups=("career_break",), seats_left=5, days="weekday", part_of_day="morning"
    )
    profile = replace(HER, availability=("weekday", "morning"))

    (only,) = rank(profile, [listing], TODAY)

    assert only.reasons == (
        ("group", "career_break"),
        ("field", "call_centre"),
        ("region", "광명시"),
        ("schedule", ("weekday", "morning")),
        ("next_cohort", TODAY + timedelta(days=30)),
        ("seats_left", 5),
    )


def test_an_empty_profile_still_gets_everything_it_may_see(demo):
    ranked = rank(Profile(user_id=6), demo, TODAY)

    everyone = [d for d in demo if d.programme.audience == "job_seekers"]
    assert len(ranked) == len([d for d in everyone if d.centre.kind != "mobile"])  # not the bus


# Among thousands


@pytest.fixture(scope="module")
def mixed(demo) -> list[ProgrammeListing]:
    return demo + generated_listings(5000, seed=1, today=TODAY)


def varied_profiles(count: int) -> list[Profile]:
    rng = random.Random(7)
    profiles = []
    for number in range(count):
        sido = rng.choice(tuple(REGIONS))
        profiles.append(
            Profile(
                user_id=number,
                sido=sido,
                sigungu=rng.choice(REGIONS[sido]) if REGIONS[sido] else None,
                age_band=rng.choice((None, "20s", "40s", "50s")),
                situation=rng.choice(SITUATIONS),
                interests=tuple(rng.sample(("call_centre", "cooking", "care", "it"), 2)),
                availability=tuple(rng.sample(("weekday", "weekend", "morning", "afternoon"), 2)),
            )
        )
    return profiles


def test_among_thousands_she_still_gets_the_gwangmyeong_call_centre_course_first(mixed):
    first = rank(HER, mixed, TODAY, limit=10)

    assert first[0].listing.programme.key == GWANGMYEONG
    assert all("call_centre" in r.listing.programme.fields for r in first)
    assert all(("group", "career_break") in r.reasons for r in first)
    in_gwangmyeong = [r.listing.centre.sigungu == "광명시" for r in first]
    assert in_gwangmyeong == sorted(in_gwangmyeong, reverse=True)  # her district, then nearby


@pytest.mark.parametrize("profile", varied_profiles(12), ids=lambda p: f"p{p.user_id}")
def test_among_thousands_only_what_she_may_see_comes_best_first(mixed, profile):
    ranked = rank(profile, mixed, TODAY)

    allowed = audiences_for(profile)
    assert all(r.listing.programme.audience in allowed for r in ranked)
    may_see = [d for d in mixed if recommend.may_see(profile, d, allowed)]
    near = [d for d in may_see if recommend.is_near(profile, d.centre)]
    assert len(ranked) == len(near or may_see)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert rank(profile, mixed, TODAY, limit=15) == ranked[:15]


@pytest.mark.parametrize("profile", varied_profiles(6), ids=lambda p: f"p{p.user_id}")
def test_each_score_is_the_sum_of_the_parts_its_reasons_explain(mixed, profile):
    # `rank` scores every listing in one fast loop and explains only those it returns;
    # both must agree with the table.
    person = recommend._Person(profile, TODAY, None)
    for negative, _start, _id, number in person.sort_keys(mixed):
        parts = person._parts(mixed[number])
        assert -negative == pytest.approx(sum(points for points, _reasons in parts))
