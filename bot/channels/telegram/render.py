"""Render a channel-neutral `Reply` as Bot API calls, within Telegram's limits.

Text goes as HTML (the Reply's text is plain, so it is escaped) and is split at line
boundaries past 4096 characters; buttons become an inline keyboard under the last part;
cards become extra text blocks whose buttons join the keyboard; a location becomes a venue
(a map pin of its own, so `map_url` is not needed) and an attachment a document. A button
Telegram would refuse (callback data over 64 bytes) is dropped with a warning rather than
failing the whole message.

Sent `patiently`, a call that Telegram answers 429 waits the retry_after it was given and goes
again (a reply to a person must not be lost); the outbox instead reschedules (notifier.py).
"""

from __future__ import annotations

import asyncio
import html
import re
import warnings
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

import structlog
from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from handlers.messages import Button, Card, Message, Reply

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
URL_SCHEMES = ("http://", "https://", "tg://")
PATIENT_TRIES = 6  # a reply waits out this many 429s in a row before it is given up

log = structlog.get_logger(__name__)


async def send_reply(
    bot: Bot,
    chat_id: int,
    reply: Reply,
    *,
    answer_webhook: Callable[[dict[str, Any]], None] | None = None,
    patiently: bool = False,
) -> int:
    """Send every message of `reply` to the chat; return how many Bot API messages went out.

    When the update came by webhook and the reply is one plain text, `answer_webhook` takes it
    instead: Telegram performs a method given in the webhook's response, which saves a request.
    """
    if answer_webhook is not None and (inline := webhook_answer(chat_id, reply)) is not None:
        answer_webhook(inline)
        return 1
    sent = 0
    for message in reply.messages:
        sent += await send_message(bot, chat_id, message, patiently)
    return sent


async def send_message(bot: Bot, chat_id: int, message: Message, patiently: bool = False) -> int:
    """Send one bubble: its text parts, then its venue and document; the keyboard rides along."""
    chunks = split_html(message_lines(message))
    calls = _text_calls(bot, chat_id, chunks) + _extra_calls(bot, chat_id, message)
    keyboard = inline_keyboard(message_keyboard(message))
    if keyboard and calls:
        at = max(len(chunks) - 1, 0)  # under the last text part, else under the venue/document
        calls[at] = partial(calls[at], reply_markup=keyboard)
    elif keyboard:
        log.warning("telegram.keyboard_without_message", chat_id=chat_id)
    for call in calls:
        await (_wait_out_limits(call) if patiently else call())
    return len(calls)


async def _wait_out_limits(call: Callable[[], Awaitable[Any]]) -> None:
    for attempt in range(PATIENT_TRIES):
        try:
            await call()
            return
        except RetryAfter as error:
            if attempt == PATIENT_TRIES - 1:
                raise
            seconds = retry_after_s(error)
            log.info("telegram.reply_waits", retry_after_s=seconds)
            await asyncio.sleep(seconds)


def retry_after_s(error: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives an int or (with PTB_TIMEDELTA) a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)  # the int form is deprecated
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _text_calls(bot: Bot, chat_id: int, chunks: list[str]) -> list[Callable[..., Awaitable[Any]]]:
    return [
        partial(bot.send_message, chat_id=chat_id, text=chunk, parse_mode=ParseMode.HTML)
        for chunk in chunks
    ]


def _extra_calls(bot: Bot, chat_id: int, message: Message) -> list[Callable[..., Awaitable[Any]]]:
    calls: list[Callable[..., Awaitable[Any]]] = []
    if place := message.location:
        calls.append(
            partial(
                bot.send_venue,
                chat_id=chat_id,
                latitude=place.latitude,
                longitude=place.longitude,
                title=place.title,
                address=place.address,
            )
        )
    if attachment := message.attachment:
        document = (
            InputFile(attachment.content, filename=attachment.filename)
            if attachment.content
            else attachment.url
        )
        if document:
            calls.append(partial(bot.send_document, chat_id=chat_id, document=document))
    return calls


