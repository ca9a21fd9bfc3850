"""What the booking flow says about slots, places and kinds of counselling (the words that
steer it, yes, no, back and the kinds, are read in `handlers.words`)."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_timedelta

from handlers.booking.places import MODE_NAMES, Place
from handlers.flows.booking.actions import AskCancel, Move
from handlers.formatting import babel_locale, clock, day, list_text
from handlers.i18n import _, ngettext
from handlers.korean import before_each
from handlers.messages import Button
from handlers.turn import Turn
from storage.records import Slot


def when_text(turn: Turn, slot: Slot) -> str:
    """ "9월 18일(목) 오후 2시"."""
    local = slot.starts_at.astimezone(turn.tz)
    return _("{day} {time}", day=day(local.date()), time=clock(slot.starts_at, turn.tz))


def slot_line(turn: Turn, slot: Slot, where: Place | None) -> str:
    """ "9월 18일(목) 오후 2시, 광명시여성새일센터 · counselling at the centre"."""
    name = where.name if where else "?"
    return _(
        "{when}, {place} · {kind}",
        when=when_text(turn, slot),
        place=name,
        kind=_(MODE_NAMES.get(slot.mode, MODE_NAMES["visit"])),
    )


def address_line(where: Place | None) -> str | None:
    if where is None or not where.address:
        return None
    return where.address


def offsets_text(offsets: tuple[timedelta, ...]) -> str:
    """ "하루 전과 한 시간 전" / "1 day and 1 hour" / "1天和1小时" for REMINDER_OFFSETS: one
    reminder each, so "and" (a unit list, "1 day 1 hour", would read as one span of 25 hours).
    Korean says "전" after each, so its message has none."""
    locale = babel_locale()
    if locale == "ko":  # "하루 전과 한 시간 전", as people say it
        return before_each(offsets)
    return list_text(format_timedelta(offset, locale=locale) for offset in offsets)


def seats_text(seats: int) -> str:
    return ngettext("{seats} seat left", "{seats} seats left", seats, seats=seats)


def change_or_cancel(booking_id: int) -> tuple[Button, Button]:
    """The two buttons under a booking: change its time, cancel it."""
    return (
        Button(_("Change time"), Move(booking_id).encode()),
        Button(_("Cancel it"), AskCancel(booking_id).encode()),
    )
