"""Where a booking stands between two messages: the kind, the place, the day whose times are
shown, the slot read back, the booking being moved, and a typed day or time kept until the
place is known.

Stored as the conversation's data in the same shape as before it was typed (ISO dates,
"14:00", ids), so a conversation in progress across a deploy carries on; anything unreadable
in stored data is dropped, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from handlers.dates import When
from handlers.flows.stored import present, stored_id, stored_text
from handlers.turn import Turn

FLOW = "booking"


@dataclass(frozen=True, slots=True)
class BookingState:
    mode: str | None = None  # "visit", "phone" or "bus"
    place: str | None = None  # "c12" (a centre) or "v5" (a bus visit)
    day: date | None = None  # the day whose times are shown
    at: time | None = None  # a typed time, kept while the day is asked
    slot: int | None = None  # the slot read back
    moving: int | None = None  # the booking she is moving to another time
    when: When | None = None  # a typed day or time, kept until the place is known

    def to_data(self) -> dict[str, Any]:
        data = {
            "mode": self.mode,
            "place": self.place,
            "day": _day_text(self.day),
            "at": _time_text(self.at),
            "slot": self.slot,
            "moving": self.moving,
            "when": _when_data(self.when) if self.when else None,
        }
        return present(data)

    @classmethod
    def from_data(cls, data: object) -> BookingState:
        if not isinstance(data, Mapping):
            return cls()
        return cls(
            mode=stored_text(data.get("mode")),
            place=stored_text(data.get("place")),
            day=_day(data.get("day")),
            at=_time(data.get("at")),
            slot=stored_id(data.get("slot")),
            moving=stored_id(data.get("moving")),
            when=_when(data.get("when")),
        )

    def kept(self) -> BookingState:
        """What a new question keeps: a typed day or time, and the booking being moved."""
        return BookingState(when=self.when, moving=self.moving)


def state_of(turn: Turn) -> BookingState:
    """The booking's state, or a fresh one when the conversation is elsewhere."""
    return BookingState.from_data(turn.data) if turn.flow == FLOW else BookingState()


def go(turn: Turn, step: str, state: BookingState) -> None:
    """The next input is read by the booking's `step`, with `state`."""
    turn.go(FLOW, step, **state.to_data())


def _when_data(when: When) -> dict[str, str | None]:
    return {"day": _day_text(when.day), "at": _time_text(when.at)}


def _when(value: object) -> When | None:
    if not isinstance(value, Mapping):
        return None
    day, at = _day(value.get("day")), _time(value.get("at"))
    return When(day, at) if day or at else None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _time(value: object) -> time | None:
    try:
        return time.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _day_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _time_text(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None
