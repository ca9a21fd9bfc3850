"""People type in their own words (issue 14), through the real engine on the in-memory fake
storage: the examples of the issue and never a dead end (what touches booking and the stored
catalogue: test_own_words_booking.py)."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from tests.chat import Person, buttons_of, make_engine, text_of
from tests.fakes.uow import FakeUnitOfWork
from tests.handlers.booking_setup import consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

GWANGMYEONG = "광명시여성새일센터"
UNREADABLE = ("ㅁㄴㅇㄹ", "zzz", "흠...")
# The buttons she taps to reach each intake question (the clock's year is 2026).
TO_QUESTION = {
    "sido": (),
    "sigungu": ("경기",),
    "age_band": ("경기", "광명시"),
    "situation": ("경기", "광명시", "50대"),
    "break_length": ("경기", "광명시", "50대", "경력단절"),
    "interests": ("경기", "광명시", "50대", "구직 중"),
    "availability": ("경기", "광명시", "50대", "구직 중", "요리·조리", "다 골랐어요"),
    "constraints": (
        "경기",
        "광명시",
        "50대",
        "구직 중",
        "요리·조리",
        "다 골랐어요",
        "언제든 괜찮아요",
    ),
}
SUMMARY = (*TO_QUESTION["constraints"], "없어요")


async def at_question(person: Person, slot: str):
    await person.say("/start")
    await person.tap("한국어")
    reply = await person.tap("동의해요")
    for label in TO_QUESTION[slot]:
        reply = await person.tap(label)
    return reply


def data_of(reply) -> set[str]:
    return set(buttons_of(reply).values())


def last_buttons(reply) -> set[str]:
    return {button.data for row in reply.messages[-1].buttons for button in row}


async def stored_profile(database) -> dict:
    profile = next(database.rows("profiles"), None)
    return asdict(profile) if profile else {}


# --- control words -----------------------------------------------------------------------


async def test_quitting_long_ago_is_a_situation_not_a_stop(person):
    await at_question(person, "situation")
    reply = await person.say("그만둔 지 오래됐어요")
    assert "멈출게요" not in text_of(reply)
    assert "in:a:over_10y" in data_of(reply)  # career break: how long is asked next


@pytest.mark.parametrize("typed", ["그만할래요", "그만하기", "그만", "이제 그만요"])
async def test_stop_words_with_their_endings_stop(person, typed):
    await at_question(person, "age_band")
    reply = await person.say(typed)
    assert "멈출게요" in text_of(reply)
    assert "menu:programmes" in data_of(reply)


# --- ages, situations, consent -----------------------------------------------------------


@pytest.mark.parametrize(("typed", "band"), [("72년생", "50s"), ("1965년생", "60s")])
async def test_a_birth_year_is_an_age(person, database, typed, band):
    await at_question(person, "age_band")
    reply = await person.say(typed)
    assert "in:a:job_seeking" in data_of(reply)  # the situation question came next
    for label in ("구직 중", "요리·조리", "다 골랐어요", "언제든 괜찮아요", "없어요"):
        reply = await person.tap(label)
    await person.tap("이대로 추천 받기")
    assert (await stored_profile(database))["age_band"] == band


@pytest.mark.parametrize(
    ("typed", "next_button"),
    [
        ("명퇴했어요", "in:t:cooking"),
        ("은퇴하고 쉬어요", "in:a:over_10y"),
        ("일자리 구해요", "in:t:cooking"),
        ("애 다 키웠어요", "in:a:over_10y"),
    ],
)
async def test_everyday_situations_are_understood(person, typed, next_button):
    await at_question(person, "situation")
    reply = await person.say(typed)
    assert next_button in data_of(reply)


async def test_consent_typed_in_a_sentence_is_consent(person, database):
    await person.say("/start")
    await person.tap("한국어")
    reply = await person.say("네, 동의합니다")
    assert "in:a:경기도" in data_of(reply)  # the intake began


@pytest.mark.parametrize("typed", ["싫어요", "동의 안 해요"])
async def test_a_typed_refusal_refuses(person, database, typed):
    await person.say("/start")
    await person.tap("한국어")
    reply = await person.say(typed)
    assert "menu:programmes" in data_of(reply)
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find("web", person.external_id)
    assert user is not None and not user.has_consented


# --- regions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pair", "in_the_second"),
    [
        ("충청도", ("충청북도", "충청남도"), "천안시"),
        ("전라도", ("전북특별자치도", "전라남도"), "목포시"),
        ("경상도요", ("경상북도", "경상남도"), "김해시"),
    ],
)
async def test_an_old_province_asks_which_of_the_two(person, typed, pair, in_the_second):
    await at_question(person, "sido")
    reply = await person.say(typed)
    assert set(buttons_of(reply)) >= set(pair)
    assert "청도군" not in text_of(reply)
    reply = await person.press("in:c:1")  # the second: its 시/군/구 are asked next
    assert f"in:a:{in_the_second}" in data_of(reply)


async def test_a_search_at_the_region_question_is_served_and_the_question_offered_again(person):
    await at_question(person, "sido")
    reply = await person.say("바리스타 배우고 싶어요")
    assert "아까 질문으로 돌아갈까요?" in text_of(reply)
    assert "in:a:경기도" in last_buttons(reply)
    reply = await person.say("광명이요")
    assert "경기도 광명시 맞으세요?" in text_of(reply)


@pytest.mark.parametrize("where", ["age_band", "summary"])
async def test_just_recommend_shows_courses_at_any_question(person, where):
    if where == "summary":
        await at_question(person, "constraints")
        await person.tap("없어요")
    else:
        await at_question(person, where)
    reply = await person.say("그냥 추천해 주세요")
    assert any(message.cards for message in reply.messages)


# --- a person -------------------------------------------------------------------------------


# --- never a dead end ----------------------------------------------------------------------


@pytest.mark.parametrize("slot", list(TO_QUESTION))
async def test_three_unreadable_answers_still_end_with_the_questions_buttons(person, slot):
    await at_question(person, slot)
    for typed in UNREADABLE:
        reply = await person.say(typed)
    answers = {data for data in last_buttons(reply) if data.startswith(("in:a:", "in:t:"))}
    assert answers, f"no answer buttons at {slot}: {last_buttons(reply)}"
    assert "menu:person" in last_buttons(reply)


async def test_three_unreadable_answers_at_the_summary_keep_its_buttons(person):
    await at_question(person, "constraints")
    await person.tap("없어요")
    for typed in UNREADABLE:
        reply = await person.say(typed)
    assert "in:ok" in last_buttons(reply)


async def test_a_typed_answer_at_the_summary_is_understood(person):
    await at_question(person, "constraints")
    await person.tap("없어요")
    reply = await person.say("나이 바꿀래요")
    assert "in:a:50s" in data_of(reply)


async def test_a_typed_choice_twice_at_a_several_choice_question_never_unpicks(person):
    reply = await at_question(person, "interests")
    cooking = next(label for label, data in buttons_of(reply).items() if data == "in:t:cooking")
    reply = await person.say(cooking)
    assert "in:none" in data_of(reply)  # moved on to the free times
    await person.tap("이전")
    reply = await person.say(cooking)
    assert "in:none" in data_of(reply)
    for label in ("언제든 괜찮아요", "없어요", "이대로 추천 받기"):
        await person.tap(label)


async def test_a_search_without_a_result_names_it_and_offers_an_alert(person):
    await consented(person)
    reply = await person.say("제과제빵 배우고 싶어요")
    if "찾지 못했어요" in text_of(reply):
        assert "제과제빵" in text_of(reply) and "sub:f:cooking" in data_of(reply)
    else:  # the demo has a cooking course: it is found
        assert any(message.cards for message in reply.messages)
    reply = await person.say("드론 조종 배우고 싶어요")
    assert "드론 조종" in text_of(reply) and "progs:0" in data_of(reply)


# --- Vietnamese and Chinese ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "age", "button_only"),
    [("vi", "52 tuổi", "Hãy bấm một nút."), ("zh_Hans", "我五十二岁", "请按按钮选择。")],
)
async def test_vietnamese_and_chinese_answers_are_read_and_typing_is_not_invited(
    database, clock, language, age, button_only
):
    person = Person(make_engine(database, clock, languages=("ko", "en", "vi", "zh_Hans")))
    await person.say("/start")
    name, agree = {"vi": ("Tiếng Việt", "Tôi đồng ý"), "zh_Hans": ("中文", "我同意")}[language]
    await person.tap(name)
    reply = await person.tap(agree)
    assert button_only in text_of(reply)
    for label in ("경기 Gyeonggi", "광명시"):  # (as TO_QUESTION["age_band"], in her words)
        reply = await person.tap(label)
    reply = await person.say(age)
    assert "in:a:job_seeking" in data_of(reply)  # read as 50s: the situation is asked next
    reply = await person.say("ㅁㄴㅇㄹ")
    assert "in:a:job_seeking" in last_buttons(reply)


@pytest.mark.parametrize("typed", ["세프", "쉐프 과정", "셰프 배우고 싶어요"])
async def test_a_misspelt_chef_finds_the_chef_course(person, typed):
    await consented(person)
    reply = await person.say(typed)
    titles = [card.title for message in reply.messages for card in message.cards]
    assert any("셰프" in title for title in titles), titles
