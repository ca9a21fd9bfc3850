"""What the handoff storage hands out: a handoff, its messages, an inbox row, an event of the
live streams and a centre's figures. Plain frozen records; no database in here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

OPEN_STATES = ("waiting", "human")
AUTHORS = ("person", "staff", "bot", "system")


@dataclass(frozen=True, slots=True)
class Handoff:
    """A person's request for a counsellor (`user_id`: the person, `chat_id`: the chat she last
    wrote from; `centre_id` None: the shared queue)."""

    id: int
    user_id: int
    chat_id: int
    centre_id: int | None
    state: str  # bot, waiting, human, closed
    topic: str | None
    staff_id: int | None
    requested_at: datetime
    claimed_at: datetime | None
    first_reply_at: datetime | None
    closed_at: datetime | None
    last_activity_at: datetime
    closed_reason: str | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def waited(self, now: datetime) -> timedelta:
        """How long she waited for a counsellor (until now while nobody has claimed it)."""
        return (self.claimed_at or self.closed_at or now) - self.requested_at


@dataclass(frozen=True, slots=True)
class HandoffMessage:
    id: int
    handoff_id: int
    author: str  # person, staff, bot, system
    staff_id: int | None
    text: str
    created_at: datetime
    read_by_staff_at: datetime | None
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One line of the counsellors' inbox: the handoff, her chat's channel and language, and
    how many of her messages no counsellor has read."""

    handoff: Handoff
    channel: str
    language: str | None
    unread: int


@dataclass(frozen=True, slots=True)
class Transcript:
    handoff: Handoff
    messages: tuple[HandoffMessage, ...]


@dataclass(frozen=True, slots=True)
class HandoffEvent:
    """One change, as the live streams send it: `id` is the stream's event id."""

    id: int
    centre_id: int | None
    handoff_id: int
    kind: str  # requested, message, claimed, transferred, closed, read, removed
    payload: dict
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CentreHandoffFigures:
    """A centre's (None: the shared queue's) handoffs requested in a period."""

    centre_id: int | None
    requested: int
    handled: int  # claimed by a counsellor
    waits: tuple[float, ...]  # seconds from request to claim, of the claimed ones
    first_replies: tuple[float, ...]  # seconds from request to the first reply

    @staticmethod
    def mean(values: tuple[float, ...]) -> float | None:
        return sum(values) / len(values) if values else None
