"""Her answer to the privacy notice, and where it takes her: after a yes, a deep link's
booking, the intake (the first time) or the menu; after a no, the menu to browse without it.

It sits above onboarding, the intake and booking, which never import it (the router does).
"""

from __future__ import annotations

from dataclasses import replace

from handlers.flows import onboarding
from handlers.flows.booking.buttons import follow_link
from handlers.flows.intake.steps import start as start_intake
from handlers.flows.menu import menu_message
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn


async def on_consent(turn: Turn) -> list[Message]:
    answer = onboarding.consent_answer(turn)
    if answer == "yes":
        await turn.uow.users.set_consent(turn.user.id, turn.now)
        turn.user = replace(turn.user, consent_at=turn.now)
        if then := onboarding.state_of(turn).then:
            return await follow_link(turn, then)
        if turn.flow == "onboarding" and await turn.uow.profiles.get(turn.user.id) is None:
            return await start_intake(turn, greeting=_("Thank you!"))
        return [menu_message(turn, _("Thank you! What can I help you with?"))]
    if answer == "no":
        await turn.uow.users.set_consent(turn.user.id, None)
        text = _(
            "That's fine. You can still look at courses and the bus schedule.\n"
            'You can agree later in "My data".'
        )
        return [menu_message(turn, text)]
    if answer == "more":
        return [
            Message(text=onboarding.privacy_details(turn), buttons=onboarding.consent_buttons())
        ]
    hint = _('Please press "I agree" or "Just browse".')
    return [Message(text=hint), onboarding.ask_consent(turn)]
