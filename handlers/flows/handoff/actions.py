"""The handoff's buttons: `ho:end` ends the talk (or withdraws the request), `ho:c:<centre>`
asks for a counsellor of that centre (the one whose course she was looking at); and the menu's
own entries it offers (a counsellor, booking)."""

from __future__ import annotations

from handlers.flows.actions.menu import Menu
from handlers.flows.button_data import OnRow, Tag, decode_as


class End(Tag):
    prefix = "ho:end"


class ForCentre(OnRow):
    prefix = "ho:c"


END = End().encode()
PERSON = Menu("person").encode()
BOOK = Menu("booking").encode()
KINDS = (End, ForCentre)
EXAMPLES = (End(), ForCentre(7), ForCentre(999999999999999999))


def decode(data: str | None) -> End | ForCentre | None:
    return decode_as(KINDS, data)


def centre_of(data: str | None) -> int | None:
    """The centre a `ForCentre` button names, or None."""
    action = decode(data)
    return action.id if isinstance(action, ForCentre) else None
