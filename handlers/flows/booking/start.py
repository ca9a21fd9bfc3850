"""The start of a booking: consent first, then the kind of counselling, then the place."""

from __future__ import annotations

from dataclasses import replace

from handlers.booking.places import MODE_BUTTONS, MODES, places_with_seats
from handlers.booking.service import too_many_open
from handlers.dates import read_when
from handlers.flows.booking.actions import Back, BusVisit, Consent, Kind, Place, decode
from handlers.flows.booking.mine import show_bookings
from handlers.flows.booking.refusals import too_many
from handlers.flows.booking.state import BookingState, go, state_of
from handlers.flows.booking.when import apply_when, ask_day
from handlers.flows.common import SEOUL_JOBS_PHONE, home_button, normalise, plain
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

SHOWN_PLACES = 6


async def start(turn: Turn) -> list[Message]:
    """ "Book counselling": her bookings if she has some, else the first question. A typed
    time ("다음주 목요일 오후 2시에 상담") is kept and used once the place is known."""
    if not turn.user.has_consented:
        return [ask_consent(turn)]
    if await too_many_open(turn.uow, turn.user.id, turn.now):
        return await too_many(turn)
    when = read_when(turn.incoming.text, turn.now, turn.tz) if turn.incoming.text else None
    if when is None and await turn.uow.bookings.upcoming(turn.user.id, turn.now):
        return await show_bookings(turn)
    return await ask_kind(turn, BookingState(when=when))


async def follow_link(turn: Turn, data: str) -> list[Message]:
    """A shared link's booking (`bk:v:12`, a bus visit), followed once she has agreed."""
    pressed = decode(data)
    if not isinstance(pressed, BusVisit):
        return await start(turn)
    if not turn.user.has_consented:
        return [ask_consent(turn)]
    return await bus_visit(turn, pressed.id)


async def bus_visit(turn: Turn, visit_id: int) -> list[Message]:
    """Booking at one stop of the bus: its day, or its times."""
    return await chosen_place(turn, "bus", f"v{visit_id}", BookingState())


async def gone(turn: Turn) -> list[Message]:
    """The time she chose no longer exists: the first question again."""
    return await ask_kind(turn, greeting=_("That time is no longer available."))


def ask_consent(turn: Turn) -> Message:
    go(turn, "consent", BookingState())
    text = _(
        "To book, I need to keep your booking and a phone number.\n"
        "They are used only for this counselling and its reminders.\n"
        "Do you agree?"
    )
    buttons = ((Button(_("I agree"), Consent().encode()),), (home_button(),))
    return Message(text=text, buttons=buttons)


async def on_consent(turn: Turn) -> list[Message]:
    await turn.uow.users.set_consent(turn.user.id, turn.now)
    return await ask_kind(turn, greeting=_("Thank you!"))


async def ask_kind(
    turn: Turn, state: BookingState | None = None, greeting: str = ""
) -> list[Message]:
    """The first question, how she would like to talk (skipped when there is one way), keeping
    what `state` says of a typed time and a booking being moved."""
    state = (state or BookingState()).kept()
    first, last = turn.settings.booking.window(turn.now)
    modes = [mode for mode in MODES if mode in await turn.uow.slots.modes_with_seats(first, last)]
    if not modes:
        turn.go("menu", "idle")
        text = _(
            "There are no free counselling times right now.\n"
            "Please try again in a few days.\n"
            "Bus information: Seoul Job Plus Centre {phone}",
            phone=SEOUL_JOBS_PHONE,
        )
        return [plain(text)]
    if len(modes) == 1:
        said = [Message(text=greeting)] if greeting else []
        return said + await ask_place(turn, modes[0], state)
    go(turn, "kind", state)
    text = _("How would you like to talk with a counsellor?")
    if greeting:
        text = f"{greeting}\n{text}"
    buttons = tuple((Button(_(MODE_BUTTONS[mode]), Kind(mode).encode()),) for mode in modes)
    return [Message(text=text, buttons=buttons + ((home_button(),),))]


async def ask_place(turn: Turn, mode: str, state: BookingState) -> list[Message]:
    """Where: the places with free times of this kind, hers first (skipped when there is one)."""
    first, last = turn.settings.booking.window(turn.now)
    profile = await turn.uow.profiles.get(turn.user.id)
    places = await places_with_seats(turn.uow, mode, first, last, profile)
    if not places:
        return [plain(_("There are no free times for this kind of counselling right now."))]
    if len(places) == 1:
        return await chosen_place(turn, mode, places[0][0].key, state)
    go(turn, "place", replace(state, mode=mode))
    lines = [_("Where would you like it?")]
    buttons: list[tuple[Button, ...]] = []
    for where, _seats in places[:SHOWN_PLACES]:
        lines.append(f"· {where.name} ({where.region})")
        buttons.append((Button(where.name, Place(where.key).encode()),))
    buttons.append((Button(_("Back"), Back().encode()), home_button()))
    return [Message(text="\n".join(lines), buttons=tuple(buttons))]


async def place_named(turn: Turn, words: str) -> str | None:
    """The key of the one offered place whose name or area a typed text names ("광명")."""
    mode = state_of(turn).mode
    if len(words) < 2 or not mode:
        return None
    first, last = turn.settings.booking.window(turn.now)
    profile = await turn.uow.profiles.get(turn.user.id)
    places = await places_with_seats(turn.uow, mode, first, last, profile)
    found = [
        where.key
        for where, _seats in places
        if words in normalise(where.name) or words in normalise(where.region)
    ]
    return found[0] if len(found) == 1 else None


async def chosen_place(turn: Turn, mode: str, key: str, state: BookingState) -> list[Message]:
    state = replace(state, mode=mode, place=key)
    if state.when:
        return await apply_when(turn, state)
    return await ask_day(turn, state)
