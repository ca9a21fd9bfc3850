"""Approving a link: the chat that showed a code decides whether the chat that typed it joins.

Typing a valid code only asks (`send`): nothing is linked until the chat that showed the code
says yes. The web chat and KakaoTalk cannot be sent a message, so there the waiting request
comes with her next message (`with_waiting_request`) or when she presses "Link requests" in
My data; a Telegram chat is also sent it at once (an outbox notice with the two buttons).
Approving links the two chats (the checks run again); refusing spends the code: a code gets
one request, so a guessed or stolen one is worth one refusal and no more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.booking import service
from handlers.flows.actions.my_data import MyData
from handlers.flows.actions.other_chats import LinkAnswer, decode
from handlers.flows.linked_chats import app_name, chats_text, reminders_text, staff_among
from handlers.flows.menu import menu_message
from handlers.formatting import list_text
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.ports.stores import LinkStore
from storage.records import OutboxMessage, User

REQUEST_WAIT = timedelta(minutes=10)
NOTICE = "link_request"
ANSWERS = (LinkAnswer("yes").encode(), LinkAnswer("no").encode())


class NoRequest(Exception):
    """The request a notice was about has been answered or has expired."""


async def send(turn: Turn, owner: User) -> list[Message] | None:
    """`turn.user` typed `owner`'s live code: she now waits for `owner` to approve. None when
    the code was requested or used meanwhile."""
    until = turn.now + REQUEST_WAIT
    if not await turn.uow.account_links.request(owner.id, turn.user.id, turn.now, until):
        return None
    if owner.channel == "telegram":  # the one chat that can be sent buttons at once
        key = f"link-request:{owner.id}:{turn.now.isoformat()}"
        await turn.uow.outbox.enqueue(key, owner.id, "link", {"type": NOTICE}, turn.now)
    text = _(
        'Sent. Please press "Link" in your {app} chat within {minutes} minutes.\n'
        "It shows there with your next message, or in My data.\n"
        "Until then, nothing is shared.",
        app=app_name(owner.channel),
        minutes=int(REQUEST_WAIT.total_seconds() // 60),
    )
    return [menu_message(turn, text)]


def request_message(requester: str) -> Message:
    text = _(
        "A {app} chat asks to be linked with this one.\n"
        "Linked chats share your answers, bookings and phone number.\n"
        "If you did not type your code there yourself, please refuse.",
        app=app_name(requester),
    )
    buttons = ((Button(_("Link"), ANSWERS[0]), Button(_("Don't link"), ANSWERS[1])),)
    return Message(text=text, buttons=buttons)


async def with_waiting_request(turn: Turn, messages: list[Message]) -> list[Message]:
    """`messages`, and after them the request waiting for her answer, if there is one."""
    if turn.incoming.data in (*ANSWERS, MyData("requests").encode()):
        return messages
    requester = await _requester(turn.uow, turn.user.id, turn.now)
    return [*messages, request_message(requester.channel)] if requester else messages


async def show(turn: Turn) -> list[Message]:
    """My data's "Link requests": the waiting one, or that there is none."""
    requester = await _requester(turn.uow, turn.user.id, turn.now)
    if requester is None:
        return [menu_message(turn, _("No chat is waiting to be linked."))]
    return [request_message(requester.channel)]


async def notice(uow: LinkStore, message: OutboxMessage, now: datetime) -> Message:
    """The request as a message sent to a Telegram chat; `NoRequest` once answered."""
    requester = await _requester(uow, message.user_id, now)
    if requester is None:
        raise NoRequest("the link request was answered or expired")
    return request_message(requester.channel)


async def _requester(uow: LinkStore, owner_id: int, now: datetime) -> User | None:
    waiting = await uow.account_links.waiting_request(owner_id, now)
    return await uow.users.get(waiting.requested_by) if waiting else None


async def on_answer(turn: Turn) -> list[Message]:
    """`lk:yes` or `lk:no`: the answer of the chat whose code was typed."""
    links = turn.uow.account_links
    requester = await _requester(turn.uow, turn.user.id, turn.now)
    if requester is None:
        return [menu_message(turn, _("No chat is waiting to be linked."))]
    if decode(turn.incoming.data) != LinkAnswer("yes") or not requester.has_consented:
        await links.use_code(turn.user.id, turn.now)
        text = _("Not linked. That code can't be used again.")
        return [menu_message(turn, text)]
    return await join(turn, turn.user, requester)


async def join(turn: Turn, owner: User, typist: User) -> list[Message]:
    """Link `typist` with `owner`, unless the apps clash or staff are among them; the code
    is spent either way."""
    links = turn.uow.account_links
    if not await links.use_code(owner.id, turn.now):
        return [menu_message(turn, _("No chat is waiting to be linked."))]
    theirs, mine = await links.chats(owner.id), await links.chats(typist.id)
    if await staff_among(turn, theirs + mine):
        return [menu_message(turn, _("Staff chats can't be linked."))]
    both = {chat.channel for chat in theirs} & {chat.channel for chat in mine}
    if both:
        text = _(
            "Both chats are in {app}.\nOnly chats in different apps can be linked.",
            app=list_text(app_name(channel) for channel in sorted(both)),
        )
        return [menu_message(turn, text)]
    primary, alias = _roles(turn, owner, typist)
    await _cancel_double_bookings(turn, alias.id, primary.id)
    await links.link(alias.id, primary.id, turn.now)
    turn.user = await turn.uow.users.get(primary.id)
    if turn.user.language in turn.settings.languages:
        turn.speak(turn.user.language)
    chats = await links.chats(primary.id)
    text = _(
        "Linked! These chats now share your answers, bookings and alerts:\n{chats}",
        chats=chats_text(chats),
    )
    return [menu_message(turn, text + "\n" + reminders_text(turn, turn.user))]


def _roles(turn: Turn, owner: User, typist: User) -> tuple[User, User]:
    """(primary, alias): the code's owner leads, unless only the other can get reminders."""
    push = turn.settings.push_channels
    if owner.channel not in push and typist.channel in push:
        return typist, owner
    return owner, typist


async def _cancel_double_bookings(turn: Turn, alias_id: int, primary_id: int) -> None:
    """A slot both chats booked is kept once: the alias's seat is freed as a cancellation."""
    kept = {slot.id for _booking, slot in await turn.uow.bookings.upcoming(primary_id, turn.now)}
    for booking, slot in await turn.uow.bookings.upcoming(alias_id, turn.now):
        if slot.id in kept:
            await service.cancel(turn.uow, alias_id, booking.id, turn.now, turn.settings.booking)
