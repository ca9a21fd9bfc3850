"""Staff in the chat: /today lists today's bookings of her centres with "came" / "did not
come" buttons, and keeps the counts. Only identities with a stored role see it; anyone else is
not told it exists. A counsellor sees and marks her centres' bookings only; an admin, all."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from handlers.booking.places import place_of
from handlers.booking.service import mark_attendance
from handlers.flows.actions import staff as actions
from handlers.flows.common import home_button
from handlers.flows.menu import not_understood
from handlers.formatting import clock, day
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn
from storage.records import Scope

MARKS = {actions.Came: "attended", actions.NoShow: "no_show"}
STATE_WORDS = {"active": "", "attended": "✅ ", "no_show": "❌ "}
SHOWN = 30


async def staff_scope(turn: Turn) -> Scope | None:
    """Whose people the chat that wrote may see (her centres', or everyone's for an admin);
    None: not staff. A role belongs to the chat it was granted to, even when it is linked to
    another chat of the same person."""
    chat = turn.incoming
    found = await turn.uow.staff.chat_identity(chat.channel, chat.external_id)
    return found.scope if found else None


async def is_staff(turn: Turn) -> bool:
    return await staff_scope(turn) is not None


async def today(turn: Turn) -> list[Message]:
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    turn.go("menu", "idle")
    local_day = turn.now.astimezone(turn.tz).date()
    first = datetime.combine(local_day, time(0), turn.tz)
    last = first + timedelta(days=1)
    found = await turn.uow.bookings.starting_between(first, last, scope)
    counts = await turn.uow.bookings.counts(first, last, scope)
    summary = _(
        "Bookings on {day}: {total}\nCame {came} · Did not come {missed} · To come {open}",
        day=day(local_day),
        total=len(found),
        came=counts.get("attended", 0),
        missed=counts.get("no_show", 0),
        open=counts.get("active", 0),
    )
    messages = [Message(text=summary)]
    for booking, slot in found[:SHOWN]:
        where = await place_of(turn.uow, slot)
        text = f"{STATE_WORDS.get(booking.state, '')}{clock(slot.starts_at, turn.tz)} · " + (
            where.name if where else ""
        )
        buttons = (
            (
                Button(_("Came"), actions.Came(booking.id).encode()),
                Button(_("Did not come"), actions.NoShow(booking.id).encode()),
            ),
        )
        messages.append(Message(text=text, buttons=buttons))
    messages.append(Message(text=_("That's all for today."), buttons=((home_button(),),)))
    return messages


async def on_mark(turn: Turn) -> list[Message]:
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    action = actions.decode(turn.incoming.data)
    if action is None:
        return await today(turn)
    number = action.id
    # Another centre's booking is answered as one that cannot be marked: nothing is told.
    ours = await turn.uow.bookings.within_scope(number, scope)
    if not ours or not await mark_attendance(turn.uow, number, MARKS[type(action)], turn.now):
        return [Message(text=_("That booking can no longer be marked.")), *await today(turn)]
    return await today(turn)
