"""/stats for staff: this week's bookings and attendance, new people, most-opened courses, of
her centres (everything for an admin)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from handlers.flows.menu import menu_message, not_understood
from handlers.flows.staff import staff_scope
from handlers.formatting import day
from handlers.i18n import _
from handlers.messages import Message
from handlers.turn import Turn


async def show(turn: Turn) -> list[Message]:
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    today = turn.now.astimezone(turn.tz).date()
    monday = today - timedelta(days=today.weekday())
    first = datetime.combine(monday, time(0), turn.tz)
    last = first + timedelta(days=7)
    counts = await turn.uow.bookings.counts(first, last, scope)
    booked = sum(counts.get(s, 0) for s in ("active", "attended", "no_show"))
    came, missed = counts.get("attended", 0), counts.get("no_show", 0)
    rate = f"{round(100 * came / (came + missed))}%" if came + missed else "–"
    lines = [
        _("This week ({first} – {last})", first=day(monday), last=day(monday + timedelta(days=6))),
        _(
            "Bookings: {count} (cancelled {cancelled})",
            count=booked,
            cancelled=counts.get("cancelled", 0),
        ),
        _(
            "Came {came} · Did not come {missed} · Attendance {rate}",
            came=came,
            missed=missed,
            rate=rate,
        ),
        _("New people: {count}", count=await turn.uow.users.count_new(first, last, scope)),
    ]
    top = await turn.uow.views.top(monday, monday + timedelta(days=6), limit=3, scope=scope)
    if top:
        lines.append(_("Most opened courses:"))
        lines += [f"· {title} ({views})" for title, views in top]
    return [menu_message(turn, "\n".join(lines))]
