"""A person chatting with the real conversation engine, for tests that read like a dialogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.channels.base import push_channels
from bot.channels.kakao import KakaoNotifier
from bot.channels.sms import PhoneNotifier
from bot.channels.telegram.notifier import TelegramNotifier
from handlers.booking.policy import BookingPolicy
from handlers.catalogue import CatalogueSnapshot
from handlers.engine import ConversationEngine
from handlers.i18n import Translator
from handlers.messages import RESUME, Incoming, Reply
from handlers.search import Tokenizer
from handlers.turn import FlowSettings
from storage.uow import UnitOfWorkFactory
from tests.fakes.uow import FakeStorage, FakeUnitOfWorkFactory

# What the web chat page's own buttons send (chat.html): "처음으로" and "상담사 연결".
HOME, PERSON = "menu:home", "menu:person"
LOCALES = __import__("pathlib").Path(__file__).resolve().parents[1] / "locales"
# As in a deployment with every notifier configured (bot/app.py wires them the same way).
EVERY_NOTIFIER = {"telegram": TelegramNotifier, "kakao": KakaoNotifier, "sms": PhoneNotifier}
PUSH_CHANNELS = push_channels(EVERY_NOTIFIER)


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
    more.setdefault("push_channels", PUSH_CHANNELS)
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
    return ConversationEngine(units_of_work(database), translator, settings, clock)


def units_of_work(database) -> UnitOfWorkFactory | FakeUnitOfWorkFactory:
    """Units of work on `database`: a real engine, or the in-memory fake storage."""
    if isinstance(database, FakeStorage):
        return FakeUnitOfWorkFactory(database)
    return UnitOfWorkFactory(database)


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

    async def tap(self, label: str, nth: int | None = None) -> Reply:
        """Press the button labelled `label` among those of the last reply (cards included);
        the test fails, naming the labels shown, when none has it. Several buttons with that
        label that do different things (one per card) need `nth`: the first shown is 0."""
        return await self.press(shown_button(self.last, label, nth))

    async def press(self, data: str) -> Reply:
        """Send button data as it is: for a button this reply did not show (a stale or forged
        one); a person presses what she saw (`tap`)."""
        return await self._send(
            Incoming(self.channel, self.external_id, data=data, language_hint=self.language_hint)
        )

    async def open(self) -> Reply:
        """She opens the chat again (the page loads, the app comes to the front)."""
        return await self.press(RESUME)

    async def start_over(self) -> Reply:
        """The web chat page's own "처음으로" button, shown below every conversation."""
        return await self.press(HOME)

    async def ask_for_a_person(self) -> Reply:
        """The web chat page's own "상담사 연결" button."""
        return await self.press(PERSON)

    async def from_menu(self, label: str) -> Reply:
        """Back to the menu ("처음으로"), then its button `label`."""
        await self.start_over()
        return await self.tap(label)

    async def _send(self, incoming: Incoming) -> Reply:
        reply = await self.engine.handle(incoming)
        assert reply is not None and reply.messages, "the bot must always answer"
        self.last = reply
        return reply


def text_of(reply: Reply) -> str:
    return "\n".join(message.text for message in reply.messages)


def shown_button(reply: Reply | None, label: str, nth: int | None = None) -> str:
    """The data of the button labelled `label` in `reply` (the `nth` of several); fails,
    naming what was shown, when there is none, or several that do different things and no
    `nth`."""
    assert reply is not None, f"no button {label!r}: nothing was shown yet"
    found = [data for shown, data in data_buttons(reply) if shown == label]
    labels = [shown for shown, _data in data_buttons(reply)]
    assert found, f"no button {label!r} among the buttons shown: {labels}"
    if nth is not None:
        assert nth < len(found), f"only {len(found)} buttons {label!r}"
        return found[nth]
    assert len(set(found)) == 1, f"several buttons {label!r} do different things: {found}"
    return found[0]


def data_buttons(reply: Reply) -> list[tuple[str, str]]:
    """Every data button of a reply (cards included), in order: (label, data)."""
    found = []
    for message in reply.messages:
        rows = list(message.buttons)
        for card in message.cards:
            rows += list(card.buttons)
        for row in rows:
            found += [(button.label, button.data) for button in row if button.data]
    return found


def buttons_of(reply: Reply) -> dict[str, str]:
    """Every data button of a reply (cards included), label -> data."""
    return dict(data_buttons(reply))
