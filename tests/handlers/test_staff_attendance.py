"""Staff mark who came and who did not; the counts are kept. Rights come from the database:
a person without a stored role is not even told that /today exists. The flows run on the
in-memory fake storage (tests/fakes/uow.py)."""

from __future__ import annotations

from tests.chat import Person, buttons_of, text_of, units_of_work
from tests.handlers.booking_setup import add_slots, centre_id, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401


async def test_staff_mark_attendance_and_see_the_counts(database, clock, person):
    today = clock().astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul")).date()
    gwangmyeong = await centre_id(database, "광명시여성새일센터")
    await add_slots(database, gwangmyeong, [today], hours=(14, 15))
    await consented(person)
    for hour in (14, 15):
        shown = await person.from_menu("상담 예약")
        if "상담 예약" in buttons_of(shown):  # her booking first: she books another
            await person.tap("상담 예약")
        await person.tap("11월 23일(월)")
        await person.tap(f"오후 {hour - 12}시")
        await person.tap("네, 예약할게요")
        if hour == 14:
            await person.say("010-1234-5678")
    counsellor = Person(person.engine, "counsellor-1", channel="telegram")
    await consented(counsellor)
    reply = await counsellor.say("/today")
    assert "출석" not in text_of(reply) and "st:a:" not in str(buttons_of(reply))

    async with units_of_work(database)() as uow:
        await uow.staff.grant("telegram", "counsellor-1", "staff", clock(), [gwangmyeong])
        await uow.commit()
    reply = await counsellor.say("/today")
    assert "출석 0 · 불참 0 · 남은 예약 2" in text_of(reply)
    marks = [data for data in buttons_of(reply).values() if data.startswith("st:")]
    assert len(marks) == 2  # one "came" and one "did not come" per row; labels repeat
    clock.advance(hours=5)  # after the appointments
    rows = [m for m in reply.messages if m.buttons]
    came = rows[0].buttons[0][0].data
    missed = rows[1].buttons[0][1].data
    await counsellor.press(came)
    reply = await counsellor.press(missed)
    assert "출석 1 · 불참 1 · 남은 예약 0" in text_of(reply)
    assert sorted(booking.state for booking in database.rows("bookings")) == [
        "attended",
        "no_show",
    ]
    reply = await person.press("bk:list")  # "내 예약" of an earlier screen, not the last one
    assert "예약이 없어요" in text_of(reply)
