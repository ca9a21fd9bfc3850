"""At booking, after her number: "문자나 알림톡으로도 알려 드릴까요?" (yes or no, typed or
pressed), asked once when reminders by 알림톡/SMS are set up. Her answer is kept with her
profile (shown and changeable in My data, gone with her consent); a yes sends her reminders
to her phone, a no never does."""

from __future__ import annotations

from dataclasses import replace

from handlers.answers import read_yes_no
from handlers.flows.actions.my_data import MyData
from handlers.flows.booking.actions import PhoneReminders, decode
from handlers.flows.booking.state import BookingState, go
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Profile


def should_ask(turn: Turn, profile: Profile | None) -> bool:
    """Ask when it is set up, she has a number and has not answered yet."""
    return bool(
        turn.settings.booking.by_phone
        and profile is not None
        and profile.phone
        and profile.phone_notices is None
    )


def ask(turn: Turn, state: BookingState) -> Message:
    go(turn, "sms", state)
    text = _(
        "Shall I also remind you by KakaoTalk or text message?\n"
        "(A KakaoTalk notice, or a text message if that can't reach you.)"
    )
    yes, no = PhoneReminders(wanted=True).encode(), PhoneReminders(wanted=False).encode()
    buttons = ((Button(_("Yes, please"), yes), Button(_("No, thank you"), no)),)
    return Message(text=text, buttons=buttons)


def answer(turn: Turn) -> bool | None:
    """Her answer, pressed or typed; None when it is neither yes nor no."""
    pressed = decode(turn.incoming.data)
    if isinstance(pressed, PhoneReminders):
        return pressed.wanted
    return read_yes_no(turn.incoming.text)


async def keep(turn: Turn, wanted: bool) -> None:
    """Keep her choice, and send her reminders still waiting the way she chose."""
    profile = await turn.uow.profiles.get(turn.user.id) or Profile(user_id=turn.user.id)
    await turn.uow.profiles.save(replace(profile, phone_notices=wanted), turn.now)
    await turn.uow.phone_notices.route(turn.user.id, wanted and bool(profile.phone))


# --- in My data -------------------------------------------------------------------------------


def choice_line(turn: Turn, profile: Profile | None) -> str | None:
    """ "· 알림톡·문자 알림: 받아요" when she has a number and it is set up."""
    if not (turn.settings.booking.by_phone and profile and profile.phone):
        return None
    if profile.phone_notices:
        return "· " + _("Reminders by KakaoTalk or text: on")
    return "· " + _("Reminders by KakaoTalk or text: off")


def choice_button(turn: Turn, profile: Profile | None) -> Button | None:
    if profile is None or choice_line(turn, profile) is None:
        return None
    if profile.phone_notices:
        return Button(_("Stop texts"), MyData("sms-off").encode())
    return Button(_("Send me texts"), MyData("sms-on").encode())
