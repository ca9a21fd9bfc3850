"""Linking chats: the same person in Telegram, KakaoTalk and the web chat as one user.

A user is keyed by channel and the channel's id, so two chats of one person are two users
until she links them with a one-time code:

- "Link a chat" in My data (consent given) shows a code: eight digits in two groups of four
  ("2741 0583"), valid 10 minutes, good once, stored only as a keyed hash; a new code
  replaces the old one. Digits because older people type them easily on any phone keypad
  and read them aloud without confusing letters (no O/0, l/1); eight of them make a guess
  right once in a hundred million.
- In the other chat, once it has agreed to the privacy notice, she types `/link 2741 0583`
  or presses "Enter a code" in My data and types the digits.
- Nothing is linked yet: the chat that showed the code must approve (link_requests.py).
- The two become one: the chat that showed the code stays the primary user and the one that
  typed it becomes its alias, except that a chat which can be sent reminders (a push channel)
  is always preferred as the primary over one that cannot (the web chat). The alias's data
  (answers, bookings, waiting places, alerts, queued messages) moves to the primary where it
  does not clash (storage/repositories/moving.py); from then on every message from the alias
  is handled as the primary: same answers, bookings, alerts, conversation and language.
  Replies go back to the chat the message came from; reminders and announcements go to the
  primary's chat (My data says which).
- One chat per app: two Telegram chats are never linked. Staff chats are never linked (a role
  belongs to the chat it was granted to). A wrong, expired or used code, or one's own, gets a
  clear answer and changes nothing. After 5 failed tries in 10 minutes a chat must wait.
  There is no overall limit (strangers could fill it and lock everyone out): guessing from
  many fresh chats is held back by the consent each needs first, by the web chat's limit on
  new people per address, by eight digits, and above all by the approval.
- "Unlink a chat": the chosen chat starts afresh with nothing; the data stays with the other
  chats (when the primary leaves, an alias takes over, a push-capable one first).
- Deleting all data deletes every linked chat; withdrawing consent unlinks them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from handlers.flows import link_requests
from handlers.flows.actions.menu import Menu
from handlers.flows.actions.my_data import MyData, Unlink
from handlers.flows.common import home_button, plain
from handlers.flows.linked_chats import (
    app_name,
    chats_text,
    reminders_text,
    staff_among,
)
from handlers.flows.menu import menu_message
from handlers.formatting import list_text
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import User

CODE_LIFETIME = timedelta(minutes=10)
TRY_WINDOW = timedelta(minutes=10)
TRIES_PER_CHAT = 5
CODE_DIGITS = 8
PURPOSE = "link-code"


# --- My data: what it shows of linked chats -------------------------------------------------


def chat_lines(turn: Turn, chats: list[User]) -> list[str]:
    """Lines for My data: the linked chats and where reminders go (nothing when unlinked)."""
    if len(chats) < 2:
        return []
    linked = _("Linked chats: {chats}", chats=chats_text(chats))
    return ["· " + linked, "· " + reminders_text(turn, chats[0])]


def chat_buttons(turn: Turn, chats: list[User]) -> tuple[Button, ...]:
    """My data's buttons for linking (with consent): a code, the requests waiting for her
    answer; unlinking."""
    if not turn.user.has_consented:
        return (Button(_("Link a chat"), MyData("link").encode()),)  # it says: agree first
    buttons = (
        Button(_("Link a chat"), MyData("link").encode()),
        Button(_("Link requests"), MyData("requests").encode()),
    )
    return (
        (*buttons, Button(_("Unlink a chat"), MyData("unlink").encode()))
        if len(chats) > 1
        else buttons
    )


async def enter_code(turn: Turn) -> list[Message]:
    """ "Enter a code": asked for the digits once this chat has agreed to the privacy notice."""
    return [ask_code(turn)] if turn.user.has_consented else _consent_first(turn)


# --- showing a code ---------------------------------------------------------------------------


async def show_code(turn: Turn) -> list[Message]:
    if not turn.user.has_consented:
        text = _("To link chats, please agree to the privacy notice first.")
        return [
            Message(
                text=text, buttons=((Button(_("Agree"), MyData("agree").encode()), home_button()),)
            )
        ]
    if await staff_among(turn, await turn.uow.account_links.chats(turn.user.id)):
        return [menu_message(turn, _("Staff chats can't be linked."))]
    code = _grouped(await _new_code(turn))
    turn.go("menu", "idle")
    text = _(
        "Your code: {code}\n"
        "In your other chat with Ilteo (Telegram, KakaoTalk or the web chat),\n"
        "send: /link {code}\n"
        "The code works once, for {minutes} minutes.\n"
        "Then come back here and approve it. Never tell the code to anyone.",
        code=code,
        minutes=int(CODE_LIFETIME.total_seconds() // 60),
    )
    text += "\n\n" + _('Got a code from your other chat instead? Press "Enter a code".')
    buttons = (
        (
            Button(_("Enter a code"), MyData("enter").encode()),
            Button(_("New code"), MyData("link").encode()),
        ),
        (home_button(),),
    )
    return [Message(text=text, buttons=buttons)]


def _grouped(code: str) -> str:
    """ "27410583" -> "2741 0583": two groups of four, easier to read and type."""
    return f"{code[:4]} {code[4:]}"


async def _new_code(turn: Turn) -> str:
    """Eight fresh digits no other stored code has, stored (hashed) as this user's code."""
    links = turn.uow.account_links
    for _attempt in range(20):
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not await links.code_taken(_digest(turn, code)):
            break
    await links.issue_code(
        turn.user.id,
        _digest(turn, code),
        turn.now + CODE_LIFETIME,
        prune_before=turn.now - timedelta(days=1),
    )
    return code


