"""My data: see what is stored, change the language, give or withdraw consent, link chats,
delete all.

Deleting removes the user row and those of her linked chats; everything personal hangs off
them and goes with them (PIPA Art. 21/36), and the next message from any of those chats is
greeted as from a new person. Linking chats lives in link_accounts.py. Each button of My data
is answered by its step in `STEPS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from handlers.flows import link_accounts
from handlers.flows.actions import my_data as actions
from handlers.flows.actions.menu import Menu
from handlers.flows.actions.my_data import MyData
from handlers.flows.actions.onboarding import Language
from handlers.flows.booking import phone_question
from handlers.flows.common import HOME, home_button, restart_hint
from handlers.flows.intake.summary import profile_lines
from handlers.flows.menu import menu_message
from handlers.flows.onboarding import choose_language, chosen_language, language_buttons
from handlers.formatting import day
from handlers.i18n import LANGUAGE_NAMES, _, ngettext
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Profile


async def show(turn: Turn) -> list[Message]:
    turn.go("menu", "idle")
    user = turn.user
    consent = (
        _("agreed on {day}", day=day(user.consent_at.astimezone(turn.tz).date()))
        if user.consent_at
        else _("not agreed (browsing only)")
    )
    text = _(
        "This is what I keep about you:\n"
        "· Chat: {channel}\n"
        "· Language: {language}\n"
        "· Personal data: {consent}\n"
        "· First visit: {first}",
        channel=link_accounts.app_name(turn.incoming.channel),
        language=LANGUAGE_NAMES.get(turn.language, turn.language),
        consent=consent,
        first=day(user.created_at.astimezone(turn.tz).date()),
    )
    chats = await turn.uow.account_links.chats(user.id)
    profile = await turn.uow.profiles.get(user.id)
    text += await _personal_lines(turn, link_accounts.chat_lines(turn, chats), profile)
    if line := phone_question.choice_line(turn, profile):
        text += "\n" + line
    consent_button = (
        Button(_("Withdraw consent"), MyData("withdraw").encode())
        if user.consent_at
        else Button(_("Agree"), MyData("agree").encode())
    )
    buttons = (
        (
            Button(_("Change my answers"), Menu("intake").encode()),
            Button(_("My alerts"), Menu("alerts").encode()),
        ),
        (Button(_("Change language"), MyData("language").encode()), consent_button),
        link_accounts.chat_buttons(turn, chats),
        *[(button,) for button in (phone_question.choice_button(turn, profile),) if button],
        (Button(_("Delete all my data"), MyData("delete").encode()), home_button()),
    )
    return [Message(text=text, buttons=buttons)]


async def _personal_lines(turn: Turn, chat_lines: list[str], profile: Profile | None) -> str:
    """The linked chats, the intake answers, the phone number, the alerts and her recent chat
    with the bot (handlers/chat_log.py), when there are any."""
    lines = chat_lines + (profile_lines(profile) if profile else [])
    if profile and profile.phone:
        lines.append("· " + _("Phone: {phone}", phone=profile.phone))
    alerts = len(await turn.uow.subscriptions.of_user(turn.user.id))
    if alerts:
        lines.append("· " + _("Alerts: {count}", count=alerts))
    if said := await turn.uow.chat_log.count(turn.user.id):
        lines.append(
            "· "
            + ngettext(
                "Our recent chat: {n} line (kept 30 days)",
                "Our recent chat: {n} lines (kept 30 days)",
                said,
                n=said,
            )
        )
    return "\n" + "\n".join(lines) if lines else ""


async def withdraw(turn: Turn) -> list[Message]:
    """Withdrawing consent ends the processing: answers, alerts and the phone numbers of her
    bookings are deleted at once."""
    await turn.uow.users.set_consent(turn.user.id, None)
    turn.user = replace(turn.user, consent_at=None)  # nothing of this step is logged
    await turn.uow.profiles.delete(turn.user.id)
    await turn.uow.bookings.erase_phones(turn.user.id)
    await turn.uow.subscriptions.remove_all(turn.user.id)
    await turn.uow.outbox.cancel_for_user(turn.user.id)
    await turn.uow.phone_notices.forget_phone(turn.user.id)
    await turn.uow.account_links.drop_code(turn.user.id)
    await turn.uow.handoffs.forget(turn.user.id, turn.now)  # her talks with counsellors
    await turn.uow.chat_log.forget(turn.user.id)  # and with the bot
    text = _("Consent withdrawn. Your answers and alerts are deleted.\nYou can still browse.")
    if await turn.uow.account_links.unlink_all(turn.user.id):
        text += "\n" + _("Your chats are no longer linked.")
    return [menu_message(turn, text)]


async def on_action(turn: Turn) -> list[Message]:
    action = actions.decode(turn.incoming.data)
    if isinstance(action, actions.Unlink):
        return await link_accounts.unlink(turn, action.id)
    return await on_action_named(turn, action.name if isinstance(action, actions.MyData) else "")


async def on_action_named(turn: Turn, action: str) -> list[Message]:
    """The step of My data's button `action` (its `STEPS`); anything else shows My data."""
    return await STEPS.get(action, show)(turn)


