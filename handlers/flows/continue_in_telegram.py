"""Continuing in Telegram, where reminders arrive on time: a chat that cannot be reminded
offers a Telegram link; opening it in Telegram shows what would move and moves it when she
says yes.

The link carries a random token (only its keyed hash is stored), good once and for
`LIFETIME`; a new link replaces the old. Nothing moves into a Telegram chat that has data of
its own or is staff, the web chat's other linked chats stay behind (unlinked, afresh), and
every move leaves an audit row. A used, expired or unknown link changes nothing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from handlers.answers import clean, read_yes_no
from handlers.flows.actions.other_chats import MoveAnswer, decode
from handlers.flows.menu import menu_message
from handlers.flows.onboarding import start as greet
from handlers.flows.stored import present, read_fields, stored_text
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.repositories.move_tokens import Belongings

PURPOSE = "move-link"
LIFETIME = timedelta(minutes=10)
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,60}")
MOVED = "person.moved"


@dataclass(frozen=True, slots=True)
class MoveState:
    """The link being answered: its token's keyed hash (stored as `{"link": ...}`)."""

    link: str | None = None

    def to_data(self) -> dict[str, Any]:
        return present({"link": self.link})

    @classmethod
    def from_data(cls, data: object) -> MoveState:
        return cls(**read_fields(data, {"link": stored_text}))


async def telegram_button(turn: Turn) -> Button | None:
    """The button that opens the bot in Telegram with a fresh link, for someone whose chat
    cannot be reminded (the web chat; KakaoTalk without the Event API)."""
    username = turn.settings.telegram_username()
    if not username or turn.user.channel in turn.settings.push_channels:
        return None
    token = secrets.token_urlsafe(24)
    await turn.uow.move_tokens.issue(
        turn.user.id, _digest(turn, token), turn.now + LIFETIME, turn.now
    )
    return Button(_("Continue in Telegram"), url=f"https://t.me/{username}?start=w{token}")


def _digest(turn: Turn, token: str) -> str:
    return turn.settings.links.digest(PURPOSE, token)


async def arrive(turn: Turn, payload: str) -> list[Message] | None:
    """/start w<token> in Telegram: what would move, and a question; None when the payload is
    no such link."""
    if turn.incoming.channel != "telegram" or not payload.startswith("w"):
        return None
    token_hash = _digest(turn, payload[1:]) if TOKEN.fullmatch(payload[1:]) else ""
    source = await _source(turn, token_hash)
    if source is None:
        return await _dead_link(turn)
    refusal = await _refusal(turn)
    if refusal:
        return await _answer_and_go_on(turn, refusal)
    things = await turn.uow.move_tokens.belongings(source)
    turn.go("move", "confirm", **MoveState(token_hash).to_data())
    return [_question(things)]


async def _source(turn: Turn, token_hash: str) -> int | None:
    """The web person a live link moves, if it may move into this chat at all."""
    source = await turn.uow.move_tokens.holder(token_hash, turn.now) if token_hash else None
    if source is None or source == turn.user.id:
        return None
    if await turn.uow.account_links.primary_of(source) is not None:
        return None  # linked to another person since: she has nothing of her own to move
    return source


async def _refusal(turn: Turn) -> str | None:
    """Why nothing may move into this Telegram chat, or None."""
    for chat in await turn.uow.account_links.chats(turn.user.id):
        if await turn.uow.staff.role_of(chat.channel, chat.external_id) is not None:
            return _(
                "This is a staff chat, so nothing can be moved into it.\n"
                "Please open the link in your own Telegram."
            )
    if not (await turn.uow.move_tokens.belongings(turn.user.id)).is_empty:
        return _(
            "This Telegram chat already has its own answers or bookings,\n"
            "so nothing was moved into it.\n"
            'To use both chats together, press "Link a chat" in My data.'
        )
    return None


async def _dead_link(turn: Turn) -> list[Message]:
    text = _(
        "This link doesn't work any more: it was used already,\n"
        "or it is older than 10 minutes.\n"
        "Nothing has changed. Please open a new link from the web chat."
    )
    return await _answer_and_go_on(turn, text)


