"""The booking's buttons and state, typed: every action round-trips and fits Telegram's 64
bytes, buttons sent before the typed actions still mean the same, anything else is an expired
button; a conversation stored in the old shape carries on (on the in-memory fake storage,
tests/fakes/uow.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handlers.flows.booking import actions
from handlers.flows.booking.actions import EXAMPLES, decode
from handlers.flows.booking.state import BookingState
from handlers.flows.booking.texts import seats_text
from handlers.i18n import Translator, speaking
from storage.records import Conversation
from tests.chat import text_of
from tests.fakes.uow import FakeUnitOfWork
from tests.handlers.booking_setup import THURSDAY, add_slots, centre_id, consented
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

GWANGMYEONG = "광명시여성새일센터"
EXPIRED = "지난 버튼이라 처리할 수 없어요."


@pytest.mark.parametrize("action", EXAMPLES, ids=repr)
def test_every_action_round_trips_and_fits_in_64_bytes(action):
    assert decode(action.encode()) == action
    assert len(action.encode().encode()) <= 64


def test_the_examples_cover_every_kind_of_action():
    assert {type(action) for action in EXAMPLES} == set(actions.KINDS)


# Data on buttons already sent to people, as the code wrote it before the typed actions.
SENT_BEFORE = {
    "bk:t:12": actions.PickTime(12),
    "bk:w:12": actions.FullTime(12),
    "bk:y:12": actions.Book(12),
    "bk:wj:12": actions.Wait(12),
    "bk:wa:7": actions.TakeSeat(7),
    "bk:wd:7": actions.StopWaiting(7),
    "bk:c:3": actions.AskCancel(3),
    "bk:cy:3": actions.Cancel(3),
    "bk:m:3": actions.Move(3),
    "bk:ok:3": actions.Keep(3),
    "bk:v:5": actions.BusVisit(5),
    "bk:consent": actions.Consent(),
    "bk:list": actions.MyBookings(),
    "bk:new": actions.NewBooking(),
    "bk:days": actions.OtherDays(),
    "bk:back": actions.Back(),
    "bk:ph:skip": actions.SkipPhone(),
    "bk:sms:y": actions.PhoneReminders(wanted=True),
    "bk:sms:n": actions.PhoneReminders(wanted=False),
    "bk:k:visit": actions.Kind("visit"),
    "bk:k:phone": actions.Kind("phone"),
    "bk:k:bus": actions.Kind("bus"),
    "bk:p:c12": actions.Place("c12"),
    "bk:p:v5": actions.Place("v5"),
    "bk:d:2026-11-26": actions.Day(date(2026, 11, 26)),
}


@pytest.mark.parametrize(("data", "action"), SENT_BEFORE.items())
def test_buttons_sent_before_mean_the_same_and_are_written_the_same(data, action):
    assert decode(data) == action
    assert action.encode() == data


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "bk",
        "bk:",
        "bk:zz:1",
        "bk:t",
        "bk:t:",
        "bk:t:abc",
        "bk:t:-1",
        "bk:c:²",
        "bk:y:١٢",
        "bk:t:" + "9" * 40,
        "bk:p:c" + "9" * 40,
        "bk:p:x12",
        "bk:p:c",
        "bk:k:zoom",
        "bk:d:2026-13-01",
        "bk:d:tomorrow",
        "bk:d:٢٠٢٦-١١-٢٦",
        "bk:sms:maybe",
        "bk:ph:now",
        "bk:list:1",
        "bk:consent:yes",
        "menu:home",
        "xbk:t:1",
        "bk:t:1" + " " * 100,
    ],
)
def test_anything_else_is_no_action(data):
    assert decode(data) is None


def test_only_a_bus_visit_is_a_deep_link():
    assert actions.deep_link("bk:v:12") == "bk:v:12"
    assert actions.poster_link("v12") == "bk:v:12"
    for data in ("bk:t:12", "bk:v:" + "9" * 10, "bk:v:x", None):
        assert actions.deep_link(data) is None
    for payload in ("w12", "v", "vx", "v١٢", ""):
        assert actions.poster_link(payload) is None


def test_state_stored_in_the_old_shape_loads_and_is_stored_the_same():
    stored = {
        "mode": "visit",
        "place": "c3",
        "day": "2026-11-26",
        "slot": 41,
        "moving": "9",
        "when": {"day": None, "at": "14:00"},
        "a key of another version": [1, 2],
    }
    state = BookingState.from_data(stored)
    assert (state.mode, state.place, state.day, state.slot, state.moving) == (
        "visit",
        "c3",
        date(2026, 11, 26),
        41,
        9,
    )
    assert state.when is not None and str(state.when.at) == "14:00:00"
    assert BookingState.from_data(state.to_data()) == state
    assert state.to_data()["when"] == {"day": None, "at": "14:00"}


@pytest.mark.parametrize(
    "stored",
    [None, [], "day", {"slot": "x", "day": "someday", "at": 14, "when": "thursday"}],
)
def test_unreadable_state_is_a_fresh_one(stored):
    assert BookingState.from_data(stored) == BookingState()


async def test_a_booking_in_progress_across_a_deploy_carries_on(database, person, clock):
    """Stored by the code before typed state: a typed 2 pm waiting for its day."""
    centre = await centre_id(database, GWANGMYEONG)
    await add_slots(database, centre, [THURSDAY])
    await consented(person)
    async with FakeUnitOfWork(database) as uow:
        user = await uow.users.find("web", person.external_id)  # she chatted before
        data = {"mode": "visit", "place": f"c{centre}", "at": "14:00", "old": True}
        await uow.conversations.save(Conversation(user.id, "booking", "day", data), clock())
        await uow.commit()
    reply = await person.say("목요일")
    assert "11월 26일(목) 오후 2시" in text_of(reply) and GWANGMYEONG in text_of(reply)


async def test_a_forged_or_mistyped_booking_button_has_expired(database, person):
    await consented(person)
    for data in ("bk:t:abc", "bk:d:2026-02-30", "bk:zz"):  # forged: never shown to anyone
        assert EXPIRED in text_of(await person.press(data))


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 seat left", "2 seats left"),
        ("ko", "남은 자리 1", "남은 자리 2"),
        ("vi", "còn 1 chỗ", "còn 2 chỗ"),
        ("zh_Hans", "还剩1个名额", "还剩2个名额"),
    ],
)
def test_seats_left_are_counted_in_each_language(language, one, two):
    translator = Translator(Path(__file__).resolve().parents[2] / "locales")
    with speaking(translator, language):
        assert (seats_text(1), seats_text(2)) == (one, two)
