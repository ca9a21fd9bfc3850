"""Staff's buttons under today's bookings: came (`st:a:<booking id>`), did not come
(`st:n:<booking id>`)."""

from __future__ import annotations

from handlers.flows.button_data import OnRow, decode_as


class Came(OnRow):
    prefix = "st:a"


class NoShow(OnRow):
    prefix = "st:n"


EXAMPLES = (Came(999_999_999_999_999_999), NoShow(1))


def decode(data: str | None) -> Came | NoShow | None:
    return decode_as((Came, NoShow), data)
