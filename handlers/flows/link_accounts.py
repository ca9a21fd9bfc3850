"""Linking chats: the same person in Telegram, KakaoTalk and the web chat as one user.

A user is keyed by channel and the channel's id, so two chats of one person are two users
until she links them with a one-time code:

- "Link a chat" in My data (consent given) shows a code: six digits, valid 10 minutes, good
  once, stored only as a keyed hash; a new code replaces the old one.
- In the other chat she types `/link 123456` (any channel, even before its greeting is
  answered) or presses "Enter a code" in My data and types the digits.
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
  clear answer and changes nothing. After 5 failed tries in 10 minutes a person must wait; so
  must everyone after 100 (a web chat is a new user per cookie, so a per-user limit alone
  would not stop guessing).
- "Unlink a chat": the chosen chat starts afresh with nothing; the data stays with the other
  chats (when the primary leaves, an alias takes over, a push-capable one first).
- Deleting all data deletes every linked chat; withdrawing consent unlinks them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from handlers.booking import service
from handlers.flows.common import home_button, plain, split_data
from handlers.flows.menu import menu_message
from handlers.formatting import list_text
from handlers.i18n import N_, _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import User

CODE_LIFETIME = timedelta(minutes=10)
TRY_WINDOW = timedelta(minutes=10)
TRIES_PER_USER = 5
TRIES_OVERALL = 100
PURPOSE = "link-code"
APP_NAMES = {"telegram": N_("Telegram"), "kakao": N_("KakaoTalk"), "web": N_("Web chat")}


def app_name(channel: str) -> str:
    return _(APP_NAMES[channel]) if channel in APP_NAMES else channel


def chats_text(chats: list[User]) -> str:
    """ "카카오톡 및 텔레그램", "KakaoTalk and Telegram": her chats' apps, as her language lists."""
    return list_text(app_name(chat.channel) for chat in chats)


# --- My data: what it shows of linked chats -------------------------------------------------


def chat_lines(turn: Turn, chats: list[User]) -> list[str]:
    """Lines for My data: the linked chats and where reminders go (nothing when unlinked)."""
    if len(chats) < 2:
        return []
    linked = _("Linked chats: {chats}", chats=chats_text(chats))
    return ["· " + linked, "· " + reminders_text(turn, chats[0])]


def chat_buttons(turn: Turn, chats: list[User]) -> tuple[Button, ...]:
    """My data's buttons for linking: a code (with consent) or typing one; unlinking."""
    first = (
        Button(_("Link a chat"), "me:link")
        if turn.user.has_consented
        else Button(_("Enter a code"), "me:enter")
    )
    return (first, Button(_("Unlink a chat"), "me:unlink")) if len(chats) > 1 else (first,)


def reminders_text(turn: Turn, primary: User) -> str:
    if primary.channel in turn.settings.push_channels:
        return _("Reminders come to {app}.", app=app_name(primary.channel))
    return _("These chats can't send you reminders:\nplease add bookings to your calendar.")


async def on_action(turn: Turn, action: str) -> list[Message]:
    """`me:link`, `me:enter`, `me:unlink` and `me:unlink:<chat>` of My data."""
    if action == "link":
        return await show_code(turn)
    if action == "enter":
        return [ask_code(turn)]
    if action == "unlink":
        return await ask_unlink(turn)
    _unlink, chat = split_data(action)
    return await unlink(turn, int(chat) if chat.isdigit() else 0)


# --- showing a code ---------------------------------------------------------------------------


