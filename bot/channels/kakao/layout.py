"""A `Reply` laid out for KakaoTalk: pages of outputs and quick replies within Kakao's limits,
before any JSON is written (render.py writes it).

Kakao answers a request with one skill response: at most 3 outputs and 10 quick replies, and
the quick replies sit under the whole answer, not under one bubble. So:

- the last message's buttons become the quick replies; an earlier message keeps its own (up to
  3) as buttons of a text card, so two bus visits' "Book" buttons never get mixed up;
- link buttons, a place's map link and a file's download link are card buttons (a quick reply
  cannot open a link);
- programmes (cards) become a carousel of text cards, or a list card when each has one button;
- a text over 1,000 characters is split at lines, then at words;
- neighbouring texts are merged, neighbouring cards share a carousel (10 at most);
- whatever still does not fit goes on further pages, and every page but the last ends with a
  "more" quick reply that shows the next one: nothing is ever cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

import structlog

from bot.channels.kakao.labels import first_line, shorten
from bot.channels.kakao.outputs import (
    MAX_CARD_BUTTONS,
    MAX_CARD_TEXT,
    MAX_CARD_TITLE,
    MAX_LIST_HEADER,
    MAX_LIST_ITEMS,
    MAX_LIST_TEXT,
    MAX_LIST_TITLE,
    MAX_OUTPUTS,
    MAX_QUICK_REPLIES,
    MAX_TEXT,
    ListCard,
    ListItem,
    Output,
    Page,
    Text,
    TextCard,
    merged,
    split_text,
)
from bot.channels.kakao.words import Words
from handlers.messages import Button, Card, Message, Reply

MORE = "kakao:more"  # the channel's own "show the next page" button; never reaches the engine
MAX_TAIL = 3  # the way-out row repeated on every page of a long list of quick replies
CALENDAR_TYPES = ("text/calendar",)
KAKAO_MAP = "https://map.kakao.com/link/map/"
log = structlog.get_logger(__name__)


@dataclass
class _Segment:
    """Messages shown together, ending where a set of quick replies must be shown."""

    outputs: list[Output] = field(default_factory=list)
    quick: list[Button] = field(default_factory=list)
    tail: list[Button] = field(default_factory=list)
    repeat: str = ""  # the question to show again above further pages of its quick replies


def lay_out(reply: Reply, words: Words) -> list[Page]:
    """The pages of `reply`; the first is the answer, the others follow on "more"."""
    segments = _segments(reply.messages, words)
    more = Button(words.more, MORE)
    pages: list[Page] = []
    for number, segment in enumerate(segments):
        leads_on = number < len(segments) - 1
        pages += _pages(segment, more, leads_on)
    return pages or [Page([Text(words.more)])]


# --- messages into outputs -------------------------------------------------------------------


def _segments(messages: tuple[Message, ...], words: Words) -> list[_Segment]:
    segments = [_Segment()]
    for index, message in enumerate(messages):
        last = index == len(messages) - 1
        outputs, quick = _message_outputs(message, words, keep_buttons=not last)
        current = segments[-1]
        current.outputs += outputs
        if quick:
            current.quick, current.repeat = quick, message.text
            current.tail = _tail(message, quick)
            if not last:
                segments.append(_Segment())
    if not segments[-1].outputs and not segments[-1].quick and len(segments) > 1:
        segments.pop()
    return segments


def _message_outputs(
    message: Message, words: Words, keep_buttons: bool
) -> tuple[list[Output], list[Button]]:
    """A message's outputs, and the data buttons left for quick replies."""
    flat = _usable(button for row in message.buttons for button in row)
    links = [b for b in flat if b.url]
    data = _unique([b for b in flat if not b.url])
    links += _extra_links(message, words)
    own, quick = links, data
    if keep_buttons and len(links) + len(data) <= MAX_CARD_BUTTONS:
        own, quick = links + data, []
    outputs = _text_outputs(message, own)
    outputs += _card_outputs(message, header_used=_list_header(message) is not None and not own)
    return outputs, quick


def _extra_links(message: Message, words: Words) -> list[Button]:
    """A place as a link to its map, a file as a link to download it (Kakao can send neither)."""
    links = []
    if place := message.location:
        where = f"{place.title},{place.latitude},{place.longitude}"
        links.append(Button(words.open_map, url=place.map_url or KAKAO_MAP + quote(where)))
    attachment = message.attachment
    if attachment and attachment.url:
        calendar = attachment.mime_type in CALENDAR_TYPES
        links.append(
            Button(words.add_to_calendar if calendar else attachment.filename, url=attachment.url)
        )
    elif attachment:
        log.warning("kakao.file_without_link", filename=attachment.filename)
    return links


def _usable(buttons: Iterable[Button]) -> list[Button]:
    """Buttons Kakao can show: a label, and data or a web link (others are logged, not sent)."""
    kept = []
    for button in buttons:
        web = button.url is not None and button.url.startswith(("http://", "https://"))
        if button.label.strip() and (web or (button.data and not button.url)):
            kept.append(button)
        else:
            log.warning(
                "kakao.button_dropped", has_url=bool(button.url), has_data=bool(button.data)
            )
    return kept