def webhook_answer(chat_id: int, reply: Reply) -> dict[str, Any] | None:
    """`sendMessage` as a webhook response body, when the reply is a single text message."""
    if len(reply.messages) != 1:
        return None
    message = reply.messages[0]
    chunks = split_html(message_lines(message))
    if len(chunks) != 1 or message.location or message.attachment:
        return None
    answer = {"method": "sendMessage", "chat_id": chat_id, "text": chunks[0], "parse_mode": "HTML"}
    keyboard = keyboard_json(message_keyboard(message))
    if keyboard:
        answer["reply_markup"] = keyboard
    return answer


def message_lines(message: Message) -> list[tuple[str, bool]]:
    """The bubble's plain lines, each with whether it is a (bold) card title."""
    lines = [(line, False) for line in message.text.split("\n")]
    for number, card in enumerate(message.cards):
        lines += [("", False), (f"{card_mark(number)} {card.title}", True)]
        lines += [(line, False) for line in card.description.split("\n")]
    return lines


def card_mark(number: int) -> str:
    """①, ②, … : a card's text and its buttons carry the same mark, since Telegram shows all
    the buttons of a message together under it."""
    return chr(0x2460 + number) if number < 20 else f"({number + 1})"


def message_keyboard(message: Message) -> list[tuple[Button, ...]]:
    """The cards' buttons first, marked like their cards, then the message's own (the way out)."""
    return [*card_buttons(message.cards), *message.buttons]


def card_buttons(cards: Iterable[Card]) -> list[tuple[Button, ...]]:
    return [
        tuple(replace(button, label=f"{card_mark(number)} {button.label}") for button in row)
        for number, card in enumerate(cards)
        for row in card.buttons
    ]


def split_html(lines: list[tuple[str, bool]], limit: int = MAX_TEXT) -> list[str]:
    """Escape the lines and pack them into HTML messages of at most `limit` characters.

    Lines are kept whole where possible; a line longer than a message is cut at spaces.
    Length is counted in UTF-16 code units, which is never less than Telegram's count.
    """
    pieces = [piece for plain, bold in lines for piece in _fit_line(plain, bold, limit)]
    return [chunk for chunk in _pack(pieces, limit, "\n") if chunk.strip()]


def _fit_line(plain: str, bold: bool, limit: int) -> list[str]:
    whole = f"<b>{_escape(plain)}</b>" if bold and plain else _escape(plain)
    if _units(whole) <= limit:
        return [whole]
    words = re.findall(r"\S+\s*|\s+", plain)
    return _pack([token for word in words for token in _word_tokens(word, limit)], limit, "")


def _word_tokens(word: str, limit: int) -> list[str]:
    """A word as one escaped token, or letter by letter when it alone is over the limit."""
    escaped = _escape(word)
    return [escaped] if _units(escaped) <= limit else [_escape(letter) for letter in word]


def _pack(parts: list[str], limit: int, separator: str) -> list[str]:
    """Greedily join parts (each within `limit`) into as few strings within `limit` as fit."""
    packed: list[str] = []
    current: str | None = None
    for part in parts:
        candidate = part if current is None else current + separator + part
        if _units(candidate) <= limit:
            current = candidate
            continue
        if current is not None:
            packed.append(current)
        current = part
    if current is not None:
        packed.append(current)
    return packed


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def inline_keyboard(rows: Iterable[Iterable[Button]]) -> InlineKeyboardMarkup | None:
    """Buttons in rows; buttons Telegram would refuse are left out, and so are emptied rows."""
    markup = keyboard_json(rows)
    return InlineKeyboardMarkup.de_json(markup, None) if markup else None


def keyboard_json(rows: Iterable[Iterable[Button]]) -> dict[str, Any] | None:
    """The inline keyboard as Bot API JSON, without building PTB objects (the webhook answer)."""
    kept = [[b for b in map(_button_json, row) if b is not None] for row in rows]
    kept = [row for row in kept if row]
    return {"inline_keyboard": kept} if kept else None


def _button_json(button: Button) -> dict[str, Any] | None:
    if not button.label.strip():
        log.warning("telegram.button_dropped", reason="empty_label")
    elif button.url:
        if button.url.startswith(URL_SCHEMES):
            return {"text": button.label, "url": button.url}
        log.warning("telegram.button_dropped", reason="url_scheme")
    else:
        size = len((button.data or "").encode())
        if 1 <= size <= MAX_CALLBACK_DATA:
            return {"text": button.label, "callback_data": button.data}
        log.warning("telegram.button_dropped", reason="callback_data_size", data_bytes=size)
    return None
