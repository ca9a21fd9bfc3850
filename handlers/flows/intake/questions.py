"""The intake's questions as data: what each asks, offers and understands when typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from handlers import answers, regions
from handlers.i18n import N_, _, current_language
from handlers.vocabulary import (
    AGE_BANDS,
    AVAILABILITY,
    BREAK_LENGTHS,
    CONSTRAINTS,
    FIELDS,
    SITUATIONS,
)

Answers = dict  # slot -> code, or list of codes for several-answer questions


@dataclass(frozen=True)
class Question:
    slot: str
    prompt: str  # msgid
    hint: str  # msgid, shown when a typed answer could not be used
    label: str  # msgid, the slot's name in the summary
    codes: Callable[[Answers], dict[str, str]]  # code -> label msgid, for the buttons
    # (typed text, today) -> the answer's code(s), or None when it cannot tell
    read: Callable[[str, date], object] = field(default=lambda text, today: None)
    multi: bool = False
    none_label: str | None = None  # several-answer questions: "none of these" / "any"
    applies: Callable[[Answers], bool] = field(default=lambda answers: True)

    def options(self, given: Answers) -> list[tuple[str, str]]:
        """(code, translated label) for every button, in order."""
        return [(code, _(label)) for code, label in self.codes(given).items()]


def _sigungu_codes(given: Answers) -> dict[str, str]:
    return {name: name for name in regions.sigungu_names(given.get("sido") or "")}


def _sido_codes(_given: Answers) -> dict[str, str]:
    """경기, 서울 …; with the romanised name beside it ("경기 Gyeonggi") for a reader of another
    language: the Korean stays, as on signs and letters."""
    if current_language() == "ko":
        return {sido.name: sido.short for sido in regions.SIDO}
    return {sido.name: f"{sido.short} {sido.english}" for sido in regions.SIDO}


QUESTIONS: tuple[Question, ...] = (
    Question(
        "sido",
        N_("Where do you live? Choose your province or city."),
        N_('Type the name of your city or county, e.g. "Gwangmyeong".'),
        N_("Area"),
        _sido_codes,
    ),
    Question(
        "sigungu",
        N_("Which city, county or district?"),
        N_("Please choose one of the buttons, or type its name."),
        N_("Area"),
        _sigungu_codes,
        applies=lambda given: (
            bool(given.get("sido")) and bool(regions.sigungu_names(given["sido"]))
        ),
    ),
    Question(
        "age_band",
        N_("How old are you?"),
        N_('You can type your age, e.g. "42" or "in my 50s".'),
        N_("Age"),
        lambda given: AGE_BANDS,
        read=lambda text, today: answers.read_age_band(text, today.year),
    ),
    Question(
        "situation",
        N_("What is your situation now?"),
        N_('For example: "career break", "looking for work", "working now".'),
        N_("Situation"),
        lambda given: SITUATIONS,
        read=lambda text, today: (answers.read_situation(text) or (None, None))[0],
    ),
    Question(
        "break_length",
        N_("How long has your career break been?"),
        N_('You can type it, e.g. "6 years".'),
        N_("Career break"),
        lambda given: BREAK_LENGTHS,
        read=lambda text, today: answers.read_break_length(text),
        applies=lambda given: given.get("situation") == "career_break",
    ),
    Question(
        "interests",
        N_("What kind of work interests you? You can choose several."),
        N_('For example: "counselling", "cooking", "office work".'),
        N_("Interests"),
        lambda given: FIELDS,
        read=lambda text, today: answers.read_interests(text),
        multi=True,
    ),
    Question(
        "availability",
        N_("When can you take a course? You can choose several."),
        N_('For example: "weekday mornings" or "weekends only".'),
        N_("Free times"),
        lambda given: AVAILABILITY,
        read=lambda text, today: answers.read_availability(text),
        multi=True,
        none_label=N_("Any time"),
    ),
    Question(
        "constraints",
        N_("Do you need any help to take part?"),
        N_('For example: "childcare" or "an interpreter".'),
        N_("Help needed"),
        lambda given: CONSTRAINTS,
        read=lambda text, today: answers.read_constraints(text),
        multi=True,
        none_label=N_("None"),
    ),
)
BY_SLOT = {question.slot: question for question in QUESTIONS}
ORDER = [question.slot for question in QUESTIONS]


def next_slot(after: str | None, given: Answers) -> str | None:
    """The next question that applies after `after` (None: the first), or None at the end."""
    start = ORDER.index(after) + 1 if after else 0
    for slot in ORDER[start:]:
        if BY_SLOT[slot].applies(given):
            return slot
    return None


def previous_slot(before: str, given: Answers) -> str | None:
    for slot in reversed(ORDER[: ORDER.index(before)]):
        if BY_SLOT[slot].applies(given):
            return slot
    return None
