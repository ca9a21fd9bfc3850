"""Buttons of an intake question: its options (paged), ticks for several answers, controls."""

from __future__ import annotations

from handlers.flows.intake.questions import Question
from handlers.i18n import _
from handlers.messages import Button

PAGE_SIZE = 12
Rows = tuple[tuple[Button, ...], ...]


def rows_of(buttons: list[Button], width: int) -> list[tuple[Button, ...]]:
    return [tuple(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def question_keyboard(question: Question, given: dict, picked: list[str], page: int) -> Rows:
    options = question.options(given)
    shown = options[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    action = "t" if question.multi else "a"
    buttons = [
        Button(("✓ " if code in picked else "") + label, f"in:{action}:{code}")
        for code, label in shown
    ]
    width = 3 if all(len(label) <= 5 for _code, label in shown) else 2
    rows = rows_of(buttons, width)
    if (page + 1) * PAGE_SIZE < len(options):
        rows.append((Button(_("More"), f"in:p:{page + 1}"),))
    elif page > 0:
        rows.append((Button(_("Back to the start of the list"), "in:p:0"),))
    if question.multi:
        rows.append(multi_row(question, picked))
    rows.append(controls())
    return tuple(rows)


def multi_row(question: Question, picked: list[str]) -> tuple[Button, ...]:
    row = []
    if question.none_label and not picked:
        row.append(Button(_(question.none_label), "in:none"))
    if picked:
        row.append(Button(_("Done"), "in:done"))
    return tuple(row)


def controls() -> tuple[Button, ...]:
    return (
        Button(_("Back"), "in:back"),
        Button(_("Skip"), "in:skip"),
        Button(_("Stop"), "in:cancel"),
    )
