"""The domain records: plain, frozen dataclasses that repositories return.

They carry no database session and no behaviour beyond small derived facts, so that handlers
can be tested with in-memory fakes and no record leaks a connection out of its unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any


@dataclass(frozen=True, slots=True)
class User:
    id: int
    channel: str
    external_id: str
    language: str | None
    consent_at: datetime | None
    created_at: datetime
    last_seen_at: datetime
    notifications: bool = True
    active: bool = True
    secret: str = field(default="", repr=False)  # bound into tokens that name her

    @property
    def has_consented(self) -> bool:
        return self.consent_at is not None


@dataclass(frozen=True, slots=True)
class LinkCode:
    """The one-time code a chat shows so that another chat of the same person can join it
    (only its hash is stored, so the record has no code)."""

    user_id: int
    expires_at: datetime
    used_at: datetime | None = None
    requested_by: int | None = None  # the chat that typed it, waiting for her approval


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a user is in a flow, kept in the database so any process can continue it."""

    user_id: int
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Centre:
    id: int
    key: str
    name: str
    kind: str
    sido: str
    sigungu: str | None
    address: str | None
    phone: str | None
    latitude: float | None = None
    longitude: float | None = None
    is_example: bool = False
    opens_at: time | None = None
    closes_at: time | None = None
    source: str = "demo"


@dataclass(frozen=True, slots=True)
class Cohort:
    id: int
    key: str
    programme_id: int
    number: int | None
    starts_on: date
    ends_on: date | None
    capacity: int | None
    seats_left: int | None
    days: str | None = None
    part_of_day: str | None = None


@dataclass(frozen=True, slots=True)
class Programme:
    id: int
    key: str
    centre_id: int
    title: str
    summary: str
    kind: str
    audience: str
    target_groups: tuple[str, ...]
    fields: tuple[str, ...]
    hours: int | None
    duration_text: str | None
    cost: str | None
    contact: str | None
    url: str | None = None
    source: str = "demo"


@dataclass(frozen=True, slots=True)
class ProgrammeListing:
    """A programme with its centre and its next cohort, as a list shows it."""

    programme: Programme
    centre: Centre
    next_cohort: Cohort | None


@dataclass(frozen=True, slots=True)
class BusZone:
    id: int
    code: str
    name: str
    districts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BusSite:
    id: int
    key: str
    name: str
    zone_id: int
    district: str
    address: str | None
    latitude: float | None
    longitude: float | None
    is_example: bool = False


@dataclass(frozen=True, slots=True)
class BusVisit:
    id: int
    key: str
    site_id: int
    starts_at: datetime
    ends_at: datetime
    services: tuple[str, ...]
    phone: str | None


@dataclass(frozen=True, slots=True)
class BusVisitListing:
    """A visit with its site and zone, as the schedule shows it."""

    visit: BusVisit
    site: BusSite
    zone: BusZone


@dataclass(frozen=True, slots=True)
class Profile:
    """What a person told the intake; codes from `handlers/vocabulary.py`."""

    user_id: int
    sido: str | None = None
    sigungu: str | None = None
    age_band: str | None = None  # 20s, 30s, 40s, 50s, 60s
    situation: str | None = None  # career_break, job_seeking, employed, starting_business
    break_length: str | None = None  # under_1y, 1_3y, 3_5y, 5_10y, over_10y
    interests: tuple[str, ...] = ()  # field codes
    availability: tuple[str, ...] = ()  # weekday, weekend, morning, afternoon
    constraints: tuple[str, ...] = ()  # childcare, interpreter
    phone: str | None = None
    updated_at: datetime | None = None
    phone_notices: bool | None = None  # reminders by 알림톡/SMS: she said yes / no / not asked


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    user_id: int
    kind: str  # region, field, programme, bus_zone, bus_visit
    target: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    key: str
    user_id: int
    kind: str  # reminder, waitlist, nudge, broadcast
    payload: dict[str, Any]
    due_at: datetime
    state: str
    attempts: int
    claimed_at: datetime | None
    claimed_by: str | None
    sent_at: datetime | None
    last_error: str | None
    broadcast_id: int | None = None
    via: str | None = None  # "sms": to her phone by 알림톡/SMS instead of her chat
    sent_as: str | None = None  # what the phone provider sent: ATA, SMS, LMS


@dataclass(frozen=True, slots=True)
class Closure:
    """A day a centre (or, with no centre, every centre) is closed."""

    id: int
    day: date
    centre_id: int | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Slot:
    """A counselling time at a centre or a bus visit; `taken` of `capacity` seats are booked."""

    id: int
    centre_id: int | None
    visit_id: int | None
    mode: str  # visit, phone, bus
    counsellor: str | None
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    user_id: int
    slot_id: int
    programme_id: int | None
    state: str  # active, cancelled, moved, attended, no_show
    phone: str | None
    created_at: datetime
    updated_at: datetime
    secret: str = field(default="", repr=False)  # bound into its calendar link


@dataclass(frozen=True, slots=True)
class WaitlistEntry:
    id: int
    slot_id: int
    user_id: int
    state: str  # waiting, offered, accepted, expired, left
    offered_until: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Broadcast:
    """An announcement to the people who asked for such news; `texts` by language."""

    id: int
    author: str
    texts: dict[str, str]
    audience: dict[str, Any]
    programme_id: int | None
    visit_id: int | None
    state: str  # draft, sending, done, cancelled
    created_at: datetime
    recipients: int = 0
    finished_at: datetime | None = None
    author_channel: str | None = None
    author_external_id: str | None = None
    progress_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose people a staff member may see: the people of `centres`, or everyone (None, the
    admin). A centre's people are those with a booking, a waitlist place or an alert for one
    of its programmes or (a bus centre's) visits."""

    centres: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.centres is None

    def covers(self, other: Scope) -> bool:
        """Whether everything `other` reaches is within this scope too."""
        if self.centres is None:
            return True
        return other.centres is not None and other.centres <= self.centres


EVERYTHING = Scope(None)


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    """A staff row that may act: its role, centres (the scope) and session version."""

    id: int
    role: str
    scope: Scope
    session_version: int
    password_hash: str | None = None