def _digest(turn: Turn, code: str) -> str:
    return turn.settings.links.digest(PURPOSE, code)


# --- typing a code ----------------------------------------------------------------------------


def ask_code(turn: Turn, text: str | None = None) -> Message:
    turn.go("link", "code")
    text = text or _("Please type the 8-digit code shown in your other chat.")
    return Message(text=text, buttons=((Button(_("Cancel"), Menu("mydata").encode()),),))


async def on_code(turn: Turn) -> list[Message]:
    """The answer to "type the code" (typed; a button of another flow is routed elsewhere)."""
    code = _code_in(turn.incoming.text)
    if code is None:
        again = _("A code has 8 digits, like 1234 5678.\nPlease type it again.")
        return [ask_code(turn, again)]
    return await redeem(turn, code)


async def on_command(turn: Turn) -> list[Message]:
    """`/link 1234 5678` in any chat that has agreed to the privacy notice; a chat still
    being greeted is told to answer the greeting first and stays where it was."""
    if not turn.user.has_consented:
        return _consent_first(turn)
    code = _code_in((turn.incoming.text or "").partition(" ")[2])
    return await redeem(turn, code) if code is not None else [ask_code(turn)]


def _consent_first(turn: Turn) -> list[Message]:
    text = _(
        "Linking chats shares your personal data,\n"
        "so please agree to the privacy notice in this chat first.\n"
        "Then send the code again."
    )
    return _refused(turn, text)


def _code_in(text: str | None) -> str | None:
    """The code in a typed text: "1234 5678", "1234-5678" or "12345678" -> "12345678"."""
    compact = "".join(ch for ch in (text or "") if ch not in " -")
    if len(compact) == CODE_DIGITS and compact.isascii() and compact.isdigit():
        return compact
    return None


