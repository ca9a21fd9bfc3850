"""A broadcast being written, typed: its texts by language, the language being written now, the
course or bus visit it is about, the kind of audience whose one target is being asked, and the
audience chosen (in the broadcasts repository's shape: kind, target, centres).

Stored as the conversation's data under the same keys as before it was typed (`texts`,
`writing`, `programme`, `visit`, `kind`, `audience`), so a draft in progress across a deploy
carries on; anything unreadable in stored data is dropped, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handlers.flows.stored import present, read_fields, stored_id, stored_text
from handlers.turn import Turn

FLOW = "broadcast"

# The texts and the audience are never changed in place: a new draft gets new ones.
Texts = dict[str, str]  # language -> text, Korean first
AudienceData = dict[str, Any]  # {"kind": ..., "target": ..., "centres": [...]}


@dataclass(frozen=True, slots=True)
class BroadcastDraft:
    texts: Texts = field(default_factory=dict)
    writing: str | None = None  # a translation being written ("vi"); Korean when None
    programme: int | None = None  # the course it is about
    visit: int | None = None  # the bus visit it is about
    kind: str | None = None  # "region", "zone" or "field" while its target is asked
    audience: AudienceData | None = None  # who gets it, once chosen

    def to_data(self) -> dict[str, Any]:
        return present(
            {
                "texts": dict(self.texts) or None,
                "writing": self.writing,
                "programme": self.programme,
                "visit": self.visit,
                "kind": self.kind,
                "audience": None if self.audience is None else dict(self.audience),
            }
        )

    @classmethod
    def from_data(cls, data: object) -> BroadcastDraft:
        return cls(**read_fields(data, READERS))

    @property
    def language(self) -> str:
        """The language of the next text she types."""
        return self.writing or "ko"


def draft_of(turn: Turn) -> BroadcastDraft:
    """The broadcast being written, or a blank one when the conversation is elsewhere."""
    return BroadcastDraft.from_data(turn.data) if turn.flow == FLOW else BroadcastDraft()


def go(turn: Turn, step: str, draft: BroadcastDraft) -> None:
    """The next input is read by the broadcast's `step`, with `draft`."""
    turn.go(FLOW, step, **draft.to_data())


def _texts(value: object) -> Texts:
    if not isinstance(value, Mapping):
        return {}
    return {
        code: text
        for code, text in value.items()
        if isinstance(code, str) and isinstance(text, str) and text
    }


def _audience(value: object) -> AudienceData | None:
    if not isinstance(value, Mapping) or not isinstance(value.get("kind"), str):
        return None
    return {str(key): item for key, item in value.items()}


READERS = {
    "texts": _texts,
    "writing": stored_text,
    "programme": stored_id,
    "visit": stored_id,
    "kind": stored_text,
    "audience": _audience,
}