async def show_code(turn: Turn) -> list[Message]:
    if not turn.user.has_consented:
        text = _("To get a code here, please agree to the privacy notice first.\n"
                 'Have a code from your other chat? Press "Enter a code".')  # fmt: skip
        buttons = ((Button(_("Agree"), "me:agree"), Button(_("Enter a code"), "me:enter")),
                   (home_button(),))  # fmt: skip
        return [Message(text=text, buttons=buttons)]
    if await _staff_among(turn, await turn.uow.account_links.chats(turn.user.id)):
        return [menu_message(turn, _("Staff chats can't be linked."))]
    code = await _new_code(turn)
    turn.go("menu", "idle")
    text = _(
        "Your code: {code}\n"
        "In your other chat with Ilteo (Telegram, KakaoTalk or the web chat),\n"
        "send: /link {code}\n"
        "The code works once, for {minutes} minutes.",
        code=code,
        minutes=int(CODE_LIFETIME.total_seconds() // 60),
    )
    text += "\n\n" + _('Got a code from your other chat instead? Press "Enter a code".')
    buttons = ((Button(_("Enter a code"), "me:enter"), Button(_("New code"), "me:link")),
               (home_button(),))  # fmt: skip
    return [Message(text=text, buttons=buttons)]


async def _new_code(turn: Turn) -> str:
    """Six fresh digits no other stored code has, stored (hashed) as this user's code."""
    links = turn.uow.account_links
    for _attempt in range(20):
        code = f"{secrets.randbelow(10**6):06d}"
        if not await links.code_taken(_digest(turn, code)):
            break
    await links.issue_code(turn.user.id, _digest(turn, code), turn.now + CODE_LIFETIME,
                           prune_before=turn.now - timedelta(days=1))  # fmt: skip
    return code


def _digest(turn: Turn, code: str) -> str:
    return turn.settings.links.digest(PURPOSE, code)


# --- typing a code ----------------------------------------------------------------------------


def ask_code(turn: Turn, text: str | None = None) -> Message:
    turn.go("link", "code")
    text = text or _("Please type the 6-digit code shown in your other chat.")
    return Message(text=text, buttons=((Button(_("Cancel"), "menu:mydata"),),))


async def on_code(turn: Turn) -> list[Message]:
    """The answer to "type the code" (typed; a button of another flow is routed elsewhere)."""
    code = _six_digits(turn.incoming.text)
    if code is None:
        return [ask_code(turn, _("A code has 6 digits, like 123456.\nPlease type it again."))]
    return await redeem(turn, code)


async def on_command(turn: Turn) -> list[Message]:
    """`/link 123456` in any chat; a chat still being greeted stays where it was unless the
    code links it (it then speaks as the person it joined, who has answered the greeting)."""
    argument = (turn.incoming.text or "").partition(" ")[2]
    code = _six_digits(argument)
    if code is not None:
        return await redeem(turn, code)
    if turn.flow == "onboarding":
        return [plain(_("Send /link and the code from your other chat, like: /link 123456"))]
    return [ask_code(turn)]


def _six_digits(text: str | None) -> str | None:
    """The code in a typed text: "123 456", "123-456" or "123456" -> "123456", else None."""
    compact = "".join(ch for ch in (text or "") if ch not in " -")
    return compact if len(compact) == 6 and compact.isascii() and compact.isdigit() else None


async def redeem(turn: Turn, code: str) -> list[Message]:
    links, now = turn.uow.account_links, turn.now
    if await _too_many_tries(turn):
        minutes = int(TRY_WINDOW.total_seconds() // 60)
        text = _("Too many tries. Please wait {minutes} minutes and try again.", minutes=minutes)
        return _refused(turn, text)
    found = await links.find_code(_digest(turn, code))
    owner = await turn.uow.users.get(found.user_id) if found else None
    if found is None or owner is None:
        await _failed(turn)
        wrong = _("That code doesn't match.\nPlease check it and type it again.")
        return [plain(wrong)] if turn.flow == "onboarding" else [ask_code(turn, wrong)]
    if owner.id == turn.user.id:
        return _refused(
            turn, _("This is this chat's own code.\nPlease send it in your other chat.")
        )
    if found.used_at is not None:
        await _failed(turn)
        return _refused(turn, _("This code has been used already.\nPlease get a new code."))
    if found.expires_at <= now or not owner.has_consented:
        await _failed(turn)
        return _refused(turn, _("This code has expired.\nPlease get a new code."))
    return await _join(turn, owner)


async def _join(turn: Turn, owner: User) -> list[Message]:
    """A valid code of another person's chat: link, unless the apps clash or staff are in."""
    links = turn.uow.account_links
    await turn.uow.person_locks.hold(owner.id)  # her steps elsewhere wait until we are done
    theirs, mine = await links.chats(owner.id), await links.chats(turn.user.id)
    if await _staff_among(turn, theirs + mine):
        await _failed(turn)
        return _refused(turn, _("Staff chats can't be linked."))
    both = {chat.channel for chat in theirs} & {chat.channel for chat in mine}
    if both:
        await _failed(turn)
        text = _("Both chats are in {app}.\nOnly chats in different apps can be linked.",
                 app=list_text(app_name(channel) for channel in sorted(both)))  # fmt: skip
        return _refused(turn, text)
    primary, alias = _roles(turn, owner, turn.user)
    if not await links.use_code(owner.id, turn.now):
        return _refused(turn, _("This code has been used already.\nPlease get a new code."))
    await _cancel_double_bookings(turn, alias.id, primary.id)
    await links.link(alias.id, primary.id, turn.now)
    turn.user = await turn.uow.users.get(primary.id)
    if turn.user.language in turn.settings.languages:
        turn.speak(turn.user.language)
    chats = await links.chats(primary.id)
    text = _("Linked! These chats now share your answers, bookings and alerts:\n{chats}",
             chats=chats_text(chats))  # fmt: skip
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


async def _staff_among(turn: Turn, chats: list[User]) -> bool:
    for chat in chats:
        if await turn.uow.staff.role_of(chat.channel, chat.external_id) is not None:
            return True
    return False


async def _too_many_tries(turn: Turn) -> bool:
    links, since = turn.uow.account_links, turn.now - TRY_WINDOW
    return (
        await links.failures_since(since, turn.user.id) >= TRIES_PER_USER
        or await links.failures_since(since) >= TRIES_OVERALL
    )


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
    text = _("Which chat should stop sharing your data?\n"
             "It starts afresh; your data stays with the other chats.")  # fmt: skip
    choices = tuple(Button(app_name(chat.channel), f"me:unlink:{chat.id}") for chat in chats)
    return [Message(text=text, buttons=(choices, (Button(_("No, keep it"), "menu:mydata"),)))]


async def unlink(turn: Turn, chat_id: int) -> list[Message]:
    chats = await turn.uow.account_links.chats(turn.user.id)
    chosen = next((chat for chat in chats if chat.id == chat_id), None)
    if chosen is None or len(chats) < 2:  # a stale or forged button
        return [menu_message(turn, _("That button has expired. Here is the menu again."))]
    push = turn.settings.push_channels
    heirs = sorted(chats[1:], key=lambda chat: (chat.channel not in push, chat.id))
    primary_id = await turn.uow.account_links.unlink(chosen.id, heirs[0].id)
    turn.user = await turn.uow.users.get(primary_id)
    text = _("Done. {app} is no longer linked: it starts afresh there.\n"
             "Your data stays with your other chats.", app=app_name(chosen.channel))  # fmt: skip
    if chosen is chats[0]:  # the primary left: reminders go elsewhere now
        text += "\n" + reminders_text(turn, turn.user)
    return [menu_message(turn, text)]
