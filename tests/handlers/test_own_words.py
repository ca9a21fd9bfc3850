"""People type in their own words (issue 14), through the real engine on real storage: the
examples of the issue, safe read-backs, and never a dead end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.records import Profile
from storage.tables import bookings, profiles
from storage.uow import UnitOfWork
from tests.chat import Person, buttons_of, make_engine, text_of
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, consented

GWANGMYEONG = "광명시여성새일센터"
UNREADABLE = ("ㅁㄴㅇㄹ", "zzz", "흠...")
# Button presses that reach each intake question (the clock's year is 2026).
TO_QUESTION = {
    "sido": (),
    "sigungu": ("in:a:경기도",),
    "age_band": ("in:a:경기도", "in:a:광명시"),
    "situation": ("in:a:경기도", "in:a:광명시", "in:a:50s"),
    "break_length": ("in:a:경기도", "in:a:광명시", "in:a:50s", "in:a:career_break"),
    "interests": ("in:a:경기도", "in:a:광명시", "in:a:50s", "in:a:job_seeking"),
    "availability": (
        "in:a:경기도",
        "in:a:광명시",
        "in:a:50s",
        "in:a:job_seeking",
        "in:t:cooking",
        "in:done",
    ),
    "constraints": (
        "in:a:경기도",
        "in:a:광명시",
        "in:a:50s",
        "in:a:job_seeking",
        "in:t:cooking",
        "in:done",
        "in:none",
    ),
}
SUMMARY = (*TO_QUESTION["constraints"], "in:none")


async def at_question(person: Person, slot: str):
    await person.say("/start")
    await person.press("lang:ko")
    reply = await person.press("consent:yes")
    for data in TO_QUESTION[slot]:
        reply = await person.press(data)
    return reply


def data_of(reply) -> set[str]:
    return set(buttons_of(reply).values())


def last_buttons(reply) -> set[str]:
    return {button.data for row in reply.messages[-1].buttons for button in row}


async def stored_profile(database) -> dict:
    async with UnitOfWork(database) as uow:
        row = (await uow.connection.execute(select(profiles))).mappings().first()
        return dict(row) if row else {}


async def booking_rows(database) -> list:
    async with UnitOfWork(database) as uow:
        return list(await uow.connection.execute(select(bookings.c.slot_id, bookings.c.state)))


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
    for data in ("in:a:job_seeking", "in:t:cooking", "in:done", "in:none", "in:none"):
        reply = await person.press(data)
    await person.press("in:ok")
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
    await person.press("lang:ko")
    reply = await person.say("네, 동의합니다")
    assert "in:a:경기도" in data_of(reply)  # the intake began


@pytest.mark.parametrize("typed", ["싫어요", "동의 안 해요"])
async def test_a_typed_refusal_refuses(person, database, typed):
    await person.say("/start")
    await person.press("lang:ko")
    reply = await person.say(typed)
    assert "menu:programmes" in data_of(reply)
    async with UnitOfWork(database) as uow:
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
        await person.press("in:none")
    else:
        await at_question(person, where)
    reply = await person.say("그냥 추천해 주세요")
    assert any(message.cards for message in reply.messages)


# --- a person -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["사람이랑 통화하고 싶어요", "상담원 연결해 주세요"])
async def test_asking_for_a_person_mid_question_asks_her_centres_counsellor(person, typed):
    await at_question(person, "age_band")  # she said 경기 광명 before
    reply = await person.say(typed)
    assert "광명시여성새일센터" in text_of(reply)
    assert "menu:booking" in data_of(reply)  # nobody has the inbox open: booking is offered
    assert "ho:end" in data_of(reply)  # and a way out


async def test_asking_for_a_person_outside_a_question_offers_a_booking(person):
    await consented(person)
    reply = await person.say("사람이랑 얘기하고 싶어요")
    assert "상담" in text_of(reply) and "menu:booking" in data_of(reply)


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
    await person.press("in:none")
    for typed in UNREADABLE:
        reply = await person.say(typed)
    assert "in:ok" in last_buttons(reply)


async def test_a_typed_answer_at_the_summary_is_understood(person):
    await at_question(person, "constraints")
    await person.press("in:none")
    reply = await person.say("나이 바꿀래요")
    assert "in:a:50s" in data_of(reply)


async def test_a_typed_choice_twice_at_a_several_choice_question_never_unpicks(person):
    reply = await at_question(person, "interests")
    cooking = next(label for label, data in buttons_of(reply).items() if data == "in:t:cooking")
    reply = await person.say(cooking)
    assert "in:none" in data_of(reply)  # moved on to the free times
    await person.press("in:back")
    reply = await person.say(cooking)
    assert "in:none" in data_of(reply)
    for data in ("in:none", "in:none", "in:ok"):
        await person.press(data)


# --- safe read-backs ---------------------------------------------------------------------


@pytest.fixture
async def read_back(database, person):
    """Thursday 2 pm at 광명 read back, with 10, 14, 15 and 16 o'clock free."""
    ids = await add_slots(
        database, await centre_id(database, GWANGMYEONG), [THURSDAY], hours=(10, 14, 15, 16)
    )
    await consented(person)
    async with UnitOfWork(database) as uow:  # her number is known: a yes would book at once
        user = await uow.users.find("web", person.external_id)
        await uow.profiles.save(Profile(user_id=user.id, phone="+821099998888"), user.last_seen_at)
        await uow.commit()
    reply = await person.press(f"bk:t:{ids[(THURSDAY, 14)]}")
    assert "오후 2시" in text_of(reply) and "맞으세요" in text_of(reply)
    return ids


