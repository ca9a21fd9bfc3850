"""Booking counselling as a person does it: by buttons and by a typed time, read back as an
absolute date; cancel, book again, move; holidays refused with the nearest open days; a person
never holds two bookings at once. The flows run on the in-memory fake storage (tests/fakes/uow.py);
two people racing for the last seat need a database: test_booking_race.py."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from handlers.booking.policy import BookingPolicy
from tests.chat import Person, buttons_of, data_buttons, make_engine, shown_button, text_of
from tests.fakes.uow import FakeStorage, FakeUnitOfWork
from tests.handlers.booking_setup import (
    NEXT_THURSDAY,
    THURSDAY,
    add_slots,
    centre_id,
    choose_time,
    consented,
    outbox_rows,
)
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

GWANGMYEONG = "광명시여성새일센터"


async def seats_taken(database: FakeStorage, slot_id: int) -> int:
    async with FakeUnitOfWork(database) as uow:
        slot = await uow.slots.get(slot_id)
        assert slot is not None
        return slot.taken


async def booking_states(database: FakeStorage) -> list[tuple[int, str]]:
    """(slot, state) of every booking, in the order they were made."""
    made = sorted(database.rows("bookings"), key=lambda booking: booking.id)
    return [(booking.slot_id, booking.state) for booking in made]


async def test_booking_by_buttons_gives_a_confirmation_with_a_calendar_file(database, person):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    reply = await person.tap("상담 예약")
    assert GWANGMYEONG in text_of(reply)  # the one place with free times, named
    reply = await person.tap("11월 26일(목)")
    assert "11월 26일(목)" in text_of(reply)
    time_buttons = buttons_of(reply)
    assert time_buttons["오후 2시"] == f"bk:t:{ids[(THURSDAY, 14)]}"
    assert "· 오후 2시 — 남은 자리 2" in text_of(reply)
    reply = await person.tap("오후 2시")
    assert "11월 26일(목) 오후 2시" in text_of(reply) and GWANGMYEONG in text_of(reply)
    reply = await person.tap("네, 예약할게요")
    assert "010-1234-5678" in text_of(reply)  # asked for her number, with an example
    reply = await person.say("010 1234 5678")
    confirmation = reply.messages[-1]
    assert "예약했어요" in confirmation.text and "010-1234-5678" in confirmation.text
    calendar = Calendar.from_ical(confirmation.attachment.content)
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART").hour == 14
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Seoul"
    assert confirmation.attachment.url.endswith(".ics")
    assert await seats_taken(database, ids[(THURSDAY, 14)]) == 1
    reminders = await outbox_rows(database, kind="reminder")
    assert [row.due_at for row in reminders] == [
        ids_start - offset
        for ids_start in [await _start(database, ids[(THURSDAY, 14)])]
        for offset in (timedelta(hours=24), timedelta(hours=1))
    ]


async def _start(database: FakeStorage, slot_id: int):
    async with FakeUnitOfWork(database) as uow:
        return (await uow.slots.get(slot_id)).starts_at


async def test_a_typed_time_is_read_back_as_an_absolute_date_before_booking(database, person):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [NEXT_THURSDAY])
    await consented(person)
    reply = await person.say("다음주 목요일 오후 2시에 상담 받고 싶어요")
    assert "12월 3일(목) 오후 2시" in text_of(reply)
    assert "맞으세요" in text_of(reply)
    assert await booking_states(database) == []  # nothing booked before she says yes
    await person.say("네")
    reply = await person.say("01012345678")
    assert "예약했어요" in text_of(reply)
    assert await booking_states(database) == [(ids[(NEXT_THURSDAY, 14)], "active")]


async def test_a_holiday_is_refused_with_its_reason_and_the_nearest_open_days(database, clock):
    days = [THURSDAY, date(2026, 12, 24), date(2026, 12, 28)]
    await add_slots(database, await centre_id(database, GWANGMYEONG), days)
    six_weeks = BookingPolicy(horizon=timedelta(weeks=6))  # Christmas is 4 weeks and a half away
    person = Person(make_engine(database, clock, booking=six_weeks))
    await consented(person)
    await person.tap("상담 예약")
    reply = await person.say("12월 25일 오후 2시")
    assert "12월 25일(금)" in text_of(reply) and "공휴일" in text_of(reply)
    assert "12월 24일(목)" in buttons_of(reply) and "12월 28일(월)" in buttons_of(reply)


async def test_cancel_frees_the_seat_and_moving_keeps_the_old_one_until_the_new_is_taken(
    database, person
):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    first, second = ids[(THURSDAY, 14)], ids[(THURSDAY, 15)]
    await consented(person)
    await choose_time(person, "11월 26일(목)", "오후 2시")
    await person.tap("네, 예약할게요")
    reply = await person.say("010-1234-5678")
    await person.tap("예약 취소")
    reply = await person.tap("네, 취소할게요")
    assert "취소" in text_of(reply)
    assert await seats_taken(database, first) == 0
    assert {row.state for row in await outbox_rows(database, kind="reminder")} == {"cancelled"}

    await choose_time(person, "11월 26일(목)", "오후 2시")
    reply = await person.tap("네, 예약할게요")  # her number is kept: no second question
    assert "예약했어요" in text_of(reply)
    again = int(buttons_of(reply)["시간 바꾸기"].rsplit(":", 1)[1])
    await person.tap("시간 바꾸기")
    await person.tap("11월 26일(목)")
    await person.tap("오후 3시")
    reply = await person.tap("네, 바꿀게요")
    assert "바꿨어요" in text_of(reply)
    assert await seats_taken(database, first) == 0 and await seats_taken(database, second) == 1
    assert [state for _slot, state in await booking_states(database)] == [
        "cancelled",
        "moved",
        "active",
    ]
    pending = [
        row for row in await outbox_rows(database, kind="reminder") if row.state == "pending"
    ]
    assert len(pending) == 2 and all(row.payload["booking_id"] != again for row in pending)


async def test_a_person_never_holds_two_bookings_at_the_same_time(database, person, clock):
    gwangmyeong = await centre_id(database, GWANGMYEONG)
    incheon = await centre_id(database, "인천광역여성새로일하기센터")
    await add_slots(database, gwangmyeong, [THURSDAY])
    there = await add_slots(database, incheon, [THURSDAY])
    await consented(person)
    await choose_time(person, "11월 26일(목)", "오후 2시", place=GWANGMYEONG)
    await person.tap("네, 예약할게요")
    await person.say("010-1234-5678")
    await person.from_menu("상담 예약")  # her booking is shown first, then she books again
    await person.tap("상담 예약")
    await person.tap("인천광역여성새로일하기센터")
    await person.tap("11월 26일(목)")
    await person.tap("오후 2시")
    reply = await person.tap("네, 예약할게요")
    assert "같은 시간" in text_of(reply)
    assert await seats_taken(database, there[(THURSDAY, 14)]) == 0


async def test_someone_elses_or_a_forged_booking_button_changes_nothing(database, person):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    await choose_time(person, "11월 26일(목)", "오후 2시")
    await person.tap("네, 예약할게요")
    reply = await person.say("010-1234-5678")
    booking_id = int(buttons_of(reply)["예약 취소"].rsplit(":", 1)[1])
    stranger = Person(person.engine, "stranger")
    await consented(stranger)
    reply = await stranger.press(f"bk:cy:{booking_id}")  # her button, never shown to him
    assert "바꿀 수 없" in text_of(reply)
    reply = await stranger.press("bk:t:999999")  # forged: no such time was ever shown
    assert "없" in text_of(reply)
    assert await booking_states(database) == [(ids[(THURSDAY, 14)], "active")]


async def test_booking_needs_consent_first(database, person):
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await person.say("/start")
    await person.tap("한국어")
    await person.tap("동의하지 않고 둘러볼게요")
    reply = await person.tap("상담 예약")
    assert "동의" in text_of(reply) and "bk:consent" in buttons_of(reply).values()
    reply = await person.tap("동의해요")
    assert "감사해요" in text_of(reply)


async def test_a_day_closed_after_its_slots_were_made_is_neither_offered_nor_booked(
    database, person
):
    ids = await add_slots(
        database, await centre_id(database, GWANGMYEONG), [THURSDAY, NEXT_THURSDAY]
    )
    await consented(person)
    reply = await person.tap("상담 예약")
    assert "11월 26일(목)" in buttons_of(reply)
    await person.tap("11월 26일(목)")
    read_back = await person.tap("오후 2시")
    assert shown_button(read_back, "네, 예약할게요") == f"bk:y:{ids[(THURSDAY, 14)]}"
    async with FakeUnitOfWork(database) as uow:
        await uow.slots.add_closure(THURSDAY, None, "직원 교육")
        await uow.commit()
    reply = await person.from_menu("상담 예약")
    assert "11월 26일(목)" not in buttons_of(reply) and "12월 3일(목)" in buttons_of(reply)
    reply = await person.press(shown_button(read_back, "네, 예약할게요"))  # an old button
    assert "센터가 쉬게 되었어요" in text_of(reply)
    assert await booking_states(database) == []


async def test_booking_at_a_bus_stop_from_the_bus_schedule(database, person, clock):
    async with FakeUnitOfWork(database) as uow:
        visit = (await uow.bus.upcoming(clock() + timedelta(hours=3), limit=1))[0].visit
        await uow.slots.add(
            visit_id=visit.id,
            mode="bus",
            starts_at=visit.starts_at,
            ends_at=visit.starts_at + timedelta(minutes=30),
            capacity=3,
            taken=0,
        )
        await uow.commit()
    await consented(person)
    reply = await person.tap("상담 버스 일정")
    every = [button.data for message in reply.messages for row in message.buttons for button in row]
    assert f"bk:v:{visit.id}" in every
    bookable = [data for label, data in data_buttons(reply) if label == "상담 예약"]
    reply = await person.tap("상담 예약", nth=bookable.index(f"bk:v:{visit.id}"))  # (one a visit)
    assert "몇 시가 좋으세요" in text_of(reply)  # the stop has one day: straight to its times
    await person.tap("오전 10시")
    reply = await person.tap("네, 예약할게요")
    assert "bk:ph:skip" in buttons_of(reply).values()  # no phone needed at the bus
    reply = await person.tap("건너뛰기")
    assert "예약했어요" in text_of(reply) and "버스 현장 상담" in text_of(reply)


async def _bus_slot(database: FakeStorage, clock) -> tuple[int, int]:
    async with FakeUnitOfWork(database) as uow:
        visit = (await uow.bus.upcoming(clock() + timedelta(hours=3), limit=1))[0].visit
        slot = await uow.slots.add(
            visit_id=visit.id,
            mode="bus",
            starts_at=visit.starts_at,
            ends_at=visit.starts_at + timedelta(minutes=30),
            capacity=3,
            taken=0,
        )
        await uow.commit()
    return visit.id, slot


async def test_a_poster_link_leads_a_newcomer_through_consent_to_that_visits_times(
    database, person, clock
):
    visit, slot = await _bus_slot(database, clock)
    for newcomer, first in (
        (Person(person.engine, "tg-1", channel="telegram"), f"/start v{visit}"),
        (Person(person.engine, "web-1"), f"bk:v:{visit}"),
    ):
        # the poster's link (a Telegram deep link, the web page's start data): never a button
        reply = await (newcomer.say(first) if first.startswith("/") else newcomer.press(first))
        assert "lang:ko" in buttons_of(reply).values()  # a newcomer chooses her language first
        await newcomer.tap("한국어")
        reply = await newcomer.tap("동의해요")
        assert "몇 시가 좋으세요" in text_of(reply)
        assert f"bk:t:{slot}" in buttons_of(reply).values()


async def test_a_place_can_be_named_by_typing(database, person):
    await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await add_slots(database, await centre_id(database, "인천광역여성새로일하기센터"), [THURSDAY])
    await consented(person)
    reply = await person.tap("상담 예약")
    assert "어디에서" in text_of(reply)
    reply = await person.say("광명")
    assert f"{GWANGMYEONG} · 방문 상담" in text_of(reply) and "어느 날" in text_of(reply)


async def test_coming_back_mid_booking_asks_the_same_step_again(database, person):
    ids = await add_slots(database, await centre_id(database, GWANGMYEONG), [THURSDAY])
    await consented(person)
    reply = await person.tap("상담 예약")
    await person.tap("11월 26일(목)")
    back = await person.open()  # she closed the page and opened it again
    assert "이어서" in text_of(back)
    assert buttons_of(back)["오후 2시"] == f"bk:t:{ids[(THURSDAY, 14)]}"
    reply = await person.tap("오후 2시")
    assert "11월 26일(목) 오후 2시" in text_of(reply)
