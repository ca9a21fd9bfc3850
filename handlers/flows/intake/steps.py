"""Moving through the intake: asking, reading an answer, Back, Skip, Cancel and misses."""

from __future__ import annotations

from dataclasses import replace

from handlers import answers, intents, regions, words
from handlers.flows import aside
from handlers.flows.actions.menu import Menu
from handlers.flows.intake import actions
from handlers.flows.intake.keyboard import controls, question_keyboard
from handlers.flows.intake.questions import BY_SLOT, ORDER, next_slot, previous_slot
from handlers.flows.intake.state import IntakeState, keep, state_of
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
    turn.go("intake", "ask", **IntakeState(answers=given, started=turn.now.isoformat()).to_data())
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
    state = state_of(turn)
    question, given = BY_SLOT[state.slot], state.answers
    ahead = [s for s in ORDER if BY_SLOT[s].applies(given) or _still_possible(s, given)]
    position, total = ahead.index(state.slot) + 1, len(ahead)
    text = f"({position}/{total}) " + _(question.prompt)
    keyboard = question_keyboard(question, given, list(state.picked), state.page)
    return Message(text=text, buttons=keyboard)


async def on_input(turn: Turn) -> list[Message]:
    if turn.incoming.data:  # a button of another question or flow decodes to None
        return await _on_button(turn, actions.decode(turn.incoming.data))
    return await _on_text(turn, turn.incoming.text or "")


async def _on_button(turn: Turn, action: actions.Action | None) -> list[Message]:
    state = state_of(turn)
    question = BY_SLOT.get(state.slot)
    if turn.step == "summary":
        return await _on_summary(turn, action)
    if turn.step == "confirm_region" and isinstance(action, actions.RegionAnswer):
        return await _on_region_confirmed(turn, action == actions.YES)
    if turn.step == "confirm_region" and isinstance(action, actions.Candidate):
        return await _on_region_confirmed(turn, True, action.id)
    if isinstance(action, actions.Control):
        return await CONTROLS[action.name](turn)
    if isinstance(action, actions.Page):
        keep(turn, replace(state, page=action.id))
        return [ask(turn)]
    if question and isinstance(action, actions.Answer):
        if action.name in question.codes(state.answers):
            return await answer(turn, action.name)
    if question and question.multi and isinstance(action, actions.Pick | actions.Several):
        return await _on_several(turn, action)
    return [Message(text=_("That button is from an earlier question.")), ask(turn)]


async def _on_several(turn: Turn, action: actions.Pick | actions.Several) -> list[Message]:
    state = state_of(turn)
    question, picked = BY_SLOT[state.slot], list(state.picked)
    if action == actions.Several("none"):
        everything = question.slot == "availability"
        return await answer(turn, list(question.codes({})) if everything else [])
    if action == actions.Several("done"):
        return await answer(turn, picked)
    code = action.name
    if code not in question.codes(state.answers):
        return [ask(turn)]
    if turn.incoming.typed:  # a typed answer sets the choice and goes on; it never un-picks
        return await answer(turn, [c for c in question.codes({}) if c in {*picked, code}])
    picked.remove(code) if code in picked else picked.append(code)
    keep(turn, replace(state, picked=tuple(picked)))
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
        keep(turn, state_of(turn).settled())
    if action:
        return await aside.serve(turn, action, text, _ask_again)
    slot = state_of(turn).slot
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
        picked = set(state_of(turn).picked) | set(value)
        value = tuple(code for code in BY_SLOT[slot].codes({}) if code in picked)
    return await answer(turn, list(value) if isinstance(value, tuple) else value, also)


async def _not_an_answer(turn: Turn, text: str) -> list[Message]:
    """Something else asked for (a search, the bus, a person …) is served; else a miss."""
    intent = intents.intent_of(text)
    if intent is None:
        return miss(turn)
    state = state_of(turn)
    if intent == "search" and state.slot in ("sido", "sigungu", "age_band"):
        named = answers.read_interests(text)  # what she typed is kept as her interest
        if named and not state.answers.get("interests"):
            keep(turn, state.with_answers(interests=list(named)))
    return await aside.serve(turn, intent, text, _ask_again)


