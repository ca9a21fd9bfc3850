"""A person chatting with the real conversation engine, for tests that read like a dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from handlers.booking.policy import BookingPolicy
from handlers.catalogue import CatalogueSnapshot
from handlers.engine import ConversationEngine
from handlers.i18n import Translator
from handlers.messages import RESUME, Incoming, Reply
from handlers.search import Tokenizer
from handlers.turn import FlowSettings
from storage.uow import UnitOfWorkFactory

LOCALES = __import__("pathlib").Path(__file__).resolve().parents[1] / "locales"


@dataclass
class Clock:
    """A clock tests move by hand instead of sleeping."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 1, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@lru_cache(maxsize=1)
def shared_tokenizer() -> Tokenizer:
    """The Korean analyser takes seconds to load: tests share one."""
    return Tokenizer()


def make_settings(
    languages=("ko", "en"), booking: BookingPolicy | None = None, **more
) -> FlowSettings:
    return FlowSettings(
        languages=tuple(languages),
        timezone=ZoneInfo("Asia/Seoul"),
        translator=Translator(LOCALES),
        catalogue=CatalogueSnapshot(tokenizer=shared_tokenizer()),
        booking=booking or BookingPolicy(),
        **more,
    )


def make_engine(
    database, clock: Clock, languages=("ko", "en"), booking: BookingPolicy | None = None, **more
) -> ConversationEngine:
    settings = make_settings(languages, booking, **more)
    translator = settings.translator
    return ConversationEngine(UnitOfWorkFactory(database), translator, settings, clock)


@dataclass
class Person:
    engine: ConversationEngine
    external_id: str = "person-1"
    channel: str = "web"
    language_hint: str | None = None
    last: Reply | None = None

    async def say(self, text: str) -> Reply:
        return await self._send(
            Incoming(self.channel, self.external_id, text=text, language_hint=self.language_hint)
        )

    async def press(self, data: str) -> Reply:
        return await self._send(
            Incoming(self.channel, self.external_id, data=data, language_hint=self.language_hint)
        )

    async def open(self) -> Reply:
        return await self.press(RESUME)

    async def _send(self, incoming: Incoming) -> Reply:
        reply = await self.engine.handle(incoming)
        assert reply is not None and reply.messages, "the bot must always answer"
        self.last = reply
        return reply


def text_of(reply: Reply) -> str:
    return "\n".join(message.text for message in reply.messages)


def buttons_of(reply: Reply) -> dict[str, str]:
    """Every data button of a reply (cards included), label -> data."""
    found = {}
    for message in reply.messages:
        rows = list(message.buttons)
        for card in message.cards:
            rows += list(card.buttons)
        for row in rows:
            for button in row:
                if button.data:
                    found[button.label] = button.data
    return found
