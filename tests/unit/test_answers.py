"""Typed intake answers, as people write them, read into the vocabulary's codes."""

from __future__ import annotations

import pytest

from handlers.answers import (
    clean,
    read_age_band,
    read_availability,
    read_break_length,
    read_constraints,
    read_interests,
    read_situation,
    read_yes_no,
)
from handlers.vocabulary import AGE_BANDS, AVAILABILITY, BREAK_LENGTHS, FIELDS, SITUATIONS

NOT_UNDERSTOOD = ["", None, "몰라요", "ㅋㅋ", "ㅋㅋㅋㅋ", "😊", "🙏", "음…", "?"]
ALL_TIMES = ("weekday", "weekend", "morning", "afternoon")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  주말 만   돼요!! ", "주말 만 되요"),
        ("ＡＢＣ　１２３", "abc 123"),
        ("5~6년", "5~6년"),
        ("5-6년", "5~6년"),
        ("1.5년이요.", "1.5년이요"),
        ("괜찬아요", "괜찮아요"),
        ("40's", "40s"),
    ],
)
def test_clean_evens_out_width_spacing_punctuation_and_typos(typed, expected):
    assert clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "band"),
    [
        ("42", "40s"),
        ("42살", "40s"),
        ("42살이요", "40s"),
        ("만 42세", "40s"),
        ("마흔두 살", "40s"),
        ("마흔 중반이에요", "40s"),
        ("사십대", "40s"),
        ("사십이", "40s"),
        ("오십대", "50s"),
        ("50대", "50s"),
        ("쉰", "50s"),
        ("오십 넘었어요", "50s"),
        ("육십", "60s"),
        ("60대 초반", "60s"),
        ("칠십", "60s"),
        ("73세", "60s"),
        ("스무살", "20s"),
        ("20대", "20s"),
        ("열아홉", "20s"),
        ("서른다섯", "30s"),
        ("３８", "30s"),
        ("in my 40s", "40s"),
        ("I'm 42 years old", "40s"),
        ("forty-two", "40s"),
        ("fifties", "50s"),
        ("sixty five", "60s"),
    ],
)
def test_age_is_read_into_a_band(typed, band):
    assert read_age_band(typed) == band
    assert band in AGE_BANDS


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["5", "100", "비밀이에요", "82년생"])
def test_age_that_cannot_be_told_is_none(typed):
    assert read_age_band(typed) is None


def test_a_birth_year_is_read_when_the_year_is_known():
    assert read_age_band("82년생", this_year=2026) == "40s"
    assert read_age_band("1975년생이에요", this_year=2026) == "50s"
    assert read_age_band("born in 1990", this_year=2026) == "30s"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("6년", "5_10y"),
        ("6년째예요", "5_10y"),
        ("3년쯤", "3_5y"),
        ("한 3년 됐어요", "3_5y"),
        ("1년 안 됐어요", "under_1y"),
        ("1년이 채 안 됐어요", "under_1y"),
        ("6개월", "under_1y"),
        ("두 달", "under_1y"),
        ("반년", "under_1y"),
        ("1년", "1_3y"),
        ("2년 반", "1_3y"),
        ("일 년 반", "1_3y"),
        ("5년 넘었어요", "5_10y"),
        ("5~6년", "5_10y"),
        ("오륙 년", "5_10y"),
        ("거의 10년", "5_10y"),
        ("10년 가까이", "5_10y"),
        ("10년", "over_10y"),
        ("십 년 넘었어요", "over_10y"),
        ("이십 년", "over_10y"),
        ("육아로 10년 넘게 쉬었어요", "over_10y"),
        ("six years", "5_10y"),
        ("less than a year", "under_1y"),
        ("a year and a half", "1_3y"),
        ("over 10 years", "over_10y"),
        ("about 3 yrs", "3_5y"),
    ],
)
def test_break_length_is_read_into_a_band(typed, code):
    assert read_break_length(typed) == code
    assert code in BREAK_LENGTHS


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["오래 쉬었어요", "몇 년", "작년부터요"])
def test_break_length_that_cannot_be_told_is_none(typed):
    assert read_break_length(typed) is None