async def _on_summary_text(turn: Turn, text: str, action: str | None) -> list[Message]:
    """Typed at the summary: a yes shows the courses, naming an answer changes it, anything
    else gets the summary again with its buttons."""
    if action:
        return await aside.serve(turn, action, text, _summary_again)
    if slot := words.answer_named(text):
        return await _on_summary(turn, actions.Edit(slot))
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
        keep(turn, replace(state_of(turn), pending={"sido": found.sido, "sigungu": found.sigungu}))
        place = f"{found.sido} {found.sigungu}"
        question = _("Is it {place}?", place=place)
        yes_no = (
            Button(_("Yes, that's right"), actions.YES.encode()),
            Button(_("No"), actions.NO.encode()),
        )
        return [Message(text=question, buttons=(yes_no, controls()))]
    if found.candidates:
        buttons = [
            Button(f"{c.sido} {c.sigungu or ''}".strip(), actions.Candidate(i).encode())
            for i, c in enumerate(found.candidates[:8])
        ]
        turn.step = "confirm_region"
        offered = tuple({"sido": c.sido, "sigungu": c.sigungu} for c in found.candidates[:8])
        keep(turn, replace(state_of(turn), candidates=offered))
        return [
            Message(
                text=_("Which one do you mean?"),
                buttons=tuple((b,) for b in buttons) + (controls(),),
            )
        ]
    if found.sido:
        keep(turn, state_of(turn).with_answers(sido=found.sido).at("sigungu"))
        return [ask(turn)]
    return await _not_an_answer(turn, text)


async def _on_region_confirmed(turn: Turn, yes: bool, choice: int | None = None) -> list[Message]:
    state = state_of(turn)
    pending, candidates = state.pending, state.candidates
    if choice is not None and choice < len(candidates):
        pending = candidates[choice]
    turn.step = "ask"
    state = state.settled()
    if not yes or not pending:
        keep(turn, replace(state, slot="sido", page=0))
        return [Message(text=_("Sorry. Let's try again.")), ask(turn)]
    state = state.without_answer("sigungu").with_answers(sido=pending["sido"])
    keep(turn, state.at("sigungu"))
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
    state = state_of(turn)
    misses = state.misses + 1
    keep(turn, replace(state, misses=misses))
    question = BY_SLOT[state.slot]
    again = ask(turn)
    if misses < MAX_MISSES:
        hint = _(question.hint) if typing_read() else _("Please choose one of the buttons.")
        text = _("Sorry, I couldn't use that answer.") + "\n" + hint
        return [Message(text=text), again]
    text = _(
        "It's fine to press a button instead, or to skip this question.\n"
        'If you\'d rather talk to a person, choose "Talk to a counsellor".'
    )
    person = (Button(_("Talk to a counsellor"), Menu("person").encode()),)
    return [Message(text=text), replace(again, buttons=(*again.buttons, person))]


async def answer(turn: Turn, value, also: dict | None = None) -> list[Message]:
    """Store the answer (and any next one it also gave) and go on: the next question, or the
    summary when editing or done."""
    state = state_of(turn)
    slot = state.slot
    if slot == "sido":
        state = state.without_answer("sigungu")
    state = state.with_answers(**{slot: value, **(also or {})}).fresh()
    following = next_slot(slot, state.answers)
    while following in (also or {}):
        following = next_slot(following, state.answers)
    editing_done = (
        state.editing
        and slot != "sido"
        and not (slot == "situation" and following == "break_length")
    )
    if following is None or editing_done:
        keep(turn, state)
        return [show_summary(turn)]
    keep(turn, state.at(following))
    return [ask(turn)]


async def back(turn: Turn) -> list[Message]:
    if turn.step == "summary":
        turn.step = "ask"
        return [ask(turn)]
    state = state_of(turn)
    earlier = previous_slot(state.slot, state.answers)
    if earlier is None:
        return [Message(text=_("This is the first question.")), ask(turn)]
    turn.step = "ask"
    keep(turn, state.at(earlier))
    return [ask(turn)]


async def skip(turn: Turn) -> list[Message]:
    if turn.step != "ask":
        turn.step = "ask"
    state = state_of(turn)
    state = state.without_answer(state.slot).fresh()
    following = next_slot(state.slot, state.answers)
    if following == "sigungu" and "sido" not in state.answers:
        following = next_slot("sigungu", state.answers)
    if following is None or state.editing:
        keep(turn, state)
        return [show_summary(turn)]
    keep(turn, replace(state, slot=following))
    return [ask(turn)]


async def cancel(turn: Turn) -> list[Message]:
    text = _(
        "All right, we'll stop here. Nothing new was saved.\n"
        'You can start again from "Find a course".'
    )
    return [menu_message(turn, text)]


async def _on_summary(turn: Turn, action: actions.Action | None) -> list[Message]:
    if isinstance(action, actions.ShowCourses):
        return await confirm_profile(turn)
    if isinstance(action, actions.Edit) and action.name in BY_SLOT:
        code = action.name
        turn.step = "ask"
        keep(turn, state_of(turn).at(code, editing=True))
        return [ask(turn)]
    if isinstance(action, actions.Control):
        return await CONTROLS[action.name](turn)
    return [show_summary(turn)]


CONTROLS = {"back": back, "skip": skip, "cancel": cancel}
