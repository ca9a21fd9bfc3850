"""The intake's typed state keeps the stored shape: an old conversation loads and goes on."""

from __future__ import annotations

from handlers.flows.intake.state import IntakeState

# As the intake stored it before the state was typed (a region guessed, waiting for a yes).
OLD = {
    "answers": {"sido": "경기도", "interests": ["care"]},
    "slot": "sigungu",
    "misses": 1,
    "page": 0,
    "picked": [],
    "started": "2026-11-20T09:00:00+09:00",
    "nudged": False,
    "pending": {"sido": "경기도", "sigungu": "광명시"},
}


def test_an_old_conversation_loads_and_is_stored_with_the_same_keys():
    state = IntakeState.from_data(OLD)
    assert state.slot == "sigungu" and state.misses == 1 and state.pending["sigungu"] == "광명시"
    assert state.editing is False
    assert state.to_data() == {**OLD, "editing": False}
    assert IntakeState.from_data(state.to_data()) == state


def test_an_empty_conversation_starts_at_the_first_question():
    state = IntakeState.from_data({})
    assert state.slot == "sido" and state.answers == {} and state.picked == ()


def test_moving_to_a_question_starts_it_afresh_with_its_earlier_ticks():
    state = IntakeState.from_data({**OLD, "answers": {"availability": ["morning"]}, "page": 2})
    moved = state.at("availability", editing=True)
    assert (moved.slot, moved.misses, moved.page, moved.picked) == (
        "availability",
        0,
        0,
        ("morning",),
    )
    assert moved.editing and state.editing is False  # the state is never changed in place
    assert state.settled().pending is None
