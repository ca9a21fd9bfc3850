""" "Find a course": recommendations for someone we know, the intake for someone we don't,
and the plain list for someone browsing without consent."""

from __future__ import annotations

from handlers.flows import browse
from handlers.flows.actions.courses import AllCourses, MoreCourses, decode
from handlers.flows.actions.my_data import AGREE
from handlers.flows.intake import steps as intake
from handlers.flows.recommendations import recommendations
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn


async def find_courses(turn: Turn) -> list[Message]:
    if not turn.user.has_consented:
        return await browse.programmes(turn)
    profile = await turn.uow.profiles.get(turn.user.id)
    if profile is None:
        return await intake.start(turn)
    return await recommendations(turn, profile)


async def start_intake(turn: Turn) -> list[Message]:
    if turn.user.has_consented:
        return await intake.start(turn)
    text = _("To suggest courses for you, I need your agreement to keep your answers.")
    return [
        Message(
            text=text,
            buttons=(
                (
                    Button(_("Agree"), AGREE.encode()),
                    Button(_("Just browse"), AllCourses(0).encode()),
                ),
            ),
        )
    ]


async def more_recommendations(turn: Turn) -> list[Message]:
    """The next page of her courses ("More courses"); the intake when her answers are gone."""
    action = decode(turn.incoming.data)
    profile = await turn.uow.profiles.get(turn.user.id)
    if profile is None:
        return await intake.start(turn)
    return await recommendations(turn, profile, action.id if isinstance(action, MoreCourses) else 0)
