"""Today's and the coming days' bookings of her centres (all of them for an admin), with "출석" /
"불참" buttons (a mistake can be corrected by pressing the other one). Another centre's booking
cannot be marked: it is answered as a booking that is not there."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.admin.contract import Admin
from bot.admin.formatting import STATES, local_today, midnight
from bot.admin.guard import Staffer
from handlers.booking.places import place_of
from handlers.booking.service import mark_attendance

DAYS_AHEAD = 7
MARKS = ("attended", "no_show")


class BookingPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        guard = self.admin.guard
        return [
            web.get("/admin/bookings", guard.page("staff")(self.list)),
            web.post(
                r"/admin/bookings/{id:[0-9]{1,18}}/attendance", guard.action("staff")(self.mark)
            ),
        ]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        tz = self.admin.tz
        today = local_today(self.admin.clock(), tz)
        last = midnight(today + timedelta(days=DAYS_AHEAD + 1), tz)
        days: dict = {}
        async with self.admin.uow() as uow:
            found = await uow.bookings.starting_between(midnight(today, tz), last, staffer.scope)
            places: dict = {}
            for booking, slot in found:
                key = (slot.centre_id, slot.visit_id)
                if key not in places:
                    places[key] = await place_of(uow, slot)
                local_day = slot.starts_at.astimezone(tz).date()
                days.setdefault(local_day, []).append((booking, slot, places[key]))
            phone_problems = await uow.phone_notices.problems([b.id for b, _slot in found])
        return self.admin.render(
            request,
            staffer,
            "bookings.html",
            days=days,
            today=today,
            days_ahead=DAYS_AHEAD,
            phone_problems=phone_problems,
        )

    async def mark(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        booking_id = int(request.match_info["id"])
        state = str(form.get("state", ""))
        if state not in MARKS:
            return self.admin.redirect("/admin/bookings", "출석 또는 불참을 골라 주세요.", "error")
        async with self.admin.uow() as uow:
            ours = await uow.bookings.within_scope(booking_id, staffer.scope)
            marked = ours and await mark_attendance(uow, booking_id, state, self.admin.clock())
            if marked:
                await self.admin.audit(
                    uow, staffer, "booking.mark", booking=booking_id, state=state
                )
                await uow.commit()
        if not marked:
            return self.admin.redirect(
                "/admin/bookings", "이 예약은 표시할 수 없어요 (취소되었거나 없는 예약).", "error"
            )
        message = f"예약 {booking_id}번을 {STATES[state]}으로 표시했어요."
        return self.admin.redirect(f"/admin/bookings#b{booking_id}", message)
