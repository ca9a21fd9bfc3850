"""One turn of a conversation: what came in, who sent it, where they are, and the next step."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.booking.policy import BookingPolicy
from handlers.catalogue import CatalogueSnapshot
from handlers.i18n import Translator, _language
from handlers.links import LinkSigner
from handlers.messages import Incoming
from storage.ports.stores import ChatStore
from storage.records import Conversation, User


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """What flows need from the configuration, handed over as values by the wiring."""

    languages: tuple[str, ...]
    timezone: ZoneInfo
    translator: Translator
    retention_days: int = 365
    catalogue: CatalogueSnapshot = field(default_factory=CatalogueSnapshot)
    booking: BookingPolicy = field(default_factory=BookingPolicy)
    # The wiring passes SECRET_KEY; by default a secret of this process only (tests).
    links: LinkSigner = field(
        default_factory=lambda: LinkSigner(secrets.token_urlsafe(32), "http://127.0.0.1:8080")
    )
    # Channels that can be sent a message later (the others collect theirs on return): the
    # wiring names them from its configured notifiers; none unless it does.
    push_channels: frozenset[str] = frozenset()
    # The bot's Telegram username once Telegram is connected (web users are offered it).
    telegram_username: Callable[[], str | None] = lambda: None

    def in_each_language(self, msgid: str) -> list[str]:
        """`msgid` in every offered language, each once (for a line before a language is set)."""
        seen: list[str] = []
        for language in self.languages:
            text = self.translator.gettext(language, msgid)
            if text not in seen:
                seen.append(text)
        return seen


@dataclass(slots=True)
class Turn:
    incoming: Incoming
    user: User
    uow: ChatStore  # every flow's port; a flow's helpers take only their own
    now: datetime
    settings: FlowSettings
    flow: str
    step: str
    data: dict = field(default_factory=dict)
    is_new_user: bool = False
    forget_user: bool = False  # set when the user asked to delete everything

    @property
    def language(self) -> str:
        return _language.get()

    def go(self, flow: str, step: str, **data) -> None:
        """Where the next input will be read."""
        self.flow, self.step, self.data = flow, step, data

    def speak(self, language: str) -> None:
        """From now on this turn answers in `language`."""
        _language.set(language)

    @property
    def state(self) -> Conversation:
        return Conversation(self.user.id, self.flow, self.step, self.data)

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.timezone
