"""Moving through the intake: asking, reading an answer, Back, Skip, Cancel and misses."""

from __future__ import annotations

import re
from dataclasses import replace

from handlers import answers, intents, regions, words
from handlers.flows import aside
from handlers.flows.common import row_id, split_data
from handlers.flows.intake.keyboard import controls, question_keyboard
from handlers.flows.intake.questions import BY_SLOT, ORDER, next_slot, previous_slot
from handlers.flows.intake.summary import confirm_profile, show_summary
from handlers.flows.menu import menu_message
from handlers.i18n import _, current_language
from handlers.messages import Button, Message
from handlers.turn import Turn

MAX_MISSES = 3
# The languages whose free answers the intake's readers understand well enough to invite typing;
# in the others (Vietnamese, Chinese: numbers, ages, yes and no, regions and a few words are
# read) the questions ask for a button.
TYPING_LANGUAGES = ("ko", "en")


def typing_read() -> bool:
    return current_language() in TYPING_LANGUAGES


# The control words an intake question acts on (from `handlers.words`); yes and no are answers.
CONTROL_WORDS = ("back", "skip", "stop", "menu", "help", "person")


def control_of(text: str) -> str | None:
    """back, skip, cancel, menu, help or person, when that is all the typed text says."""
    word = words.control_word(text)
    return {"stop": "cancel"}.get(word or "", word) if word in CONTROL_WORDS else None


async def start(turn: Turn, greeting: str = "") -> list[Message]:
    """Begin (or begin again, keeping earlier answers) at the first question, in one bubble."""
    profile = await turn.uow.profiles.get(turn.user.id)
    given = _answers_of(profile) if profile else {}
    turn.go(
        "intake",
        "ask",
        answers=given,
        slot=ORDER[0],
        misses=0,
        page=0,
        picked=[],
        started=turn.now.isoformat(),
        nudged=False,
    )
    intro = (
        _(
            "To find courses that fit you, I'll ask a few short questions.\n"
            "Press a button or just type your answer."
        )
        if typing_read()
        else _(
            "To find courses that fit you, I'll ask a few short questions.\nPlease press a button."
        )
    )
    question = ask(turn)
    text = "\n".join(part for part in (greeting, intro, "", question.text) if part is not None)
    return [Message(text=text.lstrip("\n"), buttons=question.buttons)]


def _answers_of(profile) -> dict:
    given = {}
    for slot in ORDER:
        value = getattr(profile, slot)
        if value:
            given[slot] = list(value) if isinstance(value, tuple) else value
    return given


def _still_possible(slot: str, given: dict) -> bool:
    """Counted while the answer that decides it is still to come, so the total never grows."""
    deciding = {"sigungu": "sido", "break_length": "situation"}.get(slot)
    return deciding is not None and deciding not in given


def ask(turn: Turn) -> Message:
    slot = turn.data["slot"]
    question = BY_SLOT[slot]
    given, picked = turn.data["answers"], turn.data.get("picked", [])
    ahead = [s for s in ORDER if BY_SLOT[s].applies(given) or _still_possible(s, given)]
    position, total = ahead.index(slot) + 1, len(ahead)
    text = f"({position}/{total}) " + _(question.prompt)
    keyboard = question_keyboard(question, given, picked, turn.data.get("page", 0))
    return Message(text=text, buttons=keyboard)


async def on_input(turn: Turn) -> list[Message]:
    namespace, value = split_data(turn.incoming.data)
    if namespace == "in":
        return await _on_button(turn, value)
    if namespace:
        return [Message(text=_("That button is from an earlier question.")), ask(turn)]
    return await _on_text(turn, turn.incoming.text or "")


async def _on_button(turn: Turn, value: str) -> list[Message]:
    action, _sep, code = value.partition(":")
    question = BY_SLOT.get(turn.data.get("slot", ""))
    if turn.step == "summary":
        return await _on_summary(turn, action, code)
    if turn.step == "confirm_region" and action in ("y", "n", "c"):
        return await _on_region_confirmed(turn, action != "n", code)
    if action in ("back", "skip", "cancel"):
        return await CONTROLS[action](turn)
    if action == "p" and row_id(code) is not None:
        turn.data["page"] = row_id(code)
        return [ask(turn)]
    if question and action == "a" and code in question.codes(turn.data["answers"]):
        return await answer(turn, code)
    if question and question.multi and action in ("t", "done", "none"):
        return await _on_several(turn, action, code)
    return [Message(text=_("That button is from an earlier question.")), ask(turn)]