@pytest.mark.parametrize(
    "typed",
    [
        "네 시로 바꿔 주세요",
        "네시로 해주세요",
        "네 4시로요",
        "3시로 할게요",
        "아니 3시",
        "네 그런데 금요일이면 좋겠어요",
        "다음주로 미뤄주세요",
        "광명 말고 부천센터로",
        "그 시간 말고 오전으로",
        "두 시 반으로",
        "오후 세시는 안 돼요?",
    ],
)
async def test_a_correction_at_the_read_back_never_books(database, person, read_back, typed):
    reply = await person.say(typed)
    assert "예약했어요" not in text_of(reply)
    assert "bk:y:" + str(read_back[(THURSDAY, 14)]) not in data_of(reply) or "맞으세요" not in (
        text_of(reply)
    )
    assert await booking_rows(database) == []


async def test_four_oclock_typed_at_the_read_back_reads_four_back(database, person, read_back):
    reply = await person.say("네 시로 바꿔 주세요")
    assert "오후 4시" in text_of(reply) and "맞으세요" in text_of(reply)
    reply = await person.say("네")
    assert "예약했어요" in text_of(reply)
    assert [row[0] for row in await booking_rows(database)] == [read_back[(THURSDAY, 16)]]


@pytest.mark.parametrize("typed", ["02-2171-2121", "1588-9142"])
async def test_a_landline_is_refused_with_its_reason_and_a_typed_dash_is_fine(
    database, person, typed
):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    await person.press(f"bk:t:{ids[(THURSDAY, 14)]}")
    await person.say("네")
    reply = await person.say(typed)
    assert "휴대폰 번호" in text_of(reply)
    assert await booking_rows(database) == []
    reply = await person.say("010ㅡ1234ㅡ5678")
    assert "예약했어요" in text_of(reply) and "010-1234-5678" in text_of(reply)


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
    await person.press(f"lang:{language}")
    reply = await person.press("consent:yes")
    assert button_only in text_of(reply)
    for data in TO_QUESTION["age_band"]:
        reply = await person.press(data)
    reply = await person.say(age)
    assert "in:a:job_seeking" in data_of(reply)  # read as 50s: the situation is asked next
    reply = await person.say("ㅁㄴㅇㄹ")
    assert "in:a:job_seeking" in last_buttons(reply)


async def test_three_unreadable_answers_at_every_booking_step_and_at_the_greeting_keep_buttons(
    database, person
):
    await person.say("/start")
    for _ in UNREADABLE:
        reply = await person.say("ㅁㄴㅇㄹ")
    assert any(data.startswith("lang:") for data in last_buttons(reply))
    await person.press("lang:ko")
    for _ in UNREADABLE:
        reply = await person.say("ㅁㄴㅇㄹ")
    assert "consent:yes" in last_buttons(reply)
    await person.press("consent:yes")
    await person.press("in:cancel")
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    reply = await person.press("menu:booking")
    steps = ["bk:k:", "bk:p:", "bk:d:", "bk:t:", "bk:y:"]  # a step with one choice is skipped
    seen = 0
    while steps:
        for typed in UNREADABLE:
            reply = await person.say(typed)
        shown = [data for data in last_buttons(reply) if data]
        assert shown, f"no buttons at step {seen}"
        seen += 1
        at = next(i for i, prefix in enumerate(steps) if any(d.startswith(prefix) for d in shown))
        chosen = next(data for data in shown if data.startswith(steps[at]))
        steps = steps[at + 1 :]
        reply = await person.press(chosen)
    for typed in UNREADABLE:  # the phone number
        reply = await person.say(typed)
    assert "menu:home" in last_buttons(reply) and seen >= 3
    assert await booking_rows(database) == []


async def test_a_search_while_booking_is_served_and_the_step_offered_again(database, person):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    reply = await person.press(f"bk:t:{ids[(THURSDAY, 14)]}")
    reply = await person.press(f"bk:d:{THURSDAY.isoformat()}")
    reply = await person.say("요양보호사 과정 있어요?")
    assert any(message.cards for message in reply.messages)  # the search was answered
    assert "아까 질문으로 돌아갈까요?" in text_of(reply)
    assert any(data.startswith(("bk:t:", "bk:d:")) for data in last_buttons(reply))
    reply = await person.press(f"bk:t:{ids[(THURSDAY, 14)]}")
    assert "맞으세요" in text_of(reply)


# --- the issue's dates, typed at a read-back (Monday 23 November 2026, 10:00 in Seoul) ---------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("낼모레", "11월 25일(수)"),
        ("열흘 뒤", "12월 3일(목)"),
        ("3주 후 수요일", "12월 16일(수)"),
        ("12.3", "12월 3일(목)"),
        ("두 시 반", "오후 2시 30분"),
        ("두 시 삼십 분", "오후 2시 30분"),
        ("오후 2-3시", "오후 2시"),
        ("오후 3-4시", "오후 3시"),
    ],
)
async def test_the_issues_dates_are_read_back_and_never_booked(
    database, person, read_back, typed, shown
):
    reply = await person.say(typed)
    assert shown in text_of(reply)
    assert "예약했어요" not in text_of(reply)
    assert await booking_rows(database) == []


@pytest.mark.parametrize("typed", ["세프", "쉐프 과정", "셰프 배우고 싶어요"])
async def test_a_misspelt_chef_finds_the_chef_course(person, typed):
    await consented(person)
    reply = await person.say(typed)
    titles = [card.title for message in reply.messages for card in message.cards]
    assert any("셰프" in title for title in titles), titles


async def test_the_person_button_asks_her_centres_counsellor_and_offers_to_book(person):
    await at_question(person, "age_band")  # she said 경기 광명 before
    reply = await person.press("menu:person")
    assert "광명시여성새일센터" in text_of(reply) and "menu:booking" in data_of(reply)
