"""The deep link kept through onboarding, and the Telegram link being answered, are stored as
ever (`then`, `link`): a greeting or a move under way across a deploy carries on."""

from __future__ import annotations

from handlers.flows.continue_in_telegram import MoveState
from handlers.flows.onboarding import OnboardingState


def test_a_deep_link_stored_before_it_was_typed_is_followed_and_stored_the_same():
    old = {"then": "bk:c:12"}
    state = OnboardingState.from_data(old)
    assert state.then == "bk:c:12"
    assert state.to_data() == old
    assert OnboardingState.from_data(state.to_data()) == state


def test_a_greeting_without_a_deep_link_stores_nothing():
    assert OnboardingState().to_data() == {}
    assert OnboardingState.from_data({"then": ""}) == OnboardingState()
    assert OnboardingState.from_data({"then": 5}).then is None  # unreadable: dropped


def test_the_telegram_link_being_answered_is_stored_as_ever():
    old = {"link": "3f9a0c"}
    state = MoveState.from_data(old)
    assert state.link == "3f9a0c" and state.to_data() == old
    assert MoveState.from_data({}) == MoveState() and MoveState().to_data() == {}
