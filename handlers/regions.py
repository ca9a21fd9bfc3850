"""Korea's 17 시/도 and their 시/군/구, and reading a typed place name into one of them.

The tables are the administrative map as of 2025, plus the units that change after it:
인천's reorganisation of 2026-07-01 (중구 and 동구 become 제물포구 and 영종구; 서구's north becomes
검단구). Each unit knows the date it began or ended and what replaced it, so an old name typed
today, or a new name typed about an earlier date, lands on the unit in force (`on`; None means
the newest map this module knows). Places are plain official names: `Place("경기도", "광명시")`.

A unit's `centre` is a representative point near its seat of government (시청, 군청, 구청; for a
시/도 its 청사), two decimals: good for rough distances, not for maps.

`read_region` understands "광명", "광명이요", "경기도 광명시", "경기 광명", "서울 강남구에 살아요",
"전주", "Gwangmyeong", "Gangnam-gu, Seoul", and a few neighbourhoods and stations ("철산동",
"분당", "송도"). It scans for the longest known name at each position, so particles, endings
and missing spaces need no special handling. A province named the old way ("충청도", "전라도",
"경상도") is two 시/도 and is asked about (`candidates`); it is never read as a name inside it
(the 청도 of 충청도). A correction counts: "부천 아니고 광명요" is 광명. The 시/도 are also
known by their Chinese names ("首尔", "京畿道").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from handlers.answers import clean

INCHEON_REORGANISED = date(2026, 7, 1)


class Place(NamedTuple):
    """A 시/군/구 of a 시/도, by official names; `sigungu` is None for the 시/도 as a whole."""

    sido: str
    sigungu: str | None = None


class Sigungu(NamedTuple):
    name: str  # official: 광명시, 강남구, 완주군
    english: str  # Revised Romanisation without the suffix: Gwangmyeong
    centre: tuple[float, float]  # (lat, lon)
    since: date | None = None  # None: before any date this module knows
    until: date | None = None  # last day in force; None: still in force
    was: tuple[str, ...] = ()  # units of the same 시/도 it was made from
    became: tuple[str, ...] = ()  # units of the same 시/도 it went into


@dataclass(frozen=True)
class Sido:
    name: str  # official: 경기도, 서울특별시, 전북특별자치도
    short: str  # as people say it and buttons show it: 경기, 서울, 전북
    english: str  # Gyeonggi, Seoul, Jeonbuk
    centre: tuple[float, float]
    sigungu: tuple[Sigungu, ...]
    aliases: tuple[str, ...] = ()  # other names people type: 경기도, 서울시, 전라북도, north jeolla

    def unit(self, name: str) -> Sigungu | None:
        return next((unit for unit in self.sigungu if unit.name == name), None)


@dataclass(frozen=True)
class RegionAnswer:
    """What a typed answer to "where do you live?" named.

    One place: `sido` and `sigungu` are set. Several places it could be ("중구"): `candidates`
    holds them, and `sido` too when they share one. A 시/도 only ("대전"): `sido` alone.
    Nothing usable: all empty.
    """

    sido: str | None = None
    sigungu: str | None = None
    candidates: tuple[Place, ...] = ()

    @property
    def place(self) -> Place | None:
        return Place(self.sido, self.sigungu) if self.sido and self.sigungu else None


def _units(*rows: tuple[str, str, float, float]) -> tuple[Sigungu, ...]:
    return tuple(Sigungu(name, english, (lat, lon)) for name, english, lat, lon in rows)


# fmt: off
SIDO: tuple[Sido, ...] = (
    Sido("서울특별시", "서울", "Seoul", (37.57, 126.98), _units(
        ("종로구", "Jongno", 37.57, 126.98),
        ("중구", "Jung", 37.56, 126.99),
        ("용산구", "Yongsan", 37.53, 126.98),
        ("성동구", "Seongdong", 37.56, 127.04),
        ("광진구", "Gwangjin", 37.54, 127.08),
        ("동대문구", "Dongdaemun", 37.57, 127.04),
        ("중랑구", "Jungnang", 37.61, 127.09),
        ("성북구", "Seongbuk", 37.59, 127.02),
        ("강북구", "Gangbuk", 37.64, 127.03),
        ("도봉구", "Dobong", 37.67, 127.05),
        ("노원구", "Nowon", 37.65, 127.06),
        ("은평구", "Eunpyeong", 37.60, 126.93),
        ("서대문구", "Seodaemun", 37.58, 126.94),
        ("마포구", "Mapo", 37.57, 126.90),
        ("양천구", "Yangcheon", 37.52, 126.87),
        ("강서구", "Gangseo", 37.55, 126.85),
        ("구로구", "Guro", 37.50, 126.89),
        ("금천구", "Geumcheon", 37.46, 126.90),
        ("영등포구", "Yeongdeungpo", 37.53, 126.90),
        ("동작구", "Dongjak", 37.51, 126.94),
        ("관악구", "Gwanak", 37.48, 126.95),
        ("서초구", "Seocho", 37.48, 127.03),
        ("강남구", "Gangnam", 37.52, 127.05),
        ("송파구", "Songpa", 37.51, 127.11),
        ("강동구", "Gangdong", 37.53, 127.12),
    ), aliases=("서울시", "seoulsi", "seoulcity")),
    Sido("부산광역시", "부산", "Busan", (35.18, 129.08), _units(
        ("중구", "Jung", 35.11, 129.03),
        ("서구", "Seo", 35.10, 129.02),
        ("동구", "Dong", 35.13, 129.05),
        ("영도구", "Yeongdo", 35.09, 129.07),
        ("부산진구", "Busanjin", 35.16, 129.05),
        ("동래구", "Dongnae", 35.20, 129.09),
        ("남구", "Nam", 35.14, 129.08),
        ("북구", "Buk", 35.20, 129.01),
        ("해운대구", "Haeundae", 35.16, 129.16),
        ("사하구", "Saha", 35.10, 128.97),
        ("금정구", "Geumjeong", 35.24, 129.09),
        ("강서구", "Gangseo", 35.21, 128.98),
        ("연제구", "Yeonje", 35.18, 129.08),
        ("수영구", "Suyeong", 35.15, 129.11),
        ("사상구", "Sasang", 35.15, 128.99),
        ("기장군", "Gijang", 35.24, 129.22),
    ), aliases=("부산시",)),
    Sido("대구광역시", "대구", "Daegu", (35.87, 128.60), _units(
        ("중구", "Jung", 35.87, 128.61),
        ("동구", "Dong", 35.89, 128.64),
        ("서구", "Seo", 35.87, 128.56),
        ("남구", "Nam", 35.85, 128.60),
        ("북구", "Buk", 35.89, 128.58),
        ("수성구", "Suseong", 35.86, 128.63),
        ("달서구", "Dalseo", 35.83, 128.53),
        ("달성군", "Dalseong", 35.77, 128.43),
        ("군위군", "Gunwi", 36.24, 128.57),  # part of 대구 since 2023-07-01
    ), aliases=("대구시",)),
    Sido("인천광역시", "인천", "Incheon", (37.46, 126.71), (
        Sigungu("중구", "Jung", (37.47, 126.62), until=date(2026, 6, 30),
                became=("제물포구", "영종구")),
        Sigungu("동구", "Dong", (37.47, 126.64), until=date(2026, 6, 30), became=("제물포구",)),
        Sigungu("제물포구", "Jemulpo", (37.47, 126.63), since=INCHEON_REORGANISED,
                was=("중구", "동구")),
        Sigungu("영종구", "Yeongjong", (37.49, 126.49), since=INCHEON_REORGANISED,
                was=("중구",)),
        *_units(
            ("미추홀구", "Michuhol", 37.46, 126.65),
            ("연수구", "Yeonsu", 37.41, 126.68),
            ("남동구", "Namdong", 37.45, 126.73),
            ("부평구", "Bupyeong", 37.51, 126.72),
            ("계양구", "Gyeyang", 37.54, 126.74),
            ("서구", "Seo", 37.55, 126.68),  # continues after 2026-07-01 without 검단
        ),
        Sigungu("검단구", "Geomdan", (37.60, 126.66), since=INCHEON_REORGANISED, was=("서구",)),
        *_units(
            ("강화군", "Ganghwa", 37.75, 126.49),
            ("옹진군", "Ongjin", 37.45, 126.64),  # islands; its 군청 is on the mainland
        ),
    ), aliases=("인천시",)),
    Sido("광주광역시", "광주", "Gwangju", (35.16, 126.85), _units(
        ("동구", "Dong", 35.15, 126.92),
        ("서구", "Seo", 35.15, 126.89),
        ("남구", "Nam", 35.13, 126.90),
        ("북구", "Buk", 35.17, 126.91),
        ("광산구", "Gwangsan", 35.14, 126.79),
    )),
    Sido("대전광역시", "대전", "Daejeon", (36.35, 127.38), _units(
        ("동구", "Dong", 36.31, 127.45),
        ("중구", "Jung", 36.33, 127.42),
        ("서구", "Seo", 36.36, 127.38),
        ("유성구", "Yuseong", 36.36, 127.36),
        ("대덕구", "Daedeok", 36.35, 127.42),
    ), aliases=("대전시",)),
    Sido("울산광역시", "울산", "Ulsan", (35.54, 129.31), _units(
        ("중구", "Jung", 35.57, 129.33),
        ("남구", "Nam", 35.54, 129.33),
        ("동구", "Dong", 35.50, 129.42),
        ("북구", "Buk", 35.58, 129.36),
        ("울주군", "Ulju", 35.52, 129.24),
    ), aliases=("울산시",)),
    # 세종 has no 시/군/구 of its own: the 시/도 is the whole place.
    Sido("세종특별자치시", "세종", "Sejong", (36.48, 127.29), (), aliases=("세종시",)),
    Sido("경기도", "경기", "Gyeonggi", (37.29, 127.05), _units(
        ("수원시", "Suwon", 37.26, 127.03),
        ("성남시", "Seongnam", 37.42, 127.13),
        ("의정부시", "Uijeongbu", 37.74, 127.03),
        ("안양시", "Anyang", 37.39, 126.95),
        ("부천시", "Bucheon", 37.50, 126.77),
        ("광명시", "Gwangmyeong", 37.48, 126.86),
        ("평택시", "Pyeongtaek", 36.99, 127.11),
        ("동두천시", "Dongducheon", 37.90, 127.06),
        ("안산시", "Ansan", 37.32, 126.83),
        ("고양시", "Goyang", 37.66, 126.83),
        ("과천시", "Gwacheon", 37.43, 126.99),
        ("구리시", "Guri", 37.59, 127.13),
        ("남양주시", "Namyangju", 37.64, 127.22),
        ("오산시", "Osan", 37.15, 127.08),
        ("시흥시", "Siheung", 37.38, 126.80),
        ("군포시", "Gunpo", 37.36, 126.94),
        ("의왕시", "Uiwang", 37.34, 126.97),
        ("하남시", "Hanam", 37.54, 127.21),
        ("용인시", "Yongin", 37.24, 127.18),
        ("파주시", "Paju", 37.76, 126.78),
        ("이천시", "Icheon", 37.27, 127.44),
        ("안성시", "Anseong", 37.01, 127.28),
        ("김포시", "Gimpo", 37.62, 126.72),
        ("화성시", "Hwaseong", 37.20, 126.83),
        ("광주시", "Gwangju", 37.43, 127.26),
        ("양주시", "Yangju", 37.79, 127.05),
        ("포천시", "Pocheon", 37.89, 127.20),
        ("여주시", "Yeoju", 37.30, 127.64),
        ("연천군", "Yeoncheon", 38.10, 127.07),
        ("가평군", "Gapyeong", 37.83, 127.51),
        ("양평군", "Yangpyeong", 37.49, 127.49),
    ), aliases=("경기도",)),
    Sido("강원특별자치도", "강원", "Gangwon", (37.89, 127.73), _units(
        ("춘천시", "Chuncheon", 37.88, 127.73),
        ("원주시", "Wonju", 37.34, 127.92),
        ("강릉시", "Gangneung", 37.75, 128.88),
        ("동해시", "Donghae", 37.52, 129.11),
        ("태백시", "Taebaek", 37.16, 128.99),
        ("속초시", "Sokcho", 38.21, 128.59),
        ("삼척시", "Samcheok", 37.45, 129.17),
        ("홍천군", "Hongcheon", 37.70, 127.89),
        ("횡성군", "Hoengseong", 37.49, 127.99),
        ("영월군", "Yeongwol", 37.18, 128.46),
        ("평창군", "Pyeongchang", 37.37, 128.39),
        ("정선군", "Jeongseon", 37.38, 128.66),
        ("철원군", "Cheorwon", 38.15, 127.31),
        ("화천군", "Hwacheon", 38.11, 127.71),
        ("양구군", "Yanggu", 38.11, 127.99),
        ("인제군", "Inje", 38.07, 128.17),
        ("고성군", "Goseong", 38.38, 128.47),
        ("양양군", "Yangyang", 38.08, 128.62),
    ), aliases=("강원도",)),
    Sido("충청북도", "충북", "Chungbuk", (36.64, 127.49), _units(
        ("청주시", "Cheongju", 36.64, 127.49),
        ("충주시", "Chungju", 36.99, 127.93),
        ("제천시", "Jecheon", 37.13, 128.19),
        ("보은군", "Boeun", 36.49, 127.73),
        ("옥천군", "Okcheon", 36.31, 127.57),
        ("영동군", "Yeongdong", 36.18, 127.78),
        ("증평군", "Jeungpyeong", 36.79, 127.58),
        ("진천군", "Jincheon", 36.86, 127.44),
        ("괴산군", "Goesan", 36.82, 127.79),
        ("음성군", "Eumseong", 36.94, 127.69),
        ("단양군", "Danyang", 36.98, 128.37),
    ), aliases=("northchungcheong", "chungcheongbuk")),
    Sido("충청남도", "충남", "Chungnam", (36.66, 126.67), _units(
        ("천안시", "Cheonan", 36.82, 127.11),
        ("공주시", "Gongju", 36.45, 127.12),
        ("보령시", "Boryeong", 36.33, 126.61),
        ("아산시", "Asan", 36.79, 127.00),
        ("서산시", "Seosan", 36.78, 126.45),
        ("논산시", "Nonsan", 36.19, 127.10),
        ("계룡시", "Gyeryong", 36.27, 127.25),
        ("당진시", "Dangjin", 36.89, 126.65),
        ("금산군", "Geumsan", 36.11, 127.49),
        ("부여군", "Buyeo", 36.28, 126.91),
        ("서천군", "Seocheon", 36.08, 126.69),
        ("청양군", "Cheongyang", 36.46, 126.80),
        ("홍성군", "Hongseong", 36.60, 126.66),
        ("예산군", "Yesan", 36.68, 126.85),
        ("태안군", "Taean", 36.75, 126.30),
    ), aliases=("southchungcheong", "chungcheongnam")),
    Sido("전북특별자치도", "전북", "Jeonbuk", (35.82, 127.11), _units(
        ("전주시", "Jeonju", 35.82, 127.15),
        ("군산시", "Gunsan", 35.97, 126.74),
        ("익산시", "Iksan", 35.95, 126.96),
        ("정읍시", "Jeongeup", 35.57, 126.86),
        ("남원시", "Namwon", 35.42, 127.39),
        ("김제시", "Gimje", 35.80, 126.88),
        ("완주군", "Wanju", 35.90, 127.16),
        ("진안군", "Jinan", 35.79, 127.42),
        ("무주군", "Muju", 36.01, 127.66),
        ("장수군", "Jangsu", 35.65, 127.52),
        ("임실군", "Imsil", 35.62, 127.29),
        ("순창군", "Sunchang", 35.37, 127.14),
        ("고창군", "Gochang", 35.44, 126.70),
        ("부안군", "Buan", 35.73, 126.73),
    ), aliases=("전라북도", "northjeolla", "jeollabuk")),
    Sido("전라남도", "전남", "Jeonnam", (34.82, 126.46), _units(
        ("목포시", "Mokpo", 34.81, 126.39),
        ("여수시", "Yeosu", 34.76, 127.66),
        ("순천시", "Suncheon", 34.95, 127.49),
        ("나주시", "Naju", 35.02, 126.71),
        ("광양시", "Gwangyang", 34.94, 127.70),
        ("담양군", "Damyang", 35.32, 126.99),
        ("곡성군", "Gokseong", 35.28, 127.29),
        ("구례군", "Gurye", 35.20, 127.46),
        ("고흥군", "Goheung", 34.61, 127.29),
        ("보성군", "Boseong", 34.77, 127.08),
        ("화순군", "Hwasun", 35.06, 126.99),
        ("장흥군", "Jangheung", 34.68, 126.91),
        ("강진군", "Gangjin", 34.64, 126.77),
        ("해남군", "Haenam", 34.57, 126.60),
        ("영암군", "Yeongam", 34.80, 126.70),
        ("무안군", "Muan", 34.99, 126.48),
        ("함평군", "Hampyeong", 35.07, 126.52),
        ("영광군", "Yeonggwang", 35.28, 126.51),
        ("장성군", "Jangseong", 35.30, 126.78),
        ("완도군", "Wando", 34.31, 126.76),
        ("진도군", "Jindo", 34.49, 126.26),
        ("신안군", "Sinan", 34.83, 126.35),
    ), aliases=("southjeolla", "jeollanam")),
    Sido("경상북도", "경북", "Gyeongbuk", (36.58, 128.51), _units(
        ("포항시", "Pohang", 36.02, 129.34),
        ("경주시", "Gyeongju", 35.86, 129.22),
        ("김천시", "Gimcheon", 36.14, 128.11),
        ("안동시", "Andong", 36.57, 128.73),
        ("구미시", "Gumi", 36.12, 128.34),
        ("영주시", "Yeongju", 36.81, 128.62),
        ("영천시", "Yeongcheon", 35.97, 128.94),
        ("상주시", "Sangju", 36.41, 128.16),
        ("문경시", "Mungyeong", 36.59, 128.19),
        ("경산시", "Gyeongsan", 35.83, 128.74),
        ("의성군", "Uiseong", 36.35, 128.70),
        ("청송군", "Cheongsong", 36.44, 129.06),
        ("영양군", "Yeongyang", 36.67, 129.11),
        ("영덕군", "Yeongdeok", 36.42, 129.37),
        ("청도군", "Cheongdo", 35.65, 128.73),
        ("고령군", "Goryeong", 35.73, 128.26),
        ("성주군", "Seongju", 35.92, 128.28),
        ("칠곡군", "Chilgok", 35.99, 128.40),
        ("예천군", "Yecheon", 36.66, 128.45),
        ("봉화군", "Bonghwa", 36.89, 128.73),
        ("울진군", "Uljin", 36.99, 129.40),
        ("울릉군", "Ulleung", 37.48, 130.91),
    ), aliases=("northgyeongsang", "gyeongsangbuk")),
    Sido("경상남도", "경남", "Gyeongnam", (35.24, 128.69), _units(
        ("창원시", "Changwon", 35.23, 128.68),
        ("진주시", "Jinju", 35.18, 128.11),
        ("통영시", "Tongyeong", 34.85, 128.43),
        ("사천시", "Sacheon", 35.00, 128.06),
        ("김해시", "Gimhae", 35.23, 128.89),
        ("밀양시", "Miryang", 35.50, 128.75),
        ("거제시", "Geoje", 34.88, 128.62),
        ("양산시", "Yangsan", 35.34, 129.04),
        ("의령군", "Uiryeong", 35.32, 128.26),
        ("함안군", "Haman", 35.27, 128.41),
        ("창녕군", "Changnyeong", 35.54, 128.49),
        ("고성군", "Goseong", 34.97, 128.32),
        ("남해군", "Namhae", 34.84, 127.89),
        ("하동군", "Hadong", 35.07, 127.75),
        ("산청군", "Sancheong", 35.42, 127.87),
        ("함양군", "Hamyang", 35.52, 127.73),
        ("거창군", "Geochang", 35.69, 127.91),
        ("합천군", "Hapcheon", 35.57, 128.17),
    ), aliases=("southgyeongsang", "gyeongsangnam")),
    Sido("제주특별자치도", "제주", "Jeju", (33.49, 126.50), _units(
        ("제주시", "Jeju", 33.50, 126.53),
        ("서귀포시", "Seogwipo", 33.25, 126.56),
    ), aliases=("제주도",)),
)

# Names people use for a 시/군/구 besides its own: the 일반구 of big cities (not places of their
# own here), neighbourhoods, new towns and stations. Only unambiguous ones.
NEIGHBOURHOODS: dict[Place, tuple[str, ...]] = {
    Place("경기도", "광명시"): ("철산", "철산동", "하안동", "소하동", "일직동", "광명사거리"),
    Place("경기도", "수원시"): ("장안구", "권선구", "팔달구", "영통구", "영통", "광교"),
    Place("경기도", "성남시"): ("수정구", "중원구", "분당구", "분당", "판교", "모란"),
    Place("경기도", "안양시"): ("만안구", "동안구", "평촌", "범계"),
    Place("경기도", "안산시"): ("상록구", "단원구", "중앙역"),
    Place("경기도", "고양시"): ("덕양구", "일산동구", "일산서구", "일산", "화정", "행신"),
    Place("경기도", "용인시"): ("처인구", "기흥구", "수지구", "기흥", "수지", "죽전"),
    Place("경기도", "부천시"): ("원미구", "소사구", "오정구"),
    Place("경기도", "화성시"): ("만세구", "효행구", "병점구", "동탄구", "동탄", "병점", "봉담"),
    Place("경기도", "군포시"): ("산본",),
    Place("경기도", "남양주시"): ("다산신도시", "별내"),
    Place("경기도", "파주시"): ("운정",),
    Place("서울특별시", "강남구"): ("역삼", "삼성역", "압구정", "대치동"),
    Place("서울특별시", "마포구"): ("홍대", "합정", "상암"),
    Place("서울특별시", "서대문구"): ("신촌",),
    Place("서울특별시", "영등포구"): ("여의도",),
    Place("서울특별시", "송파구"): ("잠실",),
    Place("서울특별시", "중구"): ("명동", "을지로"),
    Place("서울특별시", "금천구"): ("가산디지털단지", "가산동", "독산"),
    Place("서울특별시", "양천구"): ("목동",),
    Place("서울특별시", "노원구"): ("상계동", "중계동"),
    Place("서울특별시", "관악구"): ("신림", "봉천동"),
    Place("서울특별시", "용산구"): ("이태원",),
    Place("서울특별시", "성동구"): ("왕십리", "성수동"),
    Place("서울특별시", "광진구"): ("건대입구",),
    Place("서울특별시", "동대문구"): ("청량리",),
    Place("서울특별시", "강서구"): ("마곡",),
    Place("인천광역시", "연수구"): ("송도",),
    Place("인천광역시", "서구"): ("청라",),
    Place("인천광역시", "검단구"): ("검단",),
    Place("인천광역시", "영종구"): ("영종", "영종도", "운서동", "인천공항"),
    Place("인천광역시", "남동구"): ("구월동", "논현동"),
    Place("인천광역시", "미추홀구"): ("주안",),
    Place("대전광역시", "서구"): ("둔산",),
    Place("대전광역시", "유성구"): ("노은",),
    Place("전북특별자치도", "완주군"): ("삼례", "봉동읍"),
    Place("전북특별자치도", "전주시"): ("완산구", "덕진구"),
    Place("충청북도", "청주시"): ("상당구", "서원구", "흥덕구", "청원구", "오송"),
    Place("충청남도", "천안시"): ("동남구", "서북구"),
    Place("경상남도", "창원시"): ("의창구", "성산구", "마산합포구", "마산회원구", "진해구",
                              "마산", "진해"),
}
# fmt: on

_SUFFIX_ENGLISH = {"시": ("si", "city"), "군": ("gun", "county"), "구": ("gu", "district")}
_SIDO_SUFFIX_ENGLISH = ("", "si", "city", "do", "province", "metropolitancity", "specialcity")


# The old provinces people still name: each is two of today's 시/도.
PROVINCES = {
    "충청도": ("충청북도", "충청남도"),
    "충청": ("충청북도", "충청남도"),
    "전라도": ("전북특별자치도", "전라남도"),
    "전라": ("전북특별자치도", "전라남도"),
    "경상도": ("경상북도", "경상남도"),
    "경상": ("경상북도", "경상남도"),
}
CHINESE_NAMES = {
    "首尔": "서울특별시",
    "釜山": "부산광역시",
    "大邱": "대구광역시",
    "仁川": "인천광역시",
    "光州": "광주광역시",
    "大田": "대전광역시",
    "蔚山": "울산광역시",
    "世宗": "세종특별자치시",
    "京畿": "경기도",
    "京畿道": "경기도",
    "江原": "강원특별자치도",
    "忠清北道": "충청북도",
    "忠北": "충청북도",
    "忠清南道": "충청남도",
    "忠南": "충청남도",
    "全北": "전북특별자치도",
    "全罗北道": "전북특별자치도",
    "全南": "전라남도",
    "全罗南道": "전라남도",
    "庆北": "경상북도",
    "庆尚北道": "경상북도",
    "庆南": "경상남도",
    "庆尚南道": "경상남도",
    "济州": "제주특별자치도",
    "济州岛": "제주특별자치도",
}
_CORRECTION = re.compile(r"(?:아니고|아니라|말고|아니요|아니에요|아뇨|아니)\s*")


class _Hit(NamedTuple):
    sido: Sido | None  # the text named this 시/도
    places: tuple[Place, ...]  # the text named one of these places


@cache
def _index() -> dict[str, _Hit]:
    """Every name people type -> what it names; Korean keys unspaced, English ones lower case."""
    sidos: dict[str, Sido] = {}
    places: dict[str, list[Place]] = {}
    for sido in SIDO:
        for key in (sido.name, sido.short, *sido.aliases, *_english_keys(sido.english)):
            sidos[key.lower()] = sido
        for unit in sido.sigungu:
            for key in _sigungu_keys(unit):
                places.setdefault(key, []).append(Place(sido.name, unit.name))
    for place, names in NEIGHBOURHOODS.items():
        for key in names:
            places.setdefault(key, []).append(place)
    for key, name in CHINESE_NAMES.items():
        sidos[key] = next(sido for sido in SIDO if sido.name == name)
    for key, pair in PROVINCES.items():  # two 시/도: a place without a 시/군/구 for each
        places.setdefault(key, []).extend(Place(name) for name in pair)
    return {
        key: _Hit(sidos.get(key), tuple(dict.fromkeys(places.get(key, ()))))
        for key in sidos.keys() | places.keys()
    }


def _english_keys(english: str) -> list[str]:
    return [english.lower() + suffix for suffix in _SIDO_SUFFIX_ENGLISH]


def _sigungu_keys(unit: Sigungu) -> list[str]:
    stem, suffix = unit.name[:-1], unit.name[-1]
    english = unit.english.lower()
    keys = [unit.name] + [english + ending for ending in _SUFFIX_ENGLISH[suffix]]
    if len(stem) > 1:  # "중", "서", "남" alone name nothing
        keys += [stem, english]
    return keys


@cache
def _longest_key() -> int:
    return max(len(key) for key in _index())


def _scan(text: str) -> list[_Hit]:
    """The names in `text`, longest first at each position, Korean and English alike."""
    words = clean(text).split()
    korean = "".join(word for word in words if not word.isascii())
    return _scan_korean(korean) + _scan_english([word for word in words if word.isascii()])


def _scan_korean(text: str) -> list[_Hit]:
    """Spaces and particles need no care: "경기도광명시에살아요" holds 경기도 and 광명시."""
    index, hits, i = _index(), [], 0
    while i < len(text):
        for size in range(min(_longest_key(), len(text) - i), 1, -1):
            hit = index.get(text[i : i + size])
            if hit and not text[i : i + size].isascii():
                hits.append(hit)
                i += size
                break
        else:
            i += 1
    return hits


def _scan_english(words: list[str]) -> list[_Hit]:
    """English names may span words ("gangnam gu", "north jeolla province")."""
    index, hits, i = _index(), [], 0
    while i < len(words):
        for size in (3, 2, 1):
            hit = index.get("".join(words[i : i + size])) if i + size <= len(words) else None
            if hit:
                hits.append(hit)
                i += size
                break
        else:
            i += 1
    return hits


def _resolve(hits: list[_Hit]) -> tuple[list[Sido], list[Place]]:
    """The 시/도 and places the hits add up to: a name that is both ("광주", "제주") is a place
    when another named 시/도 holds it ("경기 광주"), else the 시/도."""
    sidos = [hit.sido for hit in hits if hit.sido and not hit.places]
    place_hits = [hit for hit in hits if hit.places and not hit.sido]
    for hit in hits:
        if hit.sido and hit.places:
            if any(place.sido in {s.name for s in sidos} for place in hit.places):
                place_hits.append(hit)
            else:
                sidos.append(hit.sido)
    places: list[Place] = []
    for hit in place_hits:  # later names narrow earlier ones: "광명 철산동"
        narrowed = [place for place in places if place in hit.places]
        places = narrowed or (list(hit.places) if not places else places)
    named = {sido.name for sido in sidos}
    within = [place for place in places if place.sido in named]
    return list(dict.fromkeys(sidos)), within or places


def in_force(place: Place, on: date | None = None) -> tuple[Place, ...]:
    """The place(s) that `place` is on `on` (None: the newest map): itself, what replaced it,
    or what it was made from."""
    sido = sido_by_name(place.sido)
    unit = sido.unit(place.sigungu) if sido and place.sigungu else None
    if unit is None:
        return (place,)
    if unit.until and (on is None or on > unit.until):
        names = unit.became
    elif unit.since and on is not None and on < unit.since:
        names = unit.was
    else:
        return (place,)
    return tuple(Place(place.sido, name) for name in names)


def read_region(text: str | None, on: date | None = None) -> RegionAnswer:
    """Read a typed answer to "where do you live?" (see the module docstring)."""
    text = (text or "")[:300]
    corrected = [m.end() for m in _CORRECTION.finditer(text)]
    if corrected and corrected[-1] < len(text):
        after = _read(text[corrected[-1] :], on)
        if after.sido or after.candidates:
            return after
    return _read(text, on)


def _read(text: str, on: date | None) -> RegionAnswer:
    hits = _scan(text)
    wide = [hit for hit in hits if hit.places and all(p.sigungu is None for p in hit.places)]
    sidos, places = _resolve([hit for hit in hits if hit not in wide])
    if wide and not places and not sidos:
        return RegionAnswer(candidates=wide[0].places)
    if wide and places:  # "충청도 청주": the province narrows the places
        pair = {p.sido for p in wide[0].places}
        places = [place for place in places if place.sido in pair] or places
    places = list(dict.fromkeys(p for place in places for p in in_force(place, on)))
    if len(places) == 1:
        return RegionAnswer(sido=places[0].sido, sigungu=places[0].sigungu)
    if places:
        shared = {place.sido for place in places}
        return RegionAnswer(
            sido=shared.pop() if len(shared) == 1 else None, candidates=tuple(places)
        )
    if len(sidos) == 1:
        return RegionAnswer(sido=sidos[0].name)
    return RegionAnswer()


def sido_by_name(name: str) -> Sido | None:
    """A 시/도 by its official or short name: "경기도", "경기"."""
    return next((sido for sido in SIDO if name in (sido.name, sido.short)), None)


def sigungu_names(sido: str, on: date | None = None) -> tuple[str, ...]:
    """The 시/군/구 of a 시/도 in force on `on` (None: the newest map), in 가나다 order."""
    found = sido_by_name(sido)
    if found is None:
        return ()
    names = {
        p.sigungu for unit in found.sigungu for p in in_force(Place(found.name, unit.name), on)
    }
    return tuple(sorted(name for name in names if name))


def centre_of(place: Place) -> tuple[float, float] | None:
    """The place's representative point; a 시/도's own when `sigungu` is None."""
    sido = sido_by_name(place.sido)
    if sido is None:
        return None
    if place.sigungu is None:
        return sido.centre
    unit = sido.unit(place.sigungu)
    return unit.centre if unit else None


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places' points, or None if either is unknown."""
    start, end = centre_of(a), centre_of(b)
    if start is None or end is None:
        return None
    lat1, lon1, lat2, lon2 = (math.radians(value) for value in (*start, *end))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def english_name(place: Place) -> str:
    """A place in Revised Romanisation: "Gwangmyeong-si, Gyeonggi"; "" when unknown."""
    sido = sido_by_name(place.sido)
    if sido is None:
        return ""
    unit = sido.unit(place.sigungu) if place.sigungu else None
    if unit is None:
        return sido.english
    return f"{unit.english}-{_SUFFIX_ENGLISH[unit.name[-1]][0]}, {sido.english}"
