"""Dates, times and numbers as people of each language read them, in the local time zone.

Korean reads "9월 18일(목)" and "오후 2시"; the patterns are translatable strings, so a new
language brings its own with its catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.lists import format_list

from handlers.i18n import _, current_language


def babel_locale(language: str | None = None) -> str:
    """Babel's name for one of our language codes (`zh_Hans` is already one)."""
    return language or current_language()


ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
]


def list_text(items: Iterable[str], style: ListStyle = "standard") -> str:
    """Items joined the way her language joins them: "A, B 및 C", "A, B, and C", "A、B和C".
    `style` is CLDR's ("standard" for "and", "or", "unit"...)."""
    items = list(items)
    try:
        return format_list(items, style=style, locale=babel_locale())
    except KeyError:  # a style CLDR lacks for this language (Babel has no Vietnamese "unit")
        return format_list(items, style="standard", locale=babel_locale())


def day(value: date) -> str:
    """A day with its weekday: "9월 18일(목)", "Thu, Sep 18"."""
    # TRANSLATORS: a CLDR date pattern for a day with its weekday, e.g. Korean "M월 d일(E)".
    return format_date(value, _("EEE, MMM d"), locale=babel_locale())


def clock(value: datetime, tz: ZoneInfo) -> str:
    """A time of day: "오후 2시", "오전 10시 30분", "2:00 PM"."""
    local = value.astimezone(tz)
    if local.minute == 0:
        # TRANSLATORS: a CLDR time pattern for a whole hour, e.g. Korean "aaaa h시" (오전/오후).
        pattern = _("h a")
    else:
        # TRANSLATORS: a CLDR time pattern with minutes, e.g. Korean "aaaa h시 m분".
        pattern = _("h:mm a")
    return format_time(local, pattern, locale=babel_locale())


def day_and_time_span(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """ "3월 4일(목) 오전 10시~오후 5시"."""
    return _(
        "{day} {start}–{end}",
        day=day(start.astimezone(tz).date()),
        start=clock(start, tz),
        end=clock(end, tz),
    )
