"""Which step of which flow answers an `Incoming`: commands first, then buttons, then text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers.flows import (
    browse,
    bus,
    consent,
    continue_in_telegram,
    courses,
    help,
    link_accounts,
    link_requests,
    menu,
    my_data,
    onboarding,
    search,
    staff,
    stats,
    subscriptions,
)
from handlers.flows.actions import menu as menu_actions
from handlers.flows.booking import buttons as booking
from handlers.flows.booking import mine as my_bookings
from handlers.flows.booking.actions import poster_link
from handlers.flows.booking.start import start as start_booking
from handlers.flows.broadcast import audience as broadcast_audience
from handlers.flows.broadcast import steps as broadcast
from handlers.flows.common import split_data
from handlers.flows.handoff import holding
from handlers.flows.handoff import request as handoff
from handlers.flows.intake import steps as intake
from handlers.flows.outcomes import buttons as outcome_buttons
from handlers.flows.outcomes import self_report
from handlers.flows.outcomes import staff as outcome_staff
from handlers.i18n import _
from handlers.messages import RESUME, Message
from handlers.notices import collect_notices
from handlers.turn import Turn

Step = Callable[[Turn], Awaitable[list[Message]]]


MENU: dict[str, Step] = {
    "home": menu.show_menu,
    "programmes": courses.find_courses,
    "intake": courses.start_intake,
    "bus": bus.bus_schedule,
    "alerts": subscriptions.show_subscriptions,
    "booking": start_booking,
    "bookings": my_bookings.show_bookings,
    "mydata": my_data.show,
    "help": help.show_help,
    "person": handoff.ask_for_person,
    "language": lambda turn: my_data.on_action_named(turn, "language"),
}
BUTTONS: dict[str, Step] = {
    "progs": browse.programmes,
    "prog": browse.programme_details,
    "me": my_data.on_action,
    "rec": courses.more_recommendations,
    "sub": subscriptions.subscribe,
    "unsub": subscriptions.unsubscribe,
    "lang": my_data.on_language,  # a language button of an old greeting still works
    "consent": consent.on_consent,
    "bk": booking.on_button,
    "st": staff.on_mark,
    "bc": broadcast.on_button,
    "mv": continue_in_telegram.on_answer,
    "lk": link_requests.on_answer,
    "ho": handoff.on_button,
    "oc": outcome_buttons.on_button,
}
# Steps that read typed text (and their own buttons) while a question is open.
QUESTIONS: dict[tuple[str, str], Step] = {
    ("onboarding", "language"): onboarding.on_language,
    ("onboarding", "consent"): consent.on_consent,
    ("my_data", "language"): my_data.on_language,
    ("intake", "ask"): intake.on_input,
    ("intake", "summary"): intake.on_input,
    ("intake", "confirm_region"): intake.on_input,
    **{("booking", step): booking.on_text for step in booking.STEPS},
    ("broadcast", "text"): broadcast.on_text,
    ("broadcast", "translation"): broadcast.on_text,
    ("broadcast", "target"): broadcast_audience.on_typed_target,
    ("link", "code"): link_accounts.on_code,
    ("move", "confirm"): continue_in_telegram.on_answer,
    ("outcomes", "report"): lambda turn: _job_news_answer(turn),
}
COMMANDS: dict[str, Step] = {
    "help": help.show_help,
    "menu": menu.show_menu,
    "cancel": menu.show_menu,
    "book": start_booking,
    "bookings": my_bookings.show_bookings,
    "today": staff.today,
    "stats": stats.show,
    "broadcast": broadcast.start,
    "outcomes": outcome_staff.show,
}


async def route(turn: Turn) -> list[Message]:
    """The step's answer, and a request to link another chat when one waits for hers (the
    web chat and KakaoTalk cannot be sent it when it comes). While a counsellor is asked for
    or holds her chat, the handoff alone answers (`holding.intercept`: mostly nothing)."""
    first, held = await holding.intercept(turn)
    if held is not None:
        return [*first, *held]
    return [*first, *await link_requests.with_waiting_request(turn, await _route(turn))]


async def _route(turn: Turn) -> list[Message]:
    incoming = turn.incoming
    if incoming.command == "start":
        return await _start(turn, (incoming.text or "").partition(" ")[2].strip())
    if incoming.command == "link":  # answered even during the greeting (it says: agree first)
        return await link_accounts.on_command(turn)
    if turn.flow == "onboarding":
        return await _onboarding(turn)
    if incoming.command:
        return await COMMANDS.get(incoming.command, menu.not_understood)(turn)
    if incoming.data == RESUME:
        return await _resume(turn)
    if incoming.data:
        return await _button(turn)
    question = QUESTIONS.get((turn.flow, turn.step))
    if question:
        return await question(turn)
    return await search.understand(turn, MENU)


async def _job_news_answer(turn: Turn) -> list[Message]:
    """Her answer to "Shall I tell your centre?"; anything else is read as usual."""
    answered = await self_report.on_typed(turn)
    return answered if answered is not None else await search.understand(turn, MENU)


async def _start(turn: Turn, payload: str) -> list[Message]:
    """/start, maybe with a deep link: `w<token>` (from the web chat), `v<visit id>` (a poster)."""
    moved = await continue_in_telegram.arrive(turn, payload) if payload else None
    if moved:
        return moved
    link = poster_link(payload)
    if link and turn.user.has_consented and turn.flow != "onboarding":
        return await booking.follow_link(turn, link)
    return await onboarding.start(turn, then=link)


async def _onboarding(turn: Turn) -> list[Message]:
    """Until language and consent are answered, every input is read as their answer."""
    if turn.is_new_user or turn.step not in ("language", "consent"):
        return await onboarding.start(turn, then=booking.deep_link(turn.incoming.data))
    if turn.incoming.data == RESUME:
        again = Message(text=_("Welcome back! Let's carry on."))
        if turn.step == "language":
            return [again, onboarding.ask_language(turn, greeting=False)]
        return [again, onboarding.ask_consent(turn)]
    return await QUESTIONS[(turn.flow, turn.step)](turn)


async def _button(turn: Turn) -> list[Message]:
    entry = menu_actions.decode(turn.incoming.data)
    if entry is not None:
        return await MENU[entry.name](turn)
    namespace, _value = split_data(turn.incoming.data)
    if namespace in BUTTONS:
        return await BUTTONS[namespace](turn)
    question = QUESTIONS.get((turn.flow, turn.step))
    if question:
        return await question(turn)
    # A stale or forged button: re-prompt kindly, change nothing.
    return [menu.menu_message(turn, _("That button has expired. Here is the menu again."))]


async def _resume(turn: Turn) -> list[Message]:
    """A returning person: notices kept for them, then where they were."""
    notices = await collect_notices(turn.uow, turn.user, turn.settings, turn.now)
    if turn.user.channel not in turn.settings.push_channels:
        upcoming = await my_bookings.upcoming_note(turn)
        notices += [upcoming] if upcoming else []
    if turn.flow == "intake":
        again = Message(text=_("Welcome back! Let's carry on."))
        current = intake.show_summary(turn) if turn.step == "summary" else intake.ask(turn)
        return [*notices, again, current]
    if turn.flow == "booking" and turn.step in booking.STEPS:
        again = Message(text=_("Welcome back! Let's carry on."))
        return [*notices, again, *await booking.ask_again(turn)]
    return [*notices, menu.menu_message(turn, _("Welcome back! What can I help you with?"))]
