"""The buttons of /broadcast, typed: what it is about (`bc:l:p`, `bc:l:v`, `bc:l:none`), the
course or visit (`bc:lk:p-<id>`, `bc:lk:v-<id>`), who gets it (`bc:a:<kind>`) and which one
(`bc:t:<region, zone or field>`), a translation (`bc:tr:<language>`), `bc:send`, `bc:cancel`
and stopping a broadcast on its way (`bc:stop:<id>`)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.flows.button_data import Code, Named, OnRow, Tag, Text, argument, decode_as, row_id


class Cancel(Tag):
    prefix = "bc:cancel"


class Send(Tag):
    prefix = "bc:send"


class Stop(OnRow):
    prefix = "bc:stop"


class AboutKind(Named):
    """A course (`p`), a bus visit (`v`) or neither (`none`)."""

    prefix = "bc:l"
    names = ("p", "v", "none")


@dataclass(frozen=True, slots=True)
class About:
    """The course (`p`) or bus visit (`v`) it is about."""

    kind: str
    id: int

    def encode(self) -> str:
        return f"bc:lk:{self.kind}-{self.id}"

    @classmethod
    def read(cls, data: str) -> About | None:
        kind, _sep, number = (argument(data, "bc:lk") or "").partition("-")
        if kind not in ("p", "v") or row_id(number) is None:
            return None
        return cls(kind, row_id(number))


class Audience(Code):
    """Who gets it: everyone, a region, a zone, a field, a course's or the bus's alerts."""

    prefix = "bc:a"


class Target(Text):
    """Which region, zone or field."""

    prefix = "bc:t"


class Translate(Code):
    prefix = "bc:tr"


KINDS = (Cancel, Send, Stop, AboutKind, About, Audience, Target, Translate)
Action = Cancel | Send | Stop | AboutKind | About | Audience | Target | Translate
EXAMPLES = (
    Cancel(),
    Send(),
    Stop(999_999_999_999_999_999),
    *(AboutKind(name) for name in AboutKind.names),
    About("p", 12),
    About("v", 999_999_999_999_999_999),
    Audience("programme"),
    Target("경상남도"),
    Target("care"),
    Translate("zh_Hans"),
)


def decode(data: str | None) -> Action | None:
    return decode_as(KINDS, data)
