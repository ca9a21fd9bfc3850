"""The contracts between the wiring and the channels (bot/channels/{telegram,kakao,web,sms}).

A *channel* is a way people write to ilteo (Telegram, KakaoTalk, the web chat). It adds its
routes to the one aiohttp server, converts what arrives into the engine's `Incoming` (with what
it keeps to answer), and renders the engine's `Reply` into what the chat shows.

A *notifier* sends messages the bot starts (reminders, seat offers, broadcasts), through a
channel (`can_push`: its users can be sent messages later) or as a way of its own that a message
names (`OutboxMessage.via`, the phone), which then also renders it (`Way.render`). The
dispatcher reads `ready`, `batch_size` and `rate` from every notifier, never guessing.

The channels that can be sent messages later are the configured notifiers that say so, named in
one place (`push_channels`); flows learn them from `FlowSettings.push_channels`. A new channel
touches its own folder and the wiring (bot/app.py), nothing in handlers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from aiohttp import web

from handlers.messages import Incoming, Reply
from storage.records import OutboxMessage, User
from storage.uow import UnitOfWork

RawT = TypeVar("RawT")  # what the channel's route reads (an update's JSON, a skill request …)
ArrivedT = TypeVar("ArrivedT")  # that as an `Incoming`, with what the channel keeps to answer
ShownT = TypeVar("ShownT")  # a reply as the chat shows it (a skill response, the web's JSON …)
SentT = TypeVar("SentT")  # what a notifier sends (a Reply; the phone: a filled template)


class Engine(Protocol):
    """What a channel asks for an answer: the conversation engine (a test's double alike)."""

    async def handle(self, incoming: Incoming, dedupe_key: str | None = None) -> Reply | None: ...


class Channel(ABC, Generic[RawT, ArrivedT, ShownT]):
    """A way people write to ilteo, answered by the engine."""

    name: ClassVar[str]  # `Incoming.channel` and `User.channel` of its people

    @abstractmethod
    def register_routes(self, app: web.Application) -> None:
        """Add the channel's routes to the one HTTP server."""

    @abstractmethod
    def convert(self, raw: RawT) -> ArrivedT | None:
        """What arrived, as the engine's `Incoming` with what the channel keeps to answer it;
        None when there is nothing to answer (a channel may refuse bad input instead)."""

    @abstractmethod
    async def render(self, arrived: ArrivedT, reply: Reply) -> ShownT:
        """The engine's `reply` to `arrived`, as the chat shows it (or sends it)."""


class Later(Exception):
    """Not now (quiet hours): the message goes back unsent, due at `at`, no attempt spent."""

    def __init__(self, at: datetime) -> None:
        super().__init__(f"not before {at.isoformat()}")
        self.at = at


class Uncertain(Exception):
    """Whether the message went cannot be told: it is marked unknown (for staff), not resent."""


class Notifier(ABC, Generic[SentT]):
    """Sends what the bot starts to one reader at a time. `send` may raise `SlowDown` (pause
    the channel), `Unreachable` (she blocked the bot) or `Uncertain`; anything else is retried."""

    can_push: ClassVar[bool] = True  # its channel's people can be sent messages later
    rate: float | None = None  # messages a second it paces itself to; None: the dispatcher's

    @property
    def ready(self) -> bool:
        """Connected: nothing is claimed for its readers until it is."""
        return True

    @property
    def batch_size(self) -> int:
        """How many readers one request carries: it is allowed `rate × batch_size` a second."""
        return 1

    @abstractmethod
    async def send(self, external_id: str, message: SentT) -> None:
        """Send `message` to the reader `external_id`; returns once the channel took it."""


class Way(Notifier[SentT]):
    """A way of its own that messages name (`via`): it renders them itself, and no one's
    channel is pushed through it."""

    can_push = False

    @abstractmethod
    async def render(
        self, uow: UnitOfWork, message: OutboxMessage, user: User, now: datetime
    ) -> SentT:
        """The message as this way sends it; raises `Gone` or `Later` instead."""


Notifiers = Mapping[str, Notifier[Any]]


def push_channels(notifiers: Mapping[str, Notifier[Any] | type[Notifier[Any]]]) -> frozenset[str]:
    """The channels whose people can be sent messages later: those of the configured notifiers
    (or notifier kinds) that can push. Everyone else is shown her due messages when she comes
    back."""
    return frozenset(name for name, notifier in notifiers.items() if notifier.can_push)
