"""First contact: a greeting, the language, and consent to the privacy notice (PIPA Art. 15).

Refusing consent still lets a person browse courses and the bus schedule anonymously.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from babel.dates import format_timedelta

from handlers import answers
from handlers.flows.actions.onboarding import Consent, Language
from handlers.flows.button_data import Code, decode_as
from handlers.flows.common import normalise
from handlers.flows.stored import present, read_fields, stored_text
from handlers.formatting import babel_locale
from handlers.i18n import LANGUAGE_NAMES, N_, _
from handlers.messages import Button, Message
from handlers.turn import Turn
from handlers.words import LANGUAGE_WORDS

CHOOSE_LANGUAGE = N_("Choose your language")


def language_buttons(turn: Turn, kind: type[Code] = Language) -> tuple[tuple[Button, ...], ...]:
    buttons = [
        Button(LANGUAGE_NAMES.get(code, code), kind(code).encode())
        for code in turn.settings.languages
    ]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def language_named(turn: Turn, text: str | None) -> str | None:
    """The offered language a typed answer names ("한국어", "english", "2"), or None."""
    words = normalise(text)
    offered = turn.settings.languages
    if words.isdigit() and 1 <= int(words) <= len(offered):
        return offered[int(words) - 1]
    for code in offered:
        names = (LANGUAGE_NAMES.get(code, code), *LANGUAGE_WORDS.get(code, ()))
        if any(normalise(name) == words for name in names):
            return code
    return None


@dataclass(frozen=True, slots=True)
class OnboardingState:
    """Where a deep link (a QR poster, a shared link) wanted to go, kept through onboarding:
    button data to follow once she has agreed. Stored as `{"then": ...}`, as ever."""

    then: str | None = None

    def to_data(self) -> dict[str, Any]:
        return present({"then": self.then})

    @classmethod
    def from_data(cls, data: object) -> OnboardingState:
        return cls(**read_fields(data, {"then": stored_text}))


def state_of(turn: Turn) -> OnboardingState:
    return OnboardingState.from_data(turn.data)


def ask_language(turn: Turn, greeting: bool = True) -> Message:
    turn.go("onboarding", "language", **state_of(turn).to_data())
    others = [t for t in turn.settings.in_each_language(CHOOSE_LANGUAGE) if t != _(CHOOSE_LANGUAGE)]
    lines = [_("Hello! I'm Ilteo, your helper for jobs and training.")] if greeting else []
    lines += [_("Which language is easiest for you?"), " · ".join(others)]
    return Message(text="\n".join(lines), buttons=language_buttons(turn))


async def start(turn: Turn, then: str | None = None) -> list[Message]:
    """The greeting; `then` is button data to follow once she has agreed (a deep link)."""
    turn.data = OnboardingState(then).to_data()
    return [ask_language(turn)]


def chosen_language(turn: Turn, *kinds: type[Code]) -> str | None:
    """The offered language a button of `kinds` carries or a typed answer names."""
    action = decode_as(kinds, turn.incoming.data)
    code = action.name if action else language_named(turn, turn.incoming.text)
    return code if code in turn.settings.languages else None


async def choose_language(turn: Turn, code: str) -> None:
    await turn.uow.users.set_language(turn.user.id, code)
    turn.speak(code)


async def on_language(turn: Turn) -> list[Message]:
    code = chosen_language(turn, Language)
    if code is None:
        hint = _('Please press one of the buttons, or type a language name such as "한국어".')
        return [Message(text=hint), ask_language(turn, greeting=False)]
    await choose_language(turn, code)
    return [ask_consent(turn)]


def ask_consent(turn: Turn) -> Message:
    turn.go("onboarding", "consent", **state_of(turn).to_data())
    text = _(
        "To recommend courses that fit you, I need a few details.\n"
        "· What I keep: your area, age group, situation (such as a career break),"
        " interests, free times, childcare or interpreter needs,"
        " a phone number (only when you book), and our chat of the last 30 days"
        " (a counsellor reads it only if you ask for one)\n"
        "· What for: course and counselling suggestions, and booking reminders\n"
        "· How long: {retention} after your last visit. You can delete it any time.\n"
        "You can still see courses and the bus schedule without agreeing.",
        retention=retention_text(turn.settings.retention_days),
    )
    return Message(text=text, buttons=consent_buttons())


def consent_buttons() -> tuple[tuple[Button, ...], ...]:
    return (
        (Button(_("I agree"), Consent("yes").encode()),),
        (
            Button(_("Just browse"), Consent("no").encode()),
            Button(_("Tell me more"), Consent("more").encode()),
        ),
    )


def retention_text(days: int) -> str:
    """ "1년", "2 years", "400 days", with each language's own plural (Babel's CLDR data)."""
    keep = timedelta(days=days)
    if days % 365 == 0:
        return format_timedelta(keep, locale=babel_locale())
    return format_timedelta(
        keep, threshold=days + 1, granularity="day", format="long", locale=babel_locale()
    )


def consent_answer(turn: Turn) -> str | None:
    """ "yes", "no" or "more": pressed, or typed at the privacy notice."""
    if turn.incoming.data:
        action = decode_as((Consent,), turn.incoming.data)
        return action.name if action else None
    return answers.read_consent(turn.incoming.text)


def privacy_details(turn: Turn) -> str:
    return _(
        "About your personal data\n"
        "· Who keeps it: the job centre that runs Ilteo\n"
        "· Why: to suggest courses and counselling, and to remind you of bookings\n"
        "· What: area, age group, situation, interests, free times, care or interpreter needs,"
        " phone number for bookings, our chat of the last 30 days (for a counsellor you ask for)\n"
        "· How long: {retention} after your last visit, then it is deleted\n"
        "· You may refuse. Then you can still browse, but not get suggestions or book.\n"
        '· You can see or delete everything any time in "My data".',
        retention=retention_text(turn.settings.retention_days),
    )