@pytest.mark.parametrize(
    ("typed", "situation", "length"),
    [
        ("경력단절", "career_break", None),
        ("경력단절 6년", "career_break", "5_10y"),
        ("경력단절 6년째예요", "career_break", "5_10y"),
        ("6년 쉬었어요", "career_break", "5_10y"),
        ("육아로 10년 넘게 쉬었어요", "career_break", "over_10y"),
        ("경단녀예요", "career_break", None),
        ("전업주부예요", "career_break", None),
        ("아이 키우느라 3년 쉬었어요", "career_break", "3_5y"),
        ("I took six years off", "career_break", "5_10y"),
        ("일자리 찾고 있어요", "job_seeking", None),
        ("구직 중", "job_seeking", None),
        ("회사 그만두고 일 찾고 있어요", "job_seeking", None),
        ("취업하고 싶어요", "job_seeking", None),
        ("looking for work", "job_seeking", None),
        ("회사 다녀요", "employed", None),
        ("직장인", "employed", None),
        ("재직 중", "employed", None),
        ("육아휴직 중이에요", "employed", None),
        ("I work at a bank", "employed", None),
        ("창업하고 싶어요", "starting_business", None),
        ("가게 열려고요", "starting_business", None),
        ("카페 차리고 싶어요", "starting_business", None),
        ("I want to start a business", "starting_business", None),
    ],
)
def test_situation_is_read_with_the_break_length_when_given(typed, situation, length):
    assert read_situation(typed) == (situation, length)
    assert situation in SITUATIONS


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["6년", "학원 다녀요", "그냥요"])
def test_situation_that_cannot_be_told_is_none(typed):
    assert read_situation(typed) is None


@pytest.mark.parametrize(
    ("typed", "fields"),
    [
        ("상담이랑 요리", ("call_centre", "cooking")),
        ("콜센터 상담원", ("call_centre",)),
        ("상담 일 하고 싶어요", ("call_centre",)),
        ("고객센터", ("call_centre",)),
        ("텔레마케팅", ("call_centre",)),
        ("요양보호사", ("care",)),
        ("아이돌봄", ("care",)),
        ("산후조리 도우미", ("care",)),  # care, though 조리 is cooking
        ("사회복지사", ("care",)),
        ("한식 조리사", ("cooking",)),
        ("제과제빵", ("cooking",)),
        ("바리스타 자격증", ("cooking",)),
        ("사무직", ("office",)),
        ("엑셀 배우고 싶어요", ("office",)),
        ("컴퓨터 활용 능력", ("office",)),
        ("컴퓨터", ("office", "it")),
        ("생산직", ("manufacturing",)),
        ("창업", ("startup",)),
        ("디자인이나 공예", ("design",)),
        ("웹디자인", ("design", "it")),
        ("요리 말고 상담", ("call_centre",)),
        ("요양, 사무, 창업 다요", ("care", "office", "startup")),
        ("아무거나 괜찮아요", tuple(FIELDS)),
        ("call centre", ("call_centre",)),
        ("cooking and care", ("cooking", "care")),
        ("IT and design", ("design", "it")),
    ],
)
def test_interests_are_read_as_several_fields(typed, fields):
    assert read_interests(typed) == fields
    assert set(fields) <= set(FIELDS)


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["I like it", "글쎄요", "아직 모르겠어요"])
def test_interests_that_name_no_field_are_none(typed):
    assert read_interests(typed) is None


