"""Her request for a person: from the menu, the help, after misses, a course's page or typed
("사람이랑 얘기하고 싶어요"). The request goes to the centre of the course she was looking at,
else her area's centre, else the shared queue that admins see; she is told honestly whether
someone answers now or when, with an offer to book instead.

Talking with a counsellor keeps what she writes, so it needs her consent to the privacy
notice: without it she gets her centre's number and the offer to book, as before.
"""

from __future__ import annotations

from handlers.flows import person
from handlers.flows.handoff import actions, texts
from handlers.flows.handoff.hours import availability
from handlers.flows.menu import menu_message
from handlers.i18n import _, speaking
from handlers.messages import Message
from handlers.regions import Place, distance_km
from handlers.turn import Turn
from storage.records import Centre

FLOW, STEP = "handoff", "open"
STAFF_LANGUAGE = "ko"  # what the counsellors read the system's notes in


async def ask_for_person(turn: Turn, centre_id: int | None = None) -> list[Message]:
    """Open (or show) her request for a counsellor."""
    if not turn.user.has_consented:
        return await person.ask_for_person(turn)
    held = await turn.uow.handoffs.open_for(turn.user.id)
    if held is not None:
        turn.go(FLOW, STEP)
        return [texts.still_waiting() if held.state == "waiting" else texts.with_counsellor()]
    area = await person.area_of(turn)
    centre = await _centre(turn, centre_id, area)
    chat = await turn.uow.users.find(turn.incoming.channel, turn.incoming.external_id)
    await turn.uow.handoffs.open_request(
        turn.user.id,
        chat.id if chat else turn.user.id,
        centre.id if centre else None,
        None,
        turn.now,
        context=_context(turn, area),
    )
    able = await availability(turn, centre)
    turn.go(FLOW, STEP)
    return [texts.requested(turn, centre.name if centre else None, able)]


async def _centre(turn: Turn, centre_id: int | None, area: Place | None) -> Centre | None:
    """The centre she was looking at, else the nearest of her area (same 시/군/구, else the
    same 시/도); None: the shared queue."""
    if centre_id is not None:
        chosen = await turn.uow.catalogue.centre(centre_id)
        if chosen is not None:
            return chosen
    if area is None:
        return None
    near = [
        centre
        for centre in await turn.uow.catalogue.centres_in(area.sido)
        if centre.kind != "mobile"
    ]
    if not near:
        return None

    def nearness(centre: Centre) -> tuple:
        far = distance_km(area, Place(centre.sido, centre.sigungu))
        return (centre.sigungu != area.sigungu, far if far is not None else 1e9, centre.id)

    return min(near, key=nearness)


def _context(turn: Turn, area: Place | None) -> tuple[tuple[str, str], ...]:
    """What the counsellor sees first: her area, and her wish when she typed it."""
    lines: list[tuple[str, str]] = []
    language = turn.language
    where = " ".join(part for part in (area.sido, area.sigungu) if part) if area else "-"
    with speaking(turn.settings.translator, STAFF_LANGUAGE):
        note = _("Asked in: {language} · area: {area}", language=language, area=where)
    lines.append(("system", note))
    typed = turn.incoming.text if not turn.incoming.data else None
    if typed and not turn.incoming.command:
        lines.append(("person", typed))
    return tuple(lines)


async def on_button(turn: Turn) -> list[Message]:
    """`ho:c:<centre>`: a counsellor of that centre; `ho:end` outside a talk: nothing to end."""
    centre_id = actions.centre_of(turn.incoming.data)
    if centre_id is not None:
        return await ask_for_person(turn, centre_id)
    return [menu_message(turn, _("There is no chat with a counsellor to end."))]