def _text_outputs(message: Message, buttons: list[Button]) -> list[Output]:
    text = message.text.strip()
    if not buttons:
        if _list_header(message) is not None:
            return []  # the text heads the list card
        return [Text(part) for part in split_text(text, MAX_TEXT)]
    if len(buttons) <= MAX_CARD_BUTTONS and 0 < len(text) <= MAX_CARD_TEXT:
        return [TextCard(None, text, tuple(buttons), first_line(text))]
    outputs: list[Output] = [Text(part) for part in split_text(text, MAX_TEXT)]
    caption = shorten(first_line(text), MAX_CARD_TITLE) or "·"
    for start in range(0, len(buttons), MAX_CARD_BUTTONS):
        group = tuple(buttons[start : start + MAX_CARD_BUTTONS])
        outputs.append(TextCard(caption, None, group, first_line(text)))
    return outputs


def _card_outputs(message: Message, header_used: bool) -> list[Output]:
    if not message.cards:
        return []
    if header_used:
        return [_list_card(message)]
    outputs: list[Output] = []
    for card in message.cards:
        outputs += _text_cards(card)
    return outputs


def _text_cards(card: Card) -> list[Output]:
    """A card as a text card of up to 3 buttons (more buttons: more cards with its title); a
    title or text too long for a card is shown whole in a text above it."""
    buttons = _usable(b for row in card.buttons for b in row)
    title, description = card.title.strip() or None, card.description.strip() or None
    outputs: list[Output] = []
    too_long = len(title or "") > MAX_CARD_TITLE or len(description or "") > MAX_CARD_TEXT
    if too_long:
        whole = "\n".join(part for part in (title, description) if part)
        outputs += [Text(part) for part in split_text(whole, MAX_TEXT)]
        title, description = shorten(title or description or "·", MAX_CARD_TITLE), None
    groups = [buttons[i : i + MAX_CARD_BUTTONS] for i in range(0, len(buttons), MAX_CARD_BUTTONS)]
    for number, group in enumerate(groups or [[]]):
        text = description if number == 0 else None
        outputs.append(TextCard(title, text, tuple(group), card.title))
    return outputs


def _list_header(message: Message) -> str | None:
    """The message's text when its cards fit a list card under it as header, else None."""
    cards, header = message.cards, message.text.strip()
    if not 0 < len(cards) <= MAX_LIST_ITEMS or not 0 < len(header) <= MAX_LIST_HEADER:
        return None
    if "\n" in header:
        return None
    for card in cards:
        buttons = [b for row in card.buttons for b in row]
        if len(buttons) > 1 or (buttons and not buttons[0].data) or not card.title.strip():
            return None
        if len(card.title) > MAX_LIST_TITLE or len(card.description) > MAX_LIST_TEXT:
            return None
        if "\n" in card.description:
            return None
    return header


def _list_card(message: Message) -> ListCard:
    items = []
    for card in message.cards:
        buttons = [b for row in card.buttons for b in row]
        items.append(
            ListItem(
                card.title.strip(),
                card.description.strip() or None,
                buttons[0] if buttons else None,
            )
        )
    return ListCard(message.text.strip(), tuple(items))


def _tail(message: Message, quick: list[Button]) -> list[Button]:
    """The message's last row (the way out: back, skip, main menu), kept on every page when its
    quick replies need several."""
    if not message.buttons or len(quick) <= MAX_QUICK_REPLIES:
        return []
    row = [b for b in message.buttons[-1] if b in quick]
    return row if 0 < len(row) <= MAX_TAIL else []


def _unique(buttons: list[Button]) -> list[Button]:
    seen: set[str | None] = set()
    kept = []
    for button in buttons:
        if button.data not in seen:
            seen.add(button.data)
            kept.append(button)
    return kept


# --- outputs into pages ----------------------------------------------------------------------


def _pages(segment: _Segment, more: Button, leads_on: bool) -> list[Page]:
    outputs = merged(segment.outputs)
    chunks = [outputs[i : i + MAX_OUTPUTS] for i in range(0, len(outputs), MAX_OUTPUTS)]
    pages = [Page(list(chunk), [more]) for chunk in chunks[:-1]]
    quick_pages = _quick_pages(segment, more, leads_on)
    pages.append(Page(list(chunks[-1]) if chunks else [], quick_pages[0]))
    repeat = split_text(segment.repeat.strip(), MAX_TEXT)
    for quick in quick_pages[1:]:
        pages.append(Page([Text(repeat[-1] if repeat else more.label)], quick))
    if not pages[0].outputs:
        pages[0].outputs.append(Text(repeat[-1] if repeat else more.label))
    return pages


def _quick_pages(segment: _Segment, more: Button, leads_on: bool) -> list[list[Button]]:
    quick = list(segment.quick)
    if len(quick) + leads_on <= MAX_QUICK_REPLIES:
        return [quick + ([more] if leads_on else [])]
    tail = [b for b in segment.tail if b in quick]
    body = [b for b in quick if b not in tail]
    room = MAX_QUICK_REPLIES - 1 - len(tail)
    chunks = [body[i : i + room] for i in range(0, len(body), room)]
    pages = [chunk + [more] + tail for chunk in chunks[:-1]]
    pages.append(chunks[-1] + ([more] if leads_on else []) + tail)
    return pages