async def _answer_and_go_on(turn: Turn, text: str) -> list[Message]:
    """`text`, then the menu, or the greeting for a chat that has not answered it yet."""
    if turn.user.has_consented:
        turn.go("menu", "idle")
        return [menu_message(turn, text)]
    return [Message(text=text), *await greet(turn)]


def _question(things: Belongings) -> Message:
    lines = [_("This link moves your data from the web chat to this Telegram chat:")]
    if things.answers:
        lines.append("· " + _("your answers (area, age and so on)"))
    lines.append("· " + _("bookings: {count}", count=things.bookings))
    if things.waiting:
        lines.append("· " + _("waiting places: {count}", count=things.waiting))
    lines.append("· " + _("alerts: {count}", count=things.alerts))
    if things.phone_end:
        lines.append("· " + _("phone number ending in {digits}", digits=things.phone_end))
    if things.linked_chats:
        lines.append(_("Chats linked to the web chat don't come along: they start afresh."))
    lines.append(_("After the move, the web chat no longer shows them. Move them?"))
    buttons = (
        (
            Button(_("Yes, move them"), MoveAnswer("yes").encode()),
            Button(_("No, leave them"), MoveAnswer("no").encode()),
        ),
    )
    return Message(text="\n".join(lines), buttons=buttons)


async def on_answer(turn: Turn) -> list[Message]:
    """The answer to "Move them?": a button, or a typed plain yes or no."""
    answer = _answer(turn)
    if answer is None:
        things = await _pending(turn)
        if things is None:
            return await _dead_link(turn)
        again = Message(text=_('Please press "Yes, move them" or "No, leave them".'))
        return [again, _question(things)]
    if not answer:
        return await _nothing_moved(turn)
    return await _move(turn)


def _answer(turn: Turn) -> bool | None:
    """True only for the yes button or a typed message that is one plain yes word."""
    action = decode(turn.incoming.data)
    if isinstance(action, MoveAnswer):
        return action.name == "yes"
    if turn.incoming.data:
        return None
    said = read_yes_no(turn.incoming.text)
    if said is True and len(clean(turn.incoming.text).split()) != 1:
        return None  # "네 근데..." is not a plain yes
    return said


async def _pending(turn: Turn) -> Belongings | None:
    source = await _source(turn, MoveState.from_data(turn.data).link or "")
    return await turn.uow.move_tokens.belongings(source) if source else None


async def _nothing_moved(turn: Turn) -> list[Message]:
    return await _answer_and_go_on(turn, _("All right, nothing was moved."))


async def _move(turn: Turn) -> list[Message]:
    token_hash = MoveState.from_data(turn.data).link or ""
    source = await _source(turn, token_hash)
    refusal = await _refusal(turn) if source else None
    if source is None or refusal:
        return await _answer_and_go_on(turn, refusal) if refusal else await _dead_link(turn)
    old = await turn.uow.users.get(source)
    things = await turn.uow.move_tokens.belongings(source)
    if old is None or await turn.uow.move_tokens.use(token_hash, turn.now) != source:
        return await _dead_link(turn)
    await turn.uow.move_tokens.move_person(source, turn.user.id)
    detail = {
        "from_user": source,
        "from_channel": old.channel,
        "to_user": turn.user.id,
        "bookings": things.bookings,
        "alerts": things.alerts,
        "unlinked_chats": things.linked_chats,
    }
    await turn.uow.audit.record(f"telegram:{turn.user.id}", MOVED, detail, turn.now)
    turn.user = await turn.uow.users.get(turn.user.id)
    if old.language in turn.settings.languages:
        turn.speak(turn.user.language or old.language)
    turn.go("menu", "idle")
    text = _(
        "Welcome! Your bookings and alerts from the web chat are here now.\n"
        "Reminders will come to this chat."
    )
    return [menu_message(turn, text)]
