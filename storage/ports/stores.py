"""What each flow may reach of storage: one narrow Protocol per flow (its port).

A flow takes its store, not the unit of work, so the type checker sees it use only what it
names, and its tests can hand it an in-memory fake (tests/fakes/uow.py). `ChatStore` is all of
them together: what the conversation engine hands a turn. The chat unit of work
(`storage/uow.py`) satisfies every one of them; the admin web has its own
(`storage/admin_uow.py`).
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from storage.ports.booking import Bookings, Outbox, PhoneNotices, Slots, Waitlist
from storage.ports.catalogue import Broadcasts, Bus, Catalogue, Outcomes, Subscriptions, Views
from storage.ports.chat_log import ChatLog
from storage.ports.handoffs import Handoffs
from storage.ports.people import (
    AccountLinks,
    Audit,
    ChatPace,
    Conversations,
    Inbox,
    MoveTokens,
    PersonLocks,
    Profiles,
    StaffRoles,
    Users,
)


class ProfileStore(Protocol):
    """Intake, and every flow that reads her answers (courses, search, recommendations)."""

    @property
    def profiles(self) -> Profiles: ...


class IntakeStore(ProfileStore, Protocol):
    """The intake: her answers, kept as she gives them."""


class OnboardingStore(ProfileStore, Protocol):
    """Greeting, language and consent."""

    @property
    def users(self) -> Users: ...


class CatalogueStore(ProfileStore, Protocol):
    """Browsing, searching and recommending courses and the bus."""

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def bus(self) -> Bus: ...

    @property
    def views(self) -> Views: ...


class OutcomeStore(Protocol):
    """Outcomes in the chat: staff's records of a cohort, her "I found a job"."""

    @property
    def outcomes(self) -> Outcomes: ...


class DemoStore(Protocol):
    """What loading the demo catalogue writes (storage/demo.py)."""

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def bus(self) -> Bus: ...

    @property
    def outcomes(self) -> Outcomes: ...


class OutboxStore(Protocol):
    """Messages for later: reminders, nudges, link requests."""

    @property
    def outbox(self) -> Outbox: ...


class NudgeStore(OutboxStore, Protocol):
    """The one nudge to someone who walked away from the intake (handlers/nudges.py)."""

    @property
    def conversations(self) -> Conversations: ...


class BusStore(CatalogueStore, OutboxStore, Protocol):
    """The bus schedule and its day-before reminders."""


class SubscriptionStore(CatalogueStore, OutboxStore, Protocol):
    """Alerts for a programme, a field, a zone or a visit."""

    @property
    def subscriptions(self) -> Subscriptions: ...


class BookingStore(ProfileStore, OutboxStore, Protocol):
    """Booking counselling: places, slots, seats, her bookings, the waitlist, reminders."""

    @property
    def users(self) -> Users: ...

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def bus(self) -> Bus: ...

    @property
    def slots(self) -> Slots: ...

    @property
    def bookings(self) -> Bookings: ...

    @property
    def waitlist(self) -> Waitlist: ...

    @property
    def phone_notices(self) -> PhoneNotices: ...


class LinkStore(BookingStore, Protocol):
    """Linking two chats of one person (and cancelling what a chat gives up)."""

    @property
    def account_links(self) -> AccountLinks: ...

    @property
    def person_locks(self) -> PersonLocks: ...

    @property
    def staff(self) -> StaffRoles: ...


class HandoffStore(CatalogueStore, OutboxStore, Protocol):
    """Asking for a counsellor, the bot silent while one holds the chat, her messages kept
    for the counsellor and theirs delivered to her channel, the timeouts."""

    @property
    def users(self) -> Users: ...

    @property
    def handoffs(self) -> Handoffs: ...


class MyDataStore(LinkStore, SubscriptionStore, HandoffStore, Protocol):
    """My data: what is stored, changing it, withdrawing consent, deleting everything."""

    @property
    def chat_log(self) -> ChatLog: ...


class MoveStore(LinkStore, Protocol):
    """Moving a web chat to Telegram."""

    @property
    def move_tokens(self) -> MoveTokens: ...

    @property
    def audit(self) -> Audit: ...


class StaffStore(BookingStore, Protocol):
    """Staff in the chat: /today, attendance, /stats, /broadcast."""

    @property
    def staff(self) -> StaffRoles: ...

    @property
    def views(self) -> Views: ...

    @property
    def broadcasts(self) -> Broadcasts: ...


class StepStore(Protocol):
    """What the engine itself needs around a step: the person, the inbox, her state, the pace."""

    @property
    def person_locks(self) -> PersonLocks: ...

    @property
    def inbox(self) -> Inbox: ...

    @property
    def users(self) -> Users: ...

    @property
    def conversations(self) -> Conversations: ...

    @property
    def chat_pace(self) -> ChatPace: ...

    @property
    def chat_log(self) -> ChatLog: ...

    async def commit(self) -> None: ...


class ChatStore(
    StepStore,
    MyDataStore,
    MoveStore,
    StaffStore,
    NudgeStore,
    OnboardingStore,
    DemoStore,
    OutcomeStore,
    HandoffStore,
    Protocol,
):
    """Every flow's port together: what a turn carries (`Turn.uow`)."""


class ChatUnitOfWork(ChatStore, Protocol):
    """A `ChatStore` that is one transaction: `async with` it, `commit()` or it rolls back."""

    async def __aenter__(self) -> ChatStore: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