async def _on_several(turn: Turn, action: str, code: str) -> list[Message]:
    question = BY_SLOT[turn.data["slot"]]
    picked = list(turn.data.get("picked", []))
    if action == "none":
        everything = question.slot == "availability"
        return await answer(turn, list(question.codes({})) if everything else [])
    if action == "done":
        return await answer(turn, picked)
    if code not in question.codes(turn.data["answers"]):
        return [ask(turn)]
    if turn.incoming.typed:  # a typed answer sets the choice and goes on; it never un-picks
        return await answer(turn, [c for c in question.codes({}) if c in {*picked, code}])
    picked.remove(code) if code in picked else picked.append(code)
    turn.data["picked"] = picked
    return [ask(turn)]


async def _on_text(turn: Turn, text: str) -> list[Message]:
    action = control_of(text)
    if action in CONTROLS:
        return await CONTROLS[action](turn)
    if turn.step == "summary":
        return await _on_summary_text(turn, text, action)
    if turn.step == "confirm_region":
        yes = answers.read_yes_no(text)
        if yes is not None:
            return await _on_region_confirmed(turn, yes)
        turn.step = "ask"  # another place typed instead: read it as the answer
        turn.data.pop("pending", None)
        turn.data.pop("candidates", None)
    if action:
        return await aside.serve(turn, action, text, _ask_again)
    slot = turn.data["slot"]
    if slot in ("sido", "sigungu"):
        return await _on_region_text(turn, text)
    value = BY_SLOT[slot].read(text, turn.now.astimezone(turn.tz).date())
    if value is None or (isinstance(value, tuple) and not value and slot != "constraints"):
        return await _not_an_answer(turn, text)
    also = {}
    if slot == "situation" and value == "career_break":  # "6년 쉬었어요" answers two questions
        length = (answers.read_situation(text) or (None, None))[1]
        also = {"break_length": length} if length else {}
    if BY_SLOT[slot].multi:
        picked = set(turn.data.get("picked") or ()) | set(value)
        value = tuple(code for code in BY_SLOT[slot].codes({}) if code in picked)
    return await answer(turn, list(value) if isinstance(value, tuple) else value, also)


async def _not_an_answer(turn: Turn, text: str) -> list[Message]:
    """Something else asked for (a search, the bus, a person …) is served; else a miss."""
    intent = intents.intent_of(text)
    if intent is None:
        return miss(turn)
    if intent == "search" and turn.data["slot"] in ("sido", "sigungu", "age_band"):
        named = answers.read_interests(text)  # what she typed is kept as her interest
        if named and not turn.data["answers"].get("interests"):
            turn.data["answers"]["interests"] = list(named)
    return await aside.serve(turn, intent, text, _ask_again)


# What a typed text at the summary may name, to change that answer.
SUMMARY_WORDS = {
    "sido": r"지역|사는곳|동네|주소|시군구|area|place|where",
    "age_band": r"나이|연세|연령|age",
    "situation": r"상황|경력|situation",
    "interests": r"관심|분야|interest|field",
    "availability": r"시간|요일|언제|time|day",
    "constraints": r"도움|돌봄|통역|help|childcare|interpreter",
}


async def _on_summary_text(turn: Turn, text: str, action: str | None) -> list[Message]:
    """Typed at the summary: a yes shows the courses, naming an answer changes it, anything
    else gets the summary again with its buttons."""
    if action:
        return await aside.serve(turn, action, text, _summary_again)
    flat = words.compact(text)
    for slot, pattern in SUMMARY_WORDS.items():
        if re.search(pattern, flat):
            return await _on_summary(turn, "e", slot)
    said = words.confirmation(text)
    if said or intents.intent_of(text) == "recommend":
        return await confirm_profile(turn)
    summary = show_summary(turn)
    lead = (
        _("Which answer would you like to change?")
        if said is False
        else _('Sorry, I didn\'t catch that. Press "Show my courses", or an answer to change.')
    )
    return [Message(text=f"{lead}\n\n{summary.text}", buttons=summary.buttons)]


async def _on_region_text(turn: Turn, text: str) -> list[Message]:
    found = regions.read_region(text)
    if found.sigungu and found.sido:
        turn.step = "confirm_region"
        turn.data["pending"] = {"sido": found.sido, "sigungu": found.sigungu}
        question = _("Is it {place}?", place=f"{found.sido} {found.sigungu}")
        yes_no = (Button(_("Yes, that's right"), "in:y"), Button(_("No"), "in:n"))
        return [Message(text=question, buttons=(yes_no, controls()))]
    if found.candidates:
        buttons = [
            Button(f"{c.sido} {c.sigungu or ''}".strip(), f"in:c:{i}")
            for i, c in enumerate(found.candidates[:8])
        ]
        turn.step = "confirm_region"
        turn.data["candidates"] = [
            {"sido": c.sido, "sigungu": c.sigungu} for c in found.candidates[:8]
        ]
        return [
            Message(
                text=_("Which one do you mean?"),
                buttons=tuple((b,) for b in buttons) + (controls(),),
            )
        ]
    if found.sido:
        turn.data["answers"]["sido"] = found.sido
        turn.data.update(slot="sigungu", page=0, misses=0)
        return [ask(turn)]
    return await _not_an_answer(turn, text)