async def redeem(turn: Turn, code: str) -> list[Message]:
    """A typed code: checked, then sent to its chat for approval (link_requests.py)."""
    links, now = turn.uow.account_links, turn.now
    if await _too_many_tries(turn):
        minutes = int(TRY_WINDOW.total_seconds() // 60)
        text = _("Too many tries. Please wait {minutes} minutes and try again.", minutes=minutes)
        return _refused(turn, text)
    found = await links.find_code(_digest(turn, code))
    owner = await turn.uow.users.get(found.user_id) if found else None
    if found is None or owner is None:
        await _failed(turn)
        return [ask_code(turn, _("That code doesn't match.\nPlease check it and type it again."))]
    if owner.id == turn.user.id:
        return _refused(
            turn, _("This is this chat's own code.\nPlease send it in your other chat.")
        )
    if found.used_at is not None or found.requested_by is not None:
        await _failed(turn)
        return _refused(turn, _("This code has been used already.\nPlease get a new code."))
    if found.expires_at <= now or not owner.has_consented:
        await _failed(turn)
        return _refused(turn, _("This code has expired.\nPlease get a new code."))
    refusal = await _clash(turn, owner)
    if refusal:
        await _failed(turn)
        return _refused(turn, refusal)
    sent = await link_requests.send(turn, owner)
    return sent or _refused(turn, _("This code has been used already.\nPlease get a new code."))


async def _clash(turn: Turn, owner: User) -> str | None:
    """Why these two chats can never be linked (staff among them, the same app), or None."""
    links = turn.uow.account_links
    await turn.uow.person_locks.hold(owner.id)  # her steps elsewhere wait until we are done
    theirs, mine = await links.chats(owner.id), await links.chats(turn.user.id)
    if await staff_among(turn, theirs + mine):
        return _("Staff chats can't be linked.")
    both = {chat.channel for chat in theirs} & {chat.channel for chat in mine}
    if both:
        return _(
            "Both chats are in {app}.\nOnly chats in different apps can be linked.",
            app=list_text(app_name(channel) for channel in sorted(both)),
        )
    return None


async def _too_many_tries(turn: Turn) -> bool:
    since = turn.now - TRY_WINDOW
    return await turn.uow.account_links.failures_since(since, turn.user.id) >= TRIES_PER_CHAT


async def _failed(turn: Turn) -> None:
    await turn.uow.account_links.record_failure(turn.user.id, turn.now, turn.now - TRY_WINDOW)


def _refused(turn: Turn, text: str) -> list[Message]:
    """A refusal that changes nothing: a chat still being greeted stays in its greeting."""
    if turn.flow == "onboarding":
        return [plain(text)]
    return [menu_message(turn, text)]


# --- unlinking --------------------------------------------------------------------------------


async def ask_unlink(turn: Turn) -> list[Message]:
    chats = await turn.uow.account_links.chats(turn.user.id)
    if len(chats) < 2:
        return [menu_message(turn, _("No other chat is linked."))]
    turn.go("menu", "idle")
    text = _(
        "Which chat should stop sharing your data?\n"
        "It starts afresh; your data stays with the other chats."
    )
    choices = tuple(Button(app_name(chat.channel), Unlink(chat.id).encode()) for chat in chats)
    return [
        Message(text=text, buttons=(choices, (Button(_("No, keep it"), Menu("mydata").encode()),)))
    ]


async def unlink(turn: Turn, chat_id: int) -> list[Message]:
    chats = await turn.uow.account_links.chats(turn.user.id)
    chosen = next((chat for chat in chats if chat.id == chat_id), None)
    if chosen is None or len(chats) < 2:  # a stale or forged button
        return [menu_message(turn, _("That button has expired. Here is the menu again."))]
    push = turn.settings.push_channels
    heirs = sorted(chats[1:], key=lambda chat: (chat.channel not in push, chat.id))
    primary_id = await turn.uow.account_links.unlink(chosen.id, heirs[0].id)
    turn.user = await turn.uow.users.get(primary_id)
    text = _(
        "Done. {app} is no longer linked: it starts afresh there.\n"
        "Your data stays with your other chats.",
        app=app_name(chosen.channel),
    )
    if chosen is chats[0]:  # the primary left: reminders go elsewhere now
        text += "\n" + reminders_text(turn, turn.user)
    return [menu_message(turn, text)]


# "Link a chat", "Enter a code", "Link requests" and "Unlink a chat" of My data, by its action.
STEPS = {
    "link": show_code,
    "enter": enter_code,
    "requests": link_requests.show,
    "unlink": ask_unlink,
}
