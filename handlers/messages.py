"""The channel-neutral message model: an `Incoming` goes into the engine, a `Reply` comes out.

Channels translate their own updates into an `Incoming` and render a `Reply` within their own
limits. Nothing here knows about Telegram, Kakao or the web page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Data a channel sends when the user opens (or reopens) the chat without typing anything.
RESUME = "sys:resume"


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a user did: typed `text` or pressed a button carrying `data`."""

    channel: str  # "telegram", "kakao", "web"
    external_id: str  # the user's id inside that channel
    text: str | None = None
    data: str | None = None
    language_hint: str | None = None  # e.g. Telegram's language_code or Accept-Language
    typed: bool = False  # `data` came from a button's label typed as text

    @property
    def command(self) -> str | None:
        """`/start@ilteo_bot args` -> `start`; None when the text is not a command."""
        if not self.text or not self.text.startswith("/"):
            return None
        head = self.text[1:].split(maxsplit=1)[0] if len(self.text) > 1 else ""
        return head.split("@", 1)[0].lower() or None


@dataclass(frozen=True, slots=True)
class Button:
    """A button under a message: it either sends `data` back or opens `url`."""

    label: str
    data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place to pin on a map (Telegram venue, a map link elsewhere)."""

    latitude: float
    longitude: float
    title: str
    address: str
    map_url: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file: channels that can send files send `content`; others link to `url`."""

    filename: str
    content: bytes
    mime_type: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """A titled item in a list (a programme, a visit); a card where a channel has them."""

    title: str
    description: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    """One bubble: text, buttons in rows, and optional extras."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    cards: tuple[Card, ...] = ()
    location: Location | None = None
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers to one `Incoming`, already translated into the user's language."""

    messages: tuple[Message, ...] = field(default_factory=tuple)
    language: str = "ko"
    # Whether the chat's recent replies leave room under its channel's per-chat rate, so the
    # reply may ride in the answer to the incoming request (else it goes by the channel's API).
    inline: bool = True

    @classmethod
    def of(cls, *messages: Message, language: str = "ko") -> Reply:
        return cls(messages=tuple(messages), language=language)
