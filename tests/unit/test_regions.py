"""Korea's regions: the tables, reading a typed place, and rough distances."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.regions import (
    SIDO,
    Place,
    Sido,
    distance_km,
    english_name,
    read_region,
    sido_by_name,
    sigungu_names,
)

BEFORE_INCHEON = date(2025, 9, 1)
AFTER_INCHEON = date(2026, 9, 1)


# What the flows read through `read_region`, asked the way these tests ask it.
def find_sido(text: str | None) -> Sido | None:
    """The 시/도 a text names or implies ("경기", "경기도", "광명시" -> 경기도), if only one."""
    return sido_by_name(read_region(text).sido or "")


def find_sigungu(
    text: str | None, sido: Sido | str | None = None, on: date | None = None
) -> list[Place]:
    """Every place a text may mean, within `sido` (a Sido or its name) when given."""
    found = read_region(text, on)
    places = list(found.candidates) or ([found.place] if found.place else [])
    if sido is None:
        return places
    wanted = sido if isinstance(sido, Sido) else sido_by_name(sido)
    return [place for place in places if wanted and place.sido == wanted.name]


@pytest.mark.parametrize(
    ("typed", "sido", "sigungu"),
    [
        ("광명", "경기도", "광명시"),
        ("광명시", "경기도", "광명시"),
        ("광명이요", "경기도", "광명시"),
        ("광명시요!", "경기도", "광명시"),
        ("경기도 광명시", "경기도", "광명시"),
        ("경기 광명", "경기도", "광명시"),
        ("경기도광명시에살아요", "경기도", "광명시"),
        ("광명에 살아요", "경기도", "광명시"),
        ("광명 쪽이요", "경기도", "광명시"),
        ("광명역 근처", "경기도", "광명시"),
        ("철산동", "경기도", "광명시"),
        ("광명사거리역", "경기도", "광명시"),
        ("서울 강남구", "서울특별시", "강남구"),
        ("강남", "서울특별시", "강남구"),
        ("서울 중구에서 왔어요", "서울특별시", "중구"),
        ("대전 중구", "대전광역시", "중구"),
        ("전주", "전북특별자치도", "전주시"),
        ("전북 완주", "전북특별자치도", "완주군"),
        ("완주군이요", "전북특별자치도", "완주군"),
        ("부산 해운대구 근처", "부산광역시", "해운대구"),
        ("해운대", "부산광역시", "해운대구"),
        ("경기 광주", "경기도", "광주시"),
        ("광주 북구", "광주광역시", "북구"),
        ("광주광역시 광산구", "광주광역시", "광산구"),
        ("강원도 고성", "강원특별자치도", "고성군"),
        ("서귀포에 살아요", "제주특별자치도", "서귀포시"),
        ("분당", "경기도", "성남시"),
        ("송도", "인천광역시", "연수구"),
        ("ＧＷＡＮＧＭＹＥＯＮＧ", "경기도", "광명시"),
        ("Gwangmyeong", "경기도", "광명시"),
        ("I live in Gwangmyeong-si", "경기도", "광명시"),
        ("Gangnam-gu, Seoul", "서울특별시", "강남구"),
        ("Gangnam gu", "서울특별시", "강남구"),
        ("Wanju", "전북특별자치도", "완주군"),
        ("Daejeon Yuseong-gu", "대전광역시", "유성구"),
    ],
)
def test_a_typed_place_is_read_as_one_place(typed, sido, sigungu):
    found = read_region(typed)
    assert (found.sido, found.sigungu) == (sido, sigungu)
    assert found.place == Place(sido, sigungu)
    assert found.candidates == ()


@pytest.mark.parametrize(
    ("typed", "sido"),
    [
        ("대전", "대전광역시"),
        ("대전이요", "대전광역시"),
        ("서울", "서울특별시"),
        ("서울시", "서울특별시"),
        ("경기도", "경기도"),
        ("인천", "인천광역시"),
        ("광주", "광주광역시"),
        ("제주도요", "제주특별자치도"),
        ("전라북도", "전북특별자치도"),
        ("강원도", "강원특별자치도"),
        ("세종시", "세종특별자치시"),
        ("Incheon", "인천광역시"),
        ("Seoul", "서울특별시"),
        ("North Jeolla Province", "전북특별자치도"),
        ("Incheon Metropolitan City", "인천광역시"),
    ],
)
def test_a_province_or_city_alone_is_read_as_a_sido(typed, sido):
    found = read_region(typed)
    assert found == read_region(typed)  # answers are plain values
    assert (found.sido, found.sigungu, found.candidates) == (sido, None, ())


def test_a_district_name_many_cities_share_offers_them_all():
    found = read_region("중구", on=BEFORE_INCHEON)
    assert found.sigungu is None and found.sido is None
    assert [place.sido for place in found.candidates] == [
        "서울특별시",
        "부산광역시",
        "대구광역시",
        "인천광역시",
        "대전광역시",
        "울산광역시",
    ]
    assert {place.sigungu for place in found.candidates} == {"중구"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("강서구", {("서울특별시", "강서구"), ("부산광역시", "강서구")}),
        ("고성이요", {("강원특별자치도", "고성군"), ("경상남도", "고성군")}),
        (
            "북구",
            {
                ("부산광역시", "북구"),
                ("대구광역시", "북구"),
                ("광주광역시", "북구"),
                ("울산광역시", "북구"),
            },
        ),
        (
            "Jung-gu",
            {
                ("서울특별시", "중구"),
                ("부산광역시", "중구"),
                ("대구광역시", "중구"),
                ("인천광역시", "중구"),
                ("대전광역시", "중구"),
                ("울산광역시", "중구"),
            },
        ),
    ],
)
def test_ambiguous_names_give_candidates(typed, expected):
    found = read_region(typed, on=BEFORE_INCHEON)
    assert found.sigungu is None
    assert {tuple(place) for place in found.candidates} == expected


@pytest.mark.parametrize(
    "typed",
    ["", None, "몰라요", "ㅋㅋ", "ㅋㅋㅋㅋ", "😊", "🙏🙏", "음…", "네", "?", "123", "시골이요"],
)
def test_answers_naming_no_place_read_as_nothing(typed):
    found = read_region(typed)
    assert (found.sido, found.sigungu, found.candidates, found.place) == (None, None, (), None)


def test_the_2025_map_has_every_sigungu():
    counts = {sido.short: len(sigungu_names(sido.name, BEFORE_INCHEON)) for sido in SIDO}
    assert counts == {
        "서울": 25,
        "부산": 16,
        "대구": 9,
        "인천": 10,
        "광주": 5,
        "대전": 5,
        "울산": 5,
        "세종": 0,
        "경기": 31,
        "강원": 18,
        "충북": 11,
        "충남": 15,
        "전북": 14,
        "전남": 22,
        "경북": 22,
        "경남": 18,
        "제주": 2,
    }
    assert sum(counts.values()) == 228


def test_sido_have_their_official_and_short_names():
    assert len(SIDO) == 17
    assert [sido.short for sido in SIDO][:8] == [
        "서울",
        "부산",
        "대구",
        "인천",
        "광주",
        "대전",
        "울산",
        "세종",
    ]
    for name in (
        "서울특별시",
        "경기도",
        "인천광역시",
        "대전광역시",
        "전북특별자치도",
        "강원특별자치도",
        "제주특별자치도",
        "세종특별자치시",
    ):
        assert sido_by_name(name) is not None
    assert sido_by_name("경기") is sido_by_name("경기도")
    assert sido_by_name("전라북도") is None  # old names are read, not official


def test_sigungu_names_are_in_dictionary_order_for_the_buttons():
    names = sigungu_names("서울특별시")
    assert names[0] == "강남구" and list(names) == sorted(names)
    assert "광명시" in sigungu_names("경기") and "완주군" in sigungu_names("전북특별자치도")
    assert sigungu_names("") == () and sigungu_names("세종특별자치시") == ()


def test_incheon_reorganisation_of_july_2026():
    assert set(sigungu_names("인천광역시", BEFORE_INCHEON)) >= {"중구", "동구", "서구"}
    after = set(sigungu_names("인천광역시", AFTER_INCHEON))
    assert len(after) == 11 and after >= {"제물포구", "영종구", "검단구", "서구"}
    assert not after & {"중구", "동구"}
    assert sigungu_names("인천광역시") == sigungu_names("인천광역시", AFTER_INCHEON)


@pytest.mark.parametrize(
    ("typed", "on", "places"),
    [
        ("인천 동구", AFTER_INCHEON, ["제물포구"]),
        ("인천 동구", BEFORE_INCHEON, ["동구"]),
        ("인천 중구", AFTER_INCHEON, ["제물포구", "영종구"]),
        ("영종도", AFTER_INCHEON, ["영종구"]),
        ("영종도", BEFORE_INCHEON, ["중구"]),
        ("검단", AFTER_INCHEON, ["검단구"]),
        ("검단구", BEFORE_INCHEON, ["서구"]),
        ("제물포구", BEFORE_INCHEON, ["중구", "동구"]),
        ("인천 서구", AFTER_INCHEON, ["서구"]),
    ],
)
def test_old_and_new_incheon_names_land_on_the_units_in_force(typed, on, places):
    assert find_sigungu(typed, "인천광역시", on=on) == [Place("인천광역시", p) for p in places]


def test_every_unit_reads_back_from_its_names():
    for sido in SIDO:
        for name in sigungu_names(sido.name):
            place = Place(sido.name, name)
            assert read_region(f"{sido.short} {name}").place == place
            assert read_region(f"{sido.name}{name}에 살아요").place == place
            assert read_region(english_name(place)).place == place, english_name(place)


def test_every_centre_lies_in_korea():
    for sido in SIDO:
        for lat, lon in [sido.centre] + [unit.centre for unit in sido.sigungu]:
            assert 33.0 < lat < 38.7 and 124.5 < lon < 131.0, sido.name


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (Place("경기도", "광명시"), Place("서울특별시", "금천구"), 2, 8),
        (Place("경기도", "광명시"), Place("경기도", "광명시"), 0, 0),
        (Place("경기도", "광명시"), Place("인천광역시"), 10, 20),
        (Place("경기도", "광명시"), Place("전북특별자치도", "완주군"), 170, 200),
        (Place("대전광역시", "서구"), Place("대전광역시", "유성구"), 0, 5),
        (Place("서울특별시"), Place("부산광역시"), 300, 340),
        (Place("제주특별자치도", "제주시"), Place("서울특별시", "중구"), 440, 470),
    ],
)
def test_distances_are_roughly_right(a, b, low, high):
    assert low <= distance_km(a, b) <= high
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))


def test_distance_to_an_unknown_place_is_none():
    assert distance_km(Place("경기도", "광명시"), Place("경기도", "없는시")) is None
    assert distance_km(Place("아틀란티스"), Place("서울특별시")) is None


def test_find_sido_and_find_sigungu():
    assert find_sido("경기도 광명시").name == "경기도"
    assert find_sido("광명이요").short == "경기"
    assert find_sido("몰라요") is None
    assert find_sigungu("중구", sido="대전광역시") == [Place("대전광역시", "중구")]
    assert find_sigungu("중구", sido=sido_by_name("울산")) == [Place("울산광역시", "중구")]
    assert find_sigungu("광명") == [Place("경기도", "광명시")]
    assert find_sigungu("대전") == []


def test_english_names_follow_revised_romanisation():
    assert english_name(Place("경기도", "광명시")) == "Gwangmyeong-si, Gyeonggi"
    assert english_name(Place("전북특별자치도", "완주군")) == "Wanju-gun, Jeonbuk"
    assert english_name(Place("서울특별시", "중구")) == "Jung-gu, Seoul"
    assert english_name(Place("인천광역시")) == "Incheon"
