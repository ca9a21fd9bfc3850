"""Alert buttons: `sub:<kind>:<target>` for news of a course (`p`, its id), a region (`r`,
"경기도 광명시"), a field (`f`, its code), the bus in a zone (`z`, its code) or a reminder of
one bus visit (`v`, its id); and `unsub:<id>` to stop one alert."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.flows.button_data import OnRow, Text, argument, decode_as

# A subscription's kind as stored, and its letter in button data.
SHORT = {"programme": "p", "field": "f", "region": "r", "bus_zone": "z", "bus_visit": "v"}
KIND_OF = {short: kind for kind, short in SHORT.items()}


@dataclass(frozen=True, slots=True)
class Subscribe:
    kind: str
    target: str

    def encode(self) -> str:
        return f"sub:{SHORT[self.kind]}:{self.target}"

    @classmethod
    def read(cls, data: str) -> Subscribe | None:
        short, _sep, target = (argument(data, "sub") or "").partition(":")
        if short not in KIND_OF or not Text.allows(target):
            return None
        return cls(KIND_OF[short], target)


class Unsubscribe(OnRow):
    prefix = "unsub"


EXAMPLES = (
    Subscribe("programme", "999999999999999999"),
    Subscribe("region", "경상남도 창원시 마산회원구"),
    Subscribe("field", "care"),
    Subscribe("bus_zone", "southwest"),
    Subscribe("bus_visit", "12"),
    Unsubscribe(7),
)


def decode(data: str | None) -> Subscribe | Unsubscribe | None:
    return decode_as((Subscribe, Unsubscribe), data)
