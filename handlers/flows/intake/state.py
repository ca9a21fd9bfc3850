"""Where the intake stands, typed: the answers so far, the open question and what belongs to it
(misses, the page of its options, the ticks of a several-answer question), a guessed place
waiting for a yes, and whether an answer is being changed from the summary.

Stored in the conversation's data as the same keys as ever (`to_data`), so a conversation
saved before this class existed loads (`from_data` fills what it lacks) and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from handlers.flows.intake.questions import BY_SLOT, ORDER
from handlers.turn import Turn

Answers = dict[
    str, Any
]  # slot -> code, or a list of codes (JSON as stored); never changed in place


@dataclass(frozen=True, slots=True)
class IntakeState:
    answers: Answers = field(default_factory=dict)
    slot: str = ORDER[0]
    misses: int = 0
    page: int = 0
    picked: tuple[str, ...] = ()
    editing: bool = False
    pending: dict[str, str | None] | None = None  # "Is it 경기도 광명시?" waiting for a yes
    candidates: tuple[dict[str, str | None], ...] = ()  # "Which one do you mean?"
    started: str = ""  # when this intake began (the nudge's key)
    nudged: bool = False

    @classmethod
    def from_data(cls, data: dict) -> IntakeState:
        return cls(
            answers=dict(data.get("answers") or {}),
            slot=data.get("slot") or ORDER[0],
            misses=int(data.get("misses") or 0),
            page=int(data.get("page") or 0),
            picked=tuple(data.get("picked") or ()),
            editing=bool(data.get("editing")),
            pending=data.get("pending") or None,
            candidates=tuple(data.get("candidates") or ()),
            started=data.get("started") or "",
            nudged=bool(data.get("nudged")),
        )

    def to_data(self) -> dict:
        data = {
            "answers": dict(self.answers),
            "slot": self.slot,
            "misses": self.misses,
            "page": self.page,
            "picked": list(self.picked),
            "started": self.started,
            "nudged": self.nudged,
            "editing": self.editing,
        }
        if self.pending:
            data["pending"] = dict(self.pending)
        if self.candidates:
            data["candidates"] = [dict(c) for c in self.candidates]
        return data

    def at(self, slot: str, **changes: Any) -> IntakeState:
        """On `slot` afresh: no misses, its first page, and the ticks it had (a several-answer
        question shows what was picked before)."""
        multi = BY_SLOT[slot].multi
        picked = tuple(changes.get("answers", self.answers).get(slot) or ()) if multi else ()
        return replace(self, slot=slot, misses=0, page=0, picked=picked, **changes)

    def fresh(self) -> IntakeState:
        """The same question with no misses, its first page and no ticks."""
        return replace(self, misses=0, page=0, picked=())

    def with_answers(self, **given: Any) -> IntakeState:
        return replace(self, answers={**self.answers, **given})

    def without_answer(self, slot: str) -> IntakeState:
        return replace(self, answers={k: v for k, v in self.answers.items() if k != slot})

    def settled(self) -> IntakeState:
        """The place guessed or offered is no longer waiting."""
        return replace(self, pending=None, candidates=())


def state_of(turn: Turn) -> IntakeState:
    """The intake's state in this turn's conversation data."""
    return IntakeState.from_data(turn.data)


def keep(turn: Turn, state: IntakeState) -> None:
    """`state` is where the intake now stands."""
    turn.data = state.to_data()
