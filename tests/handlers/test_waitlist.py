"""The waitlist: a full time can be waited for; a freed seat is held for the first in line for
WAITLIST_HOLD, then offered to the next; an accepted offer is a booking. On the in-memory fake
storage (tests/fakes/uow.py)."""

from __future__ import annotations

from datetime import timedelta

from handlers.booking.policy import BookingPolicy
from handlers.booking.service import expire_offers
from handlers.messages import Reply
from tests.chat import Person, buttons_of, make_engine, shown_button, text_of
from tests.fakes.uow import FakeStorage, FakeUnitOfWork
from tests.handlers.booking_setup import (
    THURSDAY,
    add_slots,
    centre_id,
    choose_time,
    consented,
    outbox_rows,
)
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

HOLD = timedelta(hours=2)


async def book(person: Person) -> int:
    """She books Thursday 2 pm and gets its cancel button; returns the booking's id."""
    await choose_time(person, "11월 26일(목)", "오후 2시")
    await person.tap("네, 예약할게요")
    reply = await person.say("010-1234-5678")
    return int(buttons_of(reply)["예약 취소"].rsplit(":", 1)[1])


async def test_a_freed_seat_goes_to_the_first_in_line_then_the_next(database, clock):
    engine = make_engine(database, clock, booking=BookingPolicy(waitlist_hold=HOLD))
    slot = (
        await add_slots(
            database,
            await centre_id(database, "광명시여성새일센터"),
            [THURSDAY],
            hours=(14,),
            capacity=1,
        )
    )[(THURSDAY, 14)]
    holder, first, second = (Person(engine, name) for name in ("holder", "first", "second"))
    for someone in (holder, first, second):
        await consented(someone)
    first_saw, second_saw = await free_times(first), await free_times(second)
    await book(holder)
    assert shown_button(first_saw, "오후 2시") == f"bk:t:{slot}"

    reply = await first.press(shown_button(first_saw, "오후 2시"))  # seen while it was free
    assert "자리가 다 찼" in text_of(reply)
    await first.tap("네, 기다릴게요")
    clock.advance(minutes=1)
    await second.press(shown_button(second_saw, "오후 2시"))  # seen while it was free, too
    await second.tap("네, 기다릴게요")

    await holder.tap("예약 취소")
    await holder.tap("네, 취소할게요")
    offers = await outbox_rows(database, kind="waitlist")
    assert len(offers) == 1 and offers[0].user_id == await _user_id(database, "first")
    first_offer = await first.open()  # the web chat shows her the offer kept for her
    assert shown_button(first_offer, "예약할게요") == f"bk:wa:{offers[0].payload['entry_id']}"

    clock.advance(hours=2, minutes=1)  # she did not answer in time
    async with FakeUnitOfWork(database) as uow:
        assert await expire_offers(uow, clock(), BookingPolicy(waitlist_hold=HOLD)) == 1
        await uow.commit()
    offers = await outbox_rows(database, kind="waitlist")
    assert [row.user_id for row in offers] == [
        await _user_id(database, name) for name in ("first", "second")
    ]
    late = await first.press(shown_button(first_offer, "예약할게요"))  # her offer, too late
    assert "끝났어요" in text_of(late)
    await second.open()  # the web chat shows her the offer kept for her
    assert shown_button(second.last, "예약할게요") == f"bk:wa:{offers[1].payload['entry_id']}"
    reply = await second.tap("예약할게요")
    assert "예약했어요" in text_of(reply)


async def free_times(person: Person) -> Reply:
    """She looks at Thursday's times (and books none yet)."""
    await person.from_menu("상담 예약")
    return await person.tap("11월 26일(목)")


async def _user_id(database: FakeStorage, external_id: str) -> int:
    async with FakeUnitOfWork(database) as uow:
        return (await uow.users.find("web", external_id)).id
