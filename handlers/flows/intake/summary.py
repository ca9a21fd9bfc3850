"""The intake's summary: every answer on one screen, any one of them changeable."""

from __future__ import annotations

from dataclasses import replace

from handlers.flows.intake.actions import Edit, ShowCourses
from handlers.flows.intake.questions import BY_SLOT, ORDER
from handlers.flows.intake.state import keep, state_of
from handlers.flows.recommendations import recommendations
from handlers.formatting import list_text
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Profile

# The summary's lines; the area is one line for two questions.
LINES = ("sido", "age_band", "situation", "interests", "availability", "constraints")


def answer_text(slot: str, given: dict) -> str:
    """An answer as the person reads it back."""
    if slot == "sido":
        place = " ".join(part for part in (given.get("sido"), given.get("sigungu")) if part)
        return place or _("skipped")
    value = given.get(slot)
    labels = BY_SLOT[slot].codes(given)
    if value is None:
        return _("skipped")
    if slot == "availability" and isinstance(value, list) and set(value) == set(labels):
        return _(BY_SLOT[slot].none_label)  # every time of day and week: "any time"
    if isinstance(value, list):
        return list_text(_(labels[code]) for code in value if code in labels) or _("none")
    text = _(labels[value]) if value in labels else str(value)
    lengths = BY_SLOT["break_length"].codes(given)
    if slot == "situation" and given.get("break_length") in lengths:
        # TRANSLATORS: a career break and its length, e.g. "경력단절 (3~5년)".
        text = _("{situation} ({length})", situation=text, length=_(lengths[given["break_length"]]))
    return text


def answer_line(slot: str, given: dict) -> str:
    """ "· 관심 분야: 요양·돌봄 및 조리" (Chinese writes the colon its own way)."""
    return _("· {label}: {answer}", label=_(BY_SLOT[slot].label), answer=answer_text(slot, given))


def profile_lines(profile: Profile) -> list[str]:
    """A stored profile as the summary's lines, for "My data"."""
    given = {
        slot: list(v) if isinstance(v, tuple) else v
        for slot in ORDER
        if (v := getattr(profile, slot)) is not None
    }
    return [answer_line(slot, given) for slot in LINES]


def show_summary(turn: Turn) -> Message:
    turn.step = "summary"
    state = replace(state_of(turn), editing=False)
    keep(turn, state)
    given = state.answers
    lines = [_("Here is what you told me:")]
    lines += [answer_line(slot, given) for slot in LINES]
    lines.append(_("Is this right? You can change any answer."))
    edits = [
        Button(_("Change: {what}", what=_(BY_SLOT[slot].label)), Edit(slot).encode())
        for slot in LINES
    ]
    rows = [tuple(edits[i : i + 2]) for i in range(0, len(edits), 2)]
    rows.insert(0, (Button(_("Show my courses"), ShowCourses().encode()),))
    return Message(text="\n".join(lines), buttons=tuple(rows))


def profile_of(turn: Turn) -> Profile:
    given = state_of(turn).answers
    return Profile(
        user_id=turn.user.id,
        sido=given.get("sido"),
        sigungu=given.get("sigungu"),
        age_band=given.get("age_band"),
        situation=given.get("situation"),
        break_length=given.get("break_length")
        if given.get("situation") == "career_break"
        else None,
        interests=tuple(given.get("interests") or ()),
        availability=tuple(given.get("availability") or ()),
        constraints=tuple(given.get("constraints") or ()),
    )


async def confirm_profile(turn: Turn) -> list[Message]:
    profile = profile_of(turn)
    existing = await turn.uow.profiles.get(turn.user.id)
    if existing and existing.phone:  # the phone is asked at booking, not here; keep it
        profile = replace(profile, phone=existing.phone)
    await turn.uow.profiles.save(profile, turn.now)
    turn.go("menu", "idle")
    return await recommendations(turn, profile)