async def _on_region_confirmed(turn: Turn, yes: bool, choice: str = "") -> list[Message]:
    pending = turn.data.pop("pending", None)
    candidates = turn.data.pop("candidates", None) or []
    if row_id(choice) is not None and row_id(choice) < len(candidates):
        pending = candidates[row_id(choice)]
    turn.step = "ask"
    if not yes or not pending:
        turn.data.update(slot="sido", page=0)
        return [Message(text=_("Sorry. Let's try again.")), ask(turn)]
    turn.data["answers"]["sido"] = pending["sido"]
    turn.data["answers"].pop("sigungu", None)
    turn.data.update(slot="sigungu", page=0, misses=0)
    if not pending.get("sigungu"):  # "충청도": which of the two was chosen; now the 시/군/구
        return [ask(turn)]
    return await answer(turn, pending["sigungu"])


async def _ask_again(turn: Turn) -> list[Message]:
    return [ask(turn)]


async def _summary_again(turn: Turn) -> list[Message]:
    return [show_summary(turn)]


def miss(turn: Turn) -> list[Message]:
    """A typed answer that could not be used: a hint, and the question with its own buttons;
    from the third miss on, also a way to a person."""
    misses = turn.data.get("misses", 0) + 1
    turn.data["misses"] = misses
    question = BY_SLOT[turn.data["slot"]]
    again = ask(turn)
    if misses < MAX_MISSES:
        hint = _(question.hint) if typing_read() else _("Please choose one of the buttons.")
        text = _("Sorry, I couldn't use that answer.") + "\n" + hint
        return [Message(text=text), again]
    text = _(
        "It's fine to press a button instead, or to skip this question.\n"
        'If you\'d rather talk to a person, choose "Talk to a counsellor".'
    )
    person = (Button(_("Talk to a counsellor"), "menu:person"),)
    return [Message(text=text), replace(again, buttons=(*again.buttons, person))]


async def answer(turn: Turn, value, also: dict | None = None) -> list[Message]:
    """Store the answer (and any next one it also gave) and go on: the next question, or the
    summary when editing or done."""
    slot = turn.data["slot"]
    turn.data["answers"][slot] = value
    if slot == "sido":
        turn.data["answers"].pop("sigungu", None)
    turn.data["answers"].update(also or {})
    turn.data.update(misses=0, page=0, picked=[])
    following = next_slot(slot, turn.data["answers"])
    while following in (also or {}):
        following = next_slot(following, turn.data["answers"])
    editing_done = (
        turn.data.get("editing")
        and slot != "sido"
        and not (slot == "situation" and following == "break_length")
    )
    if following is None or editing_done:
        return [show_summary(turn)]
    turn.data["slot"] = following
    turn.data["picked"] = (
        list(turn.data["answers"].get(following) or []) if BY_SLOT[following].multi else []
    )
    return [ask(turn)]


async def back(turn: Turn) -> list[Message]:
    if turn.step == "summary":
        turn.step = "ask"
        return [ask(turn)]
    earlier = previous_slot(turn.data["slot"], turn.data["answers"])
    if earlier is None:
        return [Message(text=_("This is the first question.")), ask(turn)]
    turn.step = "ask"
    turn.data.update(slot=earlier, page=0, misses=0)
    turn.data["picked"] = (
        list(turn.data["answers"].get(earlier) or []) if BY_SLOT[earlier].multi else []
    )
    return [ask(turn)]


async def skip(turn: Turn) -> list[Message]:
    if turn.step != "ask":
        turn.step = "ask"
    turn.data["answers"].pop(turn.data["slot"], None)
    turn.data.update(misses=0, page=0, picked=[])
    following = next_slot(turn.data["slot"], turn.data["answers"])
    if following == "sigungu" and "sido" not in turn.data["answers"]:
        following = next_slot("sigungu", turn.data["answers"])
    if following is None or turn.data.get("editing"):
        return [show_summary(turn)]
    turn.data["slot"] = following
    return [ask(turn)]


async def cancel(turn: Turn) -> list[Message]:
    text = _(
        "All right, we'll stop here. Nothing new was saved.\n"
        'You can start again from "Find a course".'
    )
    return [menu_message(turn, text)]


async def _on_summary(turn: Turn, action: str, code: str) -> list[Message]:
    if action == "ok":
        return await confirm_profile(turn)
    if action == "e" and code in BY_SLOT:
        turn.step = "ask"
        turn.data.update(slot=code, editing=True, page=0, misses=0)
        turn.data["picked"] = (
            list(turn.data["answers"].get(code) or []) if BY_SLOT[code].multi else []
        )
        return [ask(turn)]
    if action in ("back", "skip", "cancel"):
        return await CONTROLS[action](turn)
    return [show_summary(turn)]


CONTROLS = {"back": back, "skip": skip, "cancel": cancel}
