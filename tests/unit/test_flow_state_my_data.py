"""My data dispatches each of its buttons through one table: every button it shows has a step."""

from __future__ import annotations

from handlers.flows import link_accounts, my_data
from handlers.flows.actions.my_data import ACTIONS


def test_every_button_of_my_data_has_its_step():
    assert set(my_data.STEPS) == set(ACTIONS)


def test_the_linking_buttons_go_to_linking_chats():
    for action in ("link", "enter", "requests", "unlink"):
        assert my_data.STEPS[action] is link_accounts.STEPS[action]
