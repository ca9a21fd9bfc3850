"""The `oc:` buttons: her "Yes, tell them" (`oc:y`), and staff's /outcomes buttons on a
participant: confirm her job (`oc:c:<id>`), not so (`oc:x:<id>`), and the marks completed,
dropped out and employed (`oc:s:c:<id>`, `oc:s:d:<id>`, `oc:s:e:<id>`)."""

from __future__ import annotations

from handlers.flows.button_data import OnRow, Tag, decode_as


class TellCentre(Tag):
    prefix = "oc:y"


class ConfirmJob(OnRow):
    prefix = "oc:c"


class NotSo(OnRow):
    prefix = "oc:x"


class Completed(OnRow):
    prefix = "oc:s:c"


class Dropped(OnRow):
    prefix = "oc:s:d"


class Employed(OnRow):
    prefix = "oc:s:e"


Action = TellCentre | ConfirmJob | NotSo | Completed | Dropped | Employed
# What each staff mark sets a participant's path to.
MARKS: dict[type, str] = {Completed: "completed", Dropped: "dropped", Employed: "early"}
EXAMPLES = (
    TellCentre(),
    ConfirmJob(999_999_999_999_999_999),
    NotSo(1),
    Completed(2),
    Dropped(3),
    Employed(4),
)


def decode(data: str | None) -> Action | None:
    return decode_as((TellCentre, ConfirmJob, NotSo, Completed, Dropped, Employed), data)
