"""The start of a booking: consent first, then the kind of counselling, then the place."""

from __future__ import annotations

from handlers.booking.places import MODE_BUTTONS, MODES, places_with_seats
from handlers.booking.service import too_many_open
from handlers.dates import read_when
from handlers.flows.common import SEOUL_JOBS_PHONE, home_button, normalise, plain
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

SHOWN_PLACES = 6
MODE_WORDS = {
    "phone": ("전화", "phone", "call"),
    "bus": ("버스", "bus"),
    "visit": ("방문", "센터", "visit", "centre", "center"),
}


async def start(turn: Turn) -> list[Message]:
    """ "Book counselling": her bookings if she has some, else the first question. A typed
    time ("다음주 목요일 오후 2시에 상담") is kept and used once the place is known."""
    if not turn.user.has_consented:
        return [ask_consent(turn)]
    if await too_many_open(turn.uow, turn.user.id, turn.now):
        from handlers.flows.booking.refusals import too_many

        return await too_many(turn)
    when = read_when(turn.incoming.text, turn.now, turn.tz) if turn.incoming.text else None
    if when is None and await turn.uow.bookings.upcoming(turn.user.id, turn.now):
        from handlers.flows.booking.mine import show_bookings

        return await show_bookings(turn)
    data = {"when": when_data(when)} if when else {}
    return await ask_kind(turn, **data)


def when_data(when) -> dict:
    return {
        "day": when.day.isoformat() if when.day else None,
        "at": when.at.strftime("%H:%M") if when.at else None,
    }


def ask_consent(turn: Turn) -> Message:
    turn.go("booking", "consent")
    text = _(
        "To book, I need to keep your booking and a phone number.\n"
        "They are used only for this counselling and its reminders.\n"
        "Do you agree?"
    )
    buttons = ((Button(_("I agree"), "bk:consent"),), (home_button(),))
    return Message(text=text, buttons=buttons)


async def on_consent(turn: Turn) -> list[Message]:
    await turn.uow.users.set_consent(turn.user.id, turn.now)
    return await ask_kind(turn, greeting=_("Thank you!"))


async def ask_kind(turn: Turn, greeting: str = "", **data) -> list[Message]:
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
    data = {key: value for key, value in data.items() if value is not None}
    if len(modes) == 1:
        said = [Message(text=greeting)] if greeting else []
        return said + await ask_place(turn, modes[0], **data)
    turn.go("booking", "kind", **data)
    text = _("How would you like to talk with a counsellor?")
    if greeting:
        text = f"{greeting}\n{text}"
    buttons = tuple((Button(_(MODE_BUTTONS[mode]), f"bk:k:{mode}"),) for mode in modes)
    return [Message(text=text, buttons=buttons + ((home_button(),),))]


def mode_in_text(text: str | None) -> str | None:
    words = normalise(text)
    for mode, keys in MODE_WORDS.items():
        if any(key in words for key in keys):
            return mode
    return None


async def ask_place(turn: Turn, mode: str, **data) -> list[Message]:
    first, last = turn.settings.booking.window(turn.now)
    profile = await turn.uow.profiles.get(turn.user.id)
    places = await places_with_seats(turn.uow, mode, first, last, profile)
    if not places:
        return [plain(_("There are no free times for this kind of counselling right now."))]
    if len(places) == 1:
        return await chosen_place(turn, mode, places[0][0].key, data)
    turn.go("booking", "place", mode=mode, **data)
    lines = [_("Where would you like it?")]
    buttons = []
    for where, _seats in places[:SHOWN_PLACES]:
        lines.append(f"· {where.name} ({where.region})")
        buttons.append((Button(where.name, f"bk:p:{where.key}"),))
    buttons.append((Button(_("Back"), "bk:back"), home_button()))
    return [Message(text="\n".join(lines), buttons=tuple(buttons))]


async def place_named(turn: Turn, words: str) -> str | None:
    """The key of the one offered place whose name or area a typed text names ("광명")."""
    if len(words) < 2 or not turn.data.get("mode"):
        return None
    first, last = turn.settings.booking.window(turn.now)
    profile = await turn.uow.profiles.get(turn.user.id)
    places = await places_with_seats(turn.uow, turn.data["mode"], first, last, profile)
    found = [
        where.key
        for where, _seats in places
        if words in normalise(where.name) or words in normalise(where.region)
    ]
    return found[0] if len(found) == 1 else None


async def chosen_place(turn: Turn, mode: str, key: str, data: dict) -> list[Message]:
    from handlers.flows.booking.when import apply_when, ask_day

    data = {**data, "mode": mode, "place": key}
    if data.get("when"):
        return await apply_when(turn, data)
    return await ask_day(turn, data)
