"""The menu's buttons: `menu:<entry>`, one entry of the router's `MENU` each."""

from __future__ import annotations

from handlers.flows.button_data import Named, decode_as

ENTRIES = (
    "home",
    "programmes",
    "intake",
    "bus",
    "alerts",
    "booking",
    "bookings",
    "mydata",
    "help",
    "person",
    "language",
)


class Menu(Named):
    prefix = "menu"
    names = ENTRIES


HOME = Menu("home")
EXAMPLES = tuple(Menu(entry) for entry in ENTRIES)


def decode(data: str | None) -> Menu | None:
    return decode_as((Menu,), data)
