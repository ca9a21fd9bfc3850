"""What a booking button does, typed: one small frozen class per action, `encode()` to the
button's data and `decode()` back.

The encoded strings are the ones buttons already sent carry (`bk:t:12`, `bk:d:2026-11-26`,
`bk:sms:y` …), so a button pressed after a deploy still works. `decode` never raises: data
that is not one of these actions (mistyped, forged, too long, an id no row can have) is None,
which the flow answers as an expired button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Self, get_args

from handlers.booking.places import MODES, parse_place
from handlers.flows.common import row_id

NAMESPACE = "bk"
MAX_BYTES = 64  # Telegram's limit for button data; every action fits


@dataclass(frozen=True, slots=True)
class Pressed:
    """`bk:<code>` or `bk:<code>:<argument>`; each action says its code and its argument."""

    code: ClassVar[str]

    def argument(self) -> str | None:
        return None

    def encode(self) -> str:
        argument = self.argument()
        return f"{NAMESPACE}:{self.code}" + ("" if argument is None else f":{argument}")

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        """The action of this kind that `argument` names, or None."""
        return cls() if argument is None else None


@dataclass(frozen=True, slots=True)
class Bare(Pressed):
    """An action with nothing to act on: `bk:list`."""


@dataclass(frozen=True, slots=True)
class OnRow(Pressed):
    """An action on one row (a slot, a booking, a waitlist entry, a bus visit): `bk:t:12`."""

    id: int

    def argument(self) -> str:
        return str(self.id)

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        number = row_id(argument)
        return None if number is None else cls(number)


@dataclass(frozen=True, slots=True)
class Consent(Bare):
    code = "consent"


@dataclass(frozen=True, slots=True)
class MyBookings(Bare):
    code = "list"


@dataclass(frozen=True, slots=True)
class NewBooking(Bare):
    code = "new"


@dataclass(frozen=True, slots=True)
class OtherDays(Bare):
    code = "days"


@dataclass(frozen=True, slots=True)
class Back(Bare):
    code = "back"


@dataclass(frozen=True, slots=True)
class PickTime(OnRow):
    """A time with a free seat: read it back."""

    code = "t"


@dataclass(frozen=True, slots=True)
class FullTime(OnRow):
    """A full time: offer the waiting list."""

    code = "w"


@dataclass(frozen=True, slots=True)
class Book(OnRow):
    """ "Yes, book it" (or move it) under the read-back."""

    code = "y"


@dataclass(frozen=True, slots=True)
class Wait(OnRow):
    """ "Yes, I'll wait" for a full time."""

    code = "wj"


@dataclass(frozen=True, slots=True)
class TakeSeat(OnRow):
    """ "Book it" under the offer of a freed seat (a waitlist entry)."""

    code = "wa"


@dataclass(frozen=True, slots=True)
class StopWaiting(OnRow):
    """ "No, thanks" to an offer, or "Stop waiting" (a waitlist entry)."""

    code = "wd"


@dataclass(frozen=True, slots=True)
class AskCancel(OnRow):
    code = "c"


@dataclass(frozen=True, slots=True)
class Cancel(OnRow):
    code = "cy"


@dataclass(frozen=True, slots=True)
class Move(OnRow):
    code = "m"


@dataclass(frozen=True, slots=True)
class Keep(OnRow):
    """ "I'll be there" under a reminder."""

    code = "ok"


@dataclass(frozen=True, slots=True)
class BusVisit(OnRow):
    """Booking at one stop of the bus (from its schedule, a broadcast or a poster's link)."""

    code = "v"


@dataclass(frozen=True, slots=True)
class SkipPhone(Pressed):
    """ "Skip" when asked for a number (not for counselling by phone)."""

    code = "ph"

    def argument(self) -> str:
        return "skip"

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        return cls() if argument == "skip" else None


@dataclass(frozen=True, slots=True)
class PhoneReminders(Pressed):
    """Her yes or no to reminders by 알림톡/SMS."""

    wanted: bool
    code = "sms"

    def argument(self) -> str:
        return "y" if self.wanted else "n"

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        return cls(argument == "y") if argument in ("y", "n") else None


@dataclass(frozen=True, slots=True)
class Kind(Pressed):
    """A kind of counselling: a visit, by phone, at the bus."""

    mode: str
    code = "k"

    def argument(self) -> str:
        return self.mode

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        return cls(argument) if argument in MODES else None


@dataclass(frozen=True, slots=True)
class Place(Pressed):
    """A place, by its key: `c<centre id>` or `v<visit id>`."""

    key: str
    code = "p"

    def argument(self) -> str:
        return self.key

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        centre_id, visit_id = parse_place(argument) or (None, None)
        if centre_id is not None:
            return cls(f"c{centre_id}")
        return None if visit_id is None else cls(f"v{visit_id}")


@dataclass(frozen=True, slots=True)
class Day(Pressed):
    day: date
    code = "d"

    def argument(self) -> str:
        return self.day.isoformat()

    @classmethod
    def read(cls, argument: str | None) -> Self | None:
        if argument is None or len(argument) != len("2026-11-26") or not argument.isascii():
            return None
        try:
            return cls(date.fromisoformat(argument))
        except ValueError:
            return None


Action = (
    Consent
    | MyBookings
    | NewBooking
    | OtherDays
    | Back
    | PickTime
    | FullTime
    | Book
    | Wait
    | TakeSeat
    | StopWaiting
    | AskCancel
    | Cancel
    | Move
    | Keep
    | BusVisit
    | SkipPhone
    | PhoneReminders
    | Kind
    | Place
    | Day
)
KINDS: tuple[type[Action], ...] = get_args(Action)
BY_CODE: dict[str, type[Action]] = {kind.code: kind for kind in KINDS}

ROW_ID_EXAMPLE = 10**18 - 1  # the longest id a button can carry (flows.common.row_id)

# One example of every action, for the round-trip test (and any test that wants them all).
EXAMPLES: tuple[Action, ...] = (
    Consent(),
    MyBookings(),
    NewBooking(),
    OtherDays(),
    Back(),
    *(kind(ROW_ID_EXAMPLE) for kind in KINDS if issubclass(kind, OnRow)),
    SkipPhone(),
    PhoneReminders(wanted=True),
    PhoneReminders(wanted=False),
    *(Kind(mode) for mode in MODES),
    Place("c12"),
    Place(f"v{ROW_ID_EXAMPLE}"),
    Day(date(2026, 11, 26)),
)


def decode(data: str | None) -> Action | None:
    """The action a button's data names, or None for anything else."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    namespace, _sep, rest = data.partition(":")
    code, sep, argument = rest.partition(":")
    kind = BY_CODE.get(code) if namespace == NAMESPACE else None
    return kind.read(argument if sep else None) if kind else None


LINK_DIGITS = 9  # a bus visit's id in a link (a /start payload has at most 64 characters)


def deep_link(data: str | None) -> str | None:
    """The booking at a bus visit a shared link carries (`bk:v:12`), else None."""
    pressed = decode(data)
    if isinstance(pressed, BusVisit) and pressed.id < 10**LINK_DIGITS:
        return pressed.encode()
    return None


def poster_link(payload: str) -> str | None:
    """`v<visit id>`, the /start payload of a poster's link, as the booking it leads to."""
    return deep_link(f"{NAMESPACE}:{BusVisit.code}:{payload[1:]}") if payload[:1] == "v" else None
