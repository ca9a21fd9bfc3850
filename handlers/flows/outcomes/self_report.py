"""Her side: "취업했어요" typed in the chat. After she says yes, it is kept as a self-report
that staff of her centre confirm (`handlers/flows/outcomes/staff.py`, or the admin web); it is
never counted before. Without consent nothing is kept: she is told to tell her centre."""

from __future__ import annotations

from handlers.flows.actions.menu import HOME, Menu
from handlers.flows.common import home_button
from handlers.flows.menu import menu_message
from handlers.flows.outcomes.actions import TellCentre
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from handlers.words import confirmation


def _way_out() -> tuple[tuple[Button, ...], ...]:
    return ((home_button(), Button(_("Talk to a counsellor"), Menu("person").encode())),)


async def heard_news(turn: Turn) -> list[Message]:
    """She says she found a job: congratulate, and ask before telling her centre."""
    if not turn.user.has_consented:
        text = _(
            "Congratulations on your new job!\n"
            "Please tell your centre's counsellor, so they can help you settle in."
        )
        return [Message(text=text, buttons=_way_out())]
    turn.go("outcomes", "report")
    text = _(
        "Congratulations on your new job!\n"
        "Shall I tell your centre? A counsellor will check it with you."
    )
    buttons = (
        (
            Button(_("Yes, tell them"), TellCentre().encode()),
            Button(_("No, thanks"), HOME.encode()),
        ),
    )
    return [Message(text=text, buttons=buttons)]


async def on_yes(turn: Turn) -> list[Message]:
    """Her yes: the self-report is kept (once; saying it again only renews it)."""
    if not turn.user.has_consented:
        return await heard_news(turn)
    await turn.uow.outcomes.report_job(turn.user.id, turn.now)
    turn.go("menu", "idle")
    text = _("Thank you! I told your centre. A counsellor will check it and get in touch.")
    return [Message(text=text, buttons=_way_out())]


async def on_typed(turn: Turn) -> list[Message] | None:
    """Typed while asked whether to tell her centre: a yes tells it, a no tells nothing; None
    for anything else (read as usual, the question dropped)."""
    answer = confirmation(turn.incoming.text)
    if answer:
        return await on_yes(turn)
    turn.go("menu", "idle")
    if answer is False:
        return [menu_message(turn, _("All right, I won't tell them."))]
    return None
