"""Moving through the intake: asking, reading an answer, Back, Skip, Cancel and misses."""

from __future__ import annotations

from handlers import answers, regions
from handlers.flows.common import normalise, row_id, split_data
from handlers.flows.intake.keyboard import controls, question_keyboard
from handlers.flows.intake.questions import BY_SLOT, ORDER, next_slot, previous_slot
from handlers.flows.intake.summary import confirm_profile, show_summary
from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

MAX_MISSES = 3
# Typed words that work like the control buttons: exact words, and the starts of phrases
# ("그만할게요", "건너뛸게요"); "이전" only alone, since "이전에 일했어요" is an answer.
CONTROL_WORDS = {  # (the whole text, its start), in each language
    "back": (("이전", "뒤로", "이전으로", "back", "previous", "返回", "上一步", "quaylại",
              "quaylai", "trởlại"), ()),
    "skip": (("skip", "pass", "패스", "跳过", "bỏqua", "boqua"), ("건너뛰", "건너뛸", "넘어가",
                                                              "넘길")),
    "cancel": (("stop", "cancel", "quit", "结束", "停止", "取消", "dừng", "dừnglại", "dunglai",
                "hủy", "huy"), ("그만", "취소", "중단", "안할래", "안 할래")),
}  # fmt: skip


def control_of(text: str) -> str | None:
    words = normalise(text)
    for action, (exact, starts) in CONTROL_WORDS.items():
        if words in exact or any(words.startswith(normalise(start)) for start in starts):
            return action
    return None


async def start(turn: Turn, greeting: str = "") -> list[Message]:
    """Begin (or begin again, keeping earlier answers) at the first question, in one bubble."""
    profile = await turn.uow.profiles.get(turn.user.id)
    given = _answers_of(profile) if profile else {}
    turn.go("intake", "ask", answers=given, slot=ORDER[0], misses=0, page=0, picked=[],
            started=turn.now.isoformat(), nudged=False)  # fmt: skip
    intro = _("To find courses that fit you, I'll ask a few short questions.\n"
              "Press a button or just type your answer.")  # fmt: skip
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
    picked.remove(code) if code in picked else picked.append(code)
    turn.data["picked"] = picked
    return [ask(turn)]


async def _on_text(turn: Turn, text: str) -> list[Message]:
    if action := control_of(text):
        return await CONTROLS[action](turn)
    if turn.step == "summary":
        return [Message(text=_("Please use the buttons below.")), show_summary(turn)]
    if turn.step == "confirm_region":
        yes = answers.read_yes_no(text)
        if yes is not None:
            return await _on_region_confirmed(turn, yes)
    slot = turn.data["slot"]
    if slot in ("sido", "sigungu"):
        return await _on_region_text(turn, text)
    value = BY_SLOT[slot].read(text)
    if value is None or (isinstance(value, tuple) and not value and slot != "constraints"):
        return miss(turn)
    also = {}
    if slot == "situation" and value == "career_break":  # "6년 쉬었어요" answers two questions
        length = (answers.read_situation(text) or (None, None))[1]
        also = {"break_length": length} if length else {}
    return await answer(turn, list(value) if isinstance(value, tuple) else value, also)


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
            Button(f"{c.sido} {c.sigungu}", f"in:c:{i}") for i, c in enumerate(found.candidates[:8])
        ]
        turn.step = "confirm_region"
        turn.data["candidates"] = [
            {"sido": c.sido, "sigungu": c.sigungu} for c in found.candidates[:8]
        ]
        return [Message(text=_("Which one do you mean?"),
                        buttons=tuple((b,) for b in buttons) + (controls(),))]  # fmt: skip
    if found.sido:
        turn.data["answers"]["sido"] = found.sido
        turn.data.update(slot="sigungu", page=0, misses=0)
        return [ask(turn)]
    return miss(turn)


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
    turn.data["slot"] = "sigungu"
    return await answer(turn, pending["sigungu"])


def miss(turn: Turn) -> list[Message]:
    misses = turn.data.get("misses", 0) + 1
    turn.data["misses"] = misses
    question = BY_SLOT[turn.data["slot"]]
    if misses < MAX_MISSES:
        return [
            Message(text=_("Sorry, I couldn't use that answer.") + "\n" + _(question.hint)),
            ask(turn),
        ]
    text = _(
        "It's fine to press a button instead, or to skip this question.\n"
        'If you\'d rather talk to a person, choose "Book counselling".'
    )
    return [
        Message(text=text, buttons=((Button(_("Book counselling"), "menu:booking"),),)),
        ask(turn),
    ]


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
