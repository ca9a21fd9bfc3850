"""What a typed message asks for when it is not an answer to the open question.

`intent_of` names one of: "person" (to reach a counsellor), "recommend" ("그냥 추천해 주세요"),
"bus", "booking", "mydata", "menu", "help", "language", "search" (a field, a course or a
job named: "바리스타 배우고 싶어요") or "employed" (she found a job: "취직됐어요"), or None.
The control words come from `handlers.words`, the menu's words too, the fields from
`handlers.answers`; this module only decides between them, so that every question reads the
same text the same way.
"""

from __future__ import annotations

from handlers import answers
from handlers.words import (
    asks_how,
    asks_to_recommend,
    compact,
    control_word,
    menu_entry,
    says_employed,
    speaks_of_learning,
)

_MENU_INTENTS = {"home": "menu", "programmes": "search"}


def intent_of(text: str | None) -> str | None:
    """The intent of a message that is not an answer (see the module docstring)."""
    word = control_word(text)
    if word in ("person", "menu", "help"):
        return word
    flat = compact(text)
    if not flat:
        return None
    if says_employed(text):
        return "employed"
    if asks_to_recommend(text):
        return "recommend"
    named = menu_entry(text)
    if named in ("bus", "mydata", "language"):
        return named
    if named == "booking" and not speaks_of_learning(text):
        return "booking"
    if answers.read_interests(text) and speaks_of_learning(text):
        return "search"
    if named == "help" and asks_how(text):
        return "help"
    return _MENU_INTENTS.get(named or "", named)