async def ask_language(turn: Turn) -> list[Message]:
    turn.go("my_data", "language")
    return [
        Message(
            text=_("Which language would you like?"),
            buttons=language_buttons(turn, actions.NewLanguage),
        )
    ]


async def agree(turn: Turn) -> list[Message]:
    await turn.uow.users.set_consent(turn.user.id, turn.now)
    return [menu_message(turn, _("Thank you! You have agreed."))]


async def sms_on(turn: Turn) -> list[Message]:
    return await _keep_sms(turn, True)


async def sms_off(turn: Turn) -> list[Message]:
    return await _keep_sms(turn, False)


async def _keep_sms(turn: Turn, wanted: bool) -> list[Message]:
    """Whether her booking reminders also come by 알림톡 or text message; then My data again."""
    if turn.user.has_consented:
        await phone_question.keep(turn, wanted)
    return await show(turn)


async def on_delete(turn: Turn) -> list[Message]:
    return [await ask_delete(turn)]


async def on_delete_yes(turn: Turn) -> list[Message]:
    """Deleting, when it answers "Delete everything?"; pressed out of turn, it is asked again."""
    if turn.step == "delete":
        return await delete_everything(turn)
    return [await ask_delete(turn)]


async def ask_delete(turn: Turn) -> Message:
    turn.go("my_data", "delete")
    text = _(
        "Delete everything I keep about you?\n"
        "Your answers, bookings and alerts will be gone. This cannot be undone."
    )
    chats = await turn.uow.account_links.chats(turn.user.id)
    if len(chats) > 1:
        text += "\n" + _(
            "All your linked chats are deleted too: {chats}", chats=link_accounts.chats_text(chats)
        )
    buttons = (
        (Button(_("Yes, delete"), MyData("delete-yes").encode()), Button(_("No, keep it"), HOME)),
    )
    return Message(text=text, buttons=buttons)


async def delete_everything(turn: Turn) -> list[Message]:
    await turn.uow.handoffs.forget(turn.user.id, turn.now)  # the inbox's streams are told
    await turn.uow.outcomes.forget_person([turn.user.id])  # her centre's figures keep her count
    await turn.uow.users.delete(turn.user.id)
    turn.forget_user = True
    text = _("Everything has been deleted. Thank you for using Ilteo.")
    return [Message(text=text + "\n" + restart_hint(turn.incoming.channel))]


async def on_language(turn: Turn) -> list[Message]:
    code = chosen_language(turn, actions.NewLanguage, Language)
    if code is None:
        return [
            Message(
                text=_("Please press one of the buttons."),
                buttons=language_buttons(turn, actions.NewLanguage),
            )
        ]
    await choose_language(turn, code)
    return [menu_message(turn, _("Done. I'll speak English from now on."))]


Step = Callable[[Turn], Awaitable[list[Message]]]

# The step of each of My data's buttons (`actions.MyData`), by its name.
STEPS: dict[str, Step] = {
    "language": ask_language,
    "agree": agree,
    "withdraw": withdraw,
    "sms-on": sms_on,
    "sms-off": sms_off,
    "delete": on_delete,
    "delete-yes": on_delete_yes,
    **link_accounts.STEPS,
}