@pytest.mark.parametrize(
    ("typed", "times"),
    [
        ("주말만 돼요", ("weekend",)),
        ("주말만되요", ("weekend",)),
        ("주말만 되요", ("weekend",)),
        ("토요일", ("weekend",)),
        ("평일 오전", ("weekday", "morning")),
        ("월수금 오전", ("weekday", "morning")),
        ("오후에만", ("afternoon",)),
        ("저녁에요", ("afternoon",)),
        ("낮에만", ("morning", "afternoon")),
        ("매일", ("weekday", "weekend")),
        ("주말은 안 돼요", ("weekday",)),
        ("평일 오후 말고 오전", ("weekday", "morning")),
        ("아무 때나", ALL_TIMES),
        ("아무 때나 괜찮아요", ALL_TIMES),
        ("상관없어요", ALL_TIMES),
        ("언제든지요", ALL_TIMES),
        ("weekends only", ("weekend",)),
        ("weekday mornings", ("weekday", "morning")),
        ("not on weekends", ("weekday",)),
        ("any time", ALL_TIMES),
    ],
)
def test_free_times_are_read(typed, times):
    assert read_availability(typed) == times
    assert set(times) <= set(AVAILABILITY)


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["시간 없어요", "글쎄요"])
def test_free_times_that_cannot_be_told_are_none(typed):
    assert read_availability(typed) is None


@pytest.mark.parametrize(
    ("typed", "needs"),
    [
        ("아이 맡길 곳이 필요해요", ("childcare",)),
        ("아이 맡길 데가 없어요", ("childcare",)),
        ("아이가 둘 있어요", ("childcare",)),
        ("어린이집이 필요해요", ("childcare",)),
        ("아이랑 같이 가도 돼요?", ("childcare",)),
        ("통역이 필요해요", ("interpreter",)),
        ("한국어가 서툴러요", ("interpreter",)),
        ("한국말 잘 못해요", ("interpreter",)),
        ("베트남어로 해 주세요", ("interpreter",)),
        ("통역은 필요 없고 아이 맡길 곳이 필요해요", ("childcare",)),
        ("통역이 필요해요. 아이는 괜찮아요", ("interpreter",)),
        ("아이 돌봄이랑 통역 둘 다요", ("childcare", "interpreter")),
        ("childcare", ("childcare",)),
        ("I need an interpreter", ("interpreter",)),
        ("없어요", ()),
        ("괜찮아요", ()),
        ("딱히 없어요", ()),
        ("특별히 필요 없어요", ()),
        ("아이 맡길 곳은 필요 없어요", ()),
        ("ㄴㄴ", ()),
        ("none", ()),
        ("I dont need an interpreter", ()),
    ],
)
def test_help_needed_is_read_and_none_is_an_answer(typed, needs):
    assert read_constraints(typed) == needs


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["장애가 있어요", "글쎄요"])
def test_help_needed_that_cannot_be_told_is_none(typed):
    assert read_constraints(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "네",
        "넵!",
        "예",
        "응",
        "ㅇㅇ",
        "맞아요",
        "네 맞아요",
        "네맞아요",
        "네, 예약할게요",
        "그래요",
        "좋아요",
        "yes",
        "Yes please",
        "ＹＥＳ",
        "ok",
        "👍",
        "是",
        "是的，没错",
        "对",
        "好的",
        "có",
        "Vâng",
        "dạ đúng rồi",
        "đúng",
        "dung roi",
    ],
)
def test_yes_is_read(typed):
    assert read_yes_no(typed) is True


@pytest.mark.parametrize(
    "typed",
    [
        "아니요",
        "아니오",
        "아뇨",
        "아니에요",
        "아니 강남이에요",
        "틀려요",
        "틀렸어요",
        "안 맞아요",
        "ㄴㄴ",
        "노노",
        "다른 곳이에요",
        "no",
        "Nope",
        "👎",
        "不是",
        "不对",
        "没有",
        "không",
        "khong phai",
        "ko",
        "Sai rồi",
    ],
)
def test_no_is_read(typed):
    assert read_yes_no(typed) is False


@pytest.mark.parametrize("typed", NOT_UNDERSTOOD + ["글쎄요", "예산군이요", "예약할게요"])
def test_neither_yes_nor_no_is_none(typed):
    assert read_yes_no(typed) is None
