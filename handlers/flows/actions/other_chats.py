"""Yes or no to a question another chat asked: moving her web chat's data into Telegram
(`mv:yes`, `mv:no`) and a request to link a chat (`lk:yes`, `lk:no`)."""

from __future__ import annotations

from handlers.flows.button_data import Named, decode_as


class MoveAnswer(Named):
    prefix = "mv"
    names = ("yes", "no")


class LinkAnswer(Named):
    prefix = "lk"
    names = ("yes", "no")


EXAMPLES = tuple(kind(name) for kind in (MoveAnswer, LinkAnswer) for name in ("yes", "no"))


def decode(data: str | None) -> MoveAnswer | LinkAnswer | None:
    return decode_as((MoveAnswer, LinkAnswer), data)
