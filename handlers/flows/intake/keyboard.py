"""Buttons of an intake question: its options (paged), ticks for several answers, controls."""

from __future__ import annotations

from handlers.flows.intake.actions import Answer, Control, Page, Pick, Several
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
    kind = Pick if question.multi else Answer
    buttons = [
        Button(("✓ " if code in picked else "") + label, kind(code).encode())
        for code, label in shown
    ]
    width = 3 if all(len(label) <= 5 for _code, label in shown) else 2
    rows = rows_of(buttons, width)
    if (page + 1) * PAGE_SIZE < len(options):
        rows.append((Button(_("More"), Page(page + 1).encode()),))
    elif page > 0:
        rows.append((Button(_("Back to the start of the list"), Page(0).encode()),))
    if question.multi:
        rows.append(multi_row(question, picked))
    rows.append(controls())
    return tuple(rows)


def multi_row(question: Question, picked: list[str]) -> tuple[Button, ...]:
    row = []
    if question.none_label and not picked:
        row.append(Button(_(question.none_label), Several("none").encode()))
    if picked:
        row.append(Button(_("Done"), Several("done").encode()))
    return tuple(row)


def controls() -> tuple[Button, ...]:
    return (
        Button(_("Back"), Control("back").encode()),
        Button(_("Skip"), Control("skip").encode()),
        Button(_("Stop"), Control("cancel").encode()),
    )
