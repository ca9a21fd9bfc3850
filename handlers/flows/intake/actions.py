"""The intake's buttons, typed: an answer (`in:a:<code>`), a tick of a several-answer question
(`in:t:<code>`), "none"/"done" under one, a page of options (`in:p:<page>`), Back, Skip and
Stop (`in:back`, `in:skip`, `in:cancel`), yes or no to a guessed region (`in:y`, `in:n`) or one
of several (`in:c:<index>`), and at the summary: change an answer (`in:e:<slot>`) or show the
courses (`in:ok`). Codes of options may be Korean (a 시/군/구)."""

from __future__ import annotations

from handlers.flows.button_data import Code, Named, OnRow, Tag, Text, decode_as


class Answer(Text):
    prefix = "in:a"


class Pick(Text):
    """Tick or untick an option of a several-answer question."""

    prefix = "in:t"


class Several(Named):
    """ "None of these" or "Done" under a several-answer question."""

    prefix = "in"
    names = ("none", "done")


class Control(Named):
    prefix = "in"
    names = ("back", "skip", "cancel")


class Page(OnRow):
    prefix = "in:p"


class RegionAnswer(Named):
    """Yes or no to "Is it 경기도 광명시?"."""

    prefix = "in"
    names = ("y", "n")


class Candidate(OnRow):
    """One of several places a typed name could be (its place in the list)."""

    prefix = "in:c"


class Edit(Code):
    """Change one answer (a line of the summary)."""

    prefix = "in:e"


class ShowCourses(Tag):
    prefix = "in:ok"


KINDS = (Answer, Pick, Several, Control, Page, RegionAnswer, Candidate, Edit, ShowCourses)
Action = Answer | Pick | Several | Control | Page | RegionAnswer | Candidate | Edit | ShowCourses
YES, NO = RegionAnswer("y"), RegionAnswer("n")
EXAMPLES = (
    Answer("40s"),
    Answer("경상남도 창원시 마산회원구"),
    Pick("care"),
    *(Several(name) for name in Several.names),
    *(Control(name) for name in Control.names),
    Page(0),
    Page(2),
    YES,
    NO,
    Candidate(7),
    Edit("availability"),
    ShowCourses(),
)


def decode(data: str | None) -> Action | None:
    return decode_as(KINDS, data)
