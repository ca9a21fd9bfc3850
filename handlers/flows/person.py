"""Her area, and her centre's phone number for someone who cannot chat with a counsellor.

A talk with a counsellor (`handlers.flows.handoff`) keeps what she writes, so it needs her
consent to the privacy notice; without it, the wish for a person gets the phone number of her
centre — the one in her area, else the nearest that has a number — and an offer to book.
"""

from __future__ import annotations

from handlers.flows.actions.menu import Menu
from handlers.flows.common import home_button
from handlers.flows.intake.state import IntakeState
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.regions import Place, distance_km
from handlers.turn import Turn
from storage.records import Centre


async def her_centre(turn: Turn, area: Place | None) -> Centre | None:
    """The centre with a phone number nearest to `area` (her own 시/군/구 first)."""
    today = turn.now.astimezone(turn.tz).date()
    listings = await turn.settings.catalogue.listings(turn.uow, today, turn.now)
    centres = list({listing.centre.id: listing.centre for listing in listings}.values())
    centres = [centre for centre in centres if centre.phone]
    if not centres:
        return None
    if area is None:
        return centres[0]

    def nearness(centre: Centre) -> tuple:
        same = (centre.sido == area.sido, centre.sigungu == area.sigungu)
        far = distance_km(area, Place(centre.sido, centre.sigungu))
        return (not all(same), not same[0], far if far is not None else 1e9)

    return min(centres, key=nearness)


async def area_of(turn: Turn) -> Place | None:
    """Her area: an answer given in the intake under way, else her stored profile."""
    given = IntakeState.from_data(turn.data).answers if turn.flow == "intake" else {}
    if given.get("sido"):
        return Place(given["sido"], given.get("sigungu"))
    profile = await turn.uow.profiles.get(turn.user.id)
    return Place(profile.sido, profile.sigungu) if profile and profile.sido else None


async def person_message(turn: Turn, with_home: bool = True) -> Message:
    """Her centre's number and an offer to book: a message with its buttons."""
    centre = await her_centre(turn, await area_of(turn))
    if centre is None:
        text = _(
            "You'd like to talk to a person.\n"
            "Book a counselling time, and a counsellor will talk with you then."
        )
    else:
        text = _(
            "You'd like to talk to a person.\n"
            "Please call {centre}: {phone}\n"
            "Or book a counselling time, and a counsellor will talk with you then.",
            centre=centre.name,
            phone=centre.phone,
        )
    row = (Button(_("Book counselling"), Menu("booking").encode()),)
    return Message(text=text, buttons=(row + (home_button(),),) if with_home else (row,))


async def ask_for_person(turn: Turn) -> list[Message]:
    """Outside any question: the number and the offer, with the way home."""
    message = await person_message(turn)
    turn.go("menu", "idle")
    return [message]
