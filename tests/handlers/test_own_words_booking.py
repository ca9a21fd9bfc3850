"""People type in their own words (issue 14) where it touches booking and the stored
catalogue, through the real engine on the in-memory fake storage (tests/fakes/uow.py): safe
read-backs that never book, every booking step keeping its buttons, and her centre's number.
The rest of issue 14's examples: test_own_words.py."""

from __future__ import annotations

import pytest

from storage.records import Profile
from tests.chat import data_buttons, text_of
from tests.fakes.uow import FakeStorage, FakeUnitOfWork
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, choose_time, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401
from tests.handlers.test_own_words import (
    GWANGMYEONG,
    UNREADABLE,
    at_question,
    data_of,
    last_buttons,
)


async def booking_rows(database: FakeStorage) -> list[tuple[int, str]]:
    """(slot, state) of every booking."""
    return [(booking.slot_id, booking.state) for booking in database.rows("bookings")]


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


async def test_the_person_button_asks_her_centres_counsellor_and_offers_to_book(person):
    await at_question(person, "age_band")  # she said 경기 광명 before
    reply = await person.ask_for_a_person()
    assert "광명시여성새일센터" in text_of(reply) and "menu:booking" in data_of(reply)


# --- safe read-backs ---------------------------------------------------------------------


@pytest.fixture
async def read_back(database, person):
    """Thursday 2 pm at 광명 read back, with 10, 14, 15 and 16 o'clock free."""
    ids = await add_slots(
        database, await centre_id(database, GWANGMYEONG), [THURSDAY], hours=(10, 14, 15, 16)
    )
    await consented(person)
    async with FakeUnitOfWork(database) as uow:  # her number is known: a yes would book at once
        user = await uow.users.find("web", person.external_id)
        await uow.profiles.save(Profile(user_id=user.id, phone="+821099998888"), user.last_seen_at)
        await uow.commit()
    reply = await choose_time(person, "11월 26일(목)", "오후 2시")
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
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    await choose_time(person, "11월 26일(목)", "오후 2시")
    await person.say("네")
    reply = await person.say(typed)
    assert "휴대폰 번호" in text_of(reply)
    assert await booking_rows(database) == []
    reply = await person.say("010ㅡ1234ㅡ5678")
    assert "예약했어요" in text_of(reply) and "010-1234-5678" in text_of(reply)


async def test_three_unreadable_answers_at_every_booking_step_and_at_the_greeting_keep_buttons(
    database, person
):
    await person.say("/start")
    for _ in UNREADABLE:
        reply = await person.say("ㅁㄴㅇㄹ")
    assert any(data.startswith("lang:") for data in last_buttons(reply))
    await person.tap("한국어")
    for _ in UNREADABLE:
        reply = await person.say("ㅁㄴㅇㄹ")
    assert "consent:yes" in last_buttons(reply)
    await person.tap("동의해요")
    await person.tap("그만하기")
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    reply = await person.from_menu("상담 예약")
    steps = ["bk:k:", "bk:p:", "bk:d:", "bk:t:", "bk:y:"]  # a step with one choice is skipped
    seen = 0
    while steps:
        for typed in UNREADABLE:
            reply = await person.say(typed)
        shown = [data for data in last_buttons(reply) if data]
        assert shown, f"no buttons at step {seen}"
        seen += 1
        at = next(i for i, prefix in enumerate(steps) if any(d.startswith(prefix) for d in shown))
        label = next(
            label
            for label, data in data_buttons(reply)
            if data in shown and data.startswith(steps[at])
        )
        steps = steps[at + 1 :]
        reply = await person.tap(label)
    for typed in UNREADABLE:  # the phone number
        reply = await person.say(typed)
    assert "menu:home" in last_buttons(reply) and seen >= 3
    assert await booking_rows(database) == []


async def test_a_search_while_booking_is_served_and_the_step_offered_again(database, person):
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    await person.from_menu("상담 예약")
    await person.tap("11월 26일(목)")  # at the question of its time
    reply = await person.say("요양보호사 과정 있어요?")
    assert any(message.cards for message in reply.messages)  # the search was answered
    assert "아까 질문으로 돌아갈까요?" in text_of(reply)
    assert any(data.startswith(("bk:t:", "bk:d:")) for data in last_buttons(reply))
    reply = await person.tap("오후 2시")
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
