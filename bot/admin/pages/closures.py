"""Closure days: the coming year's list, and closing a day for one centre or every centre.
Slots already made for that day stay; new bookings of them are refused."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import local_today
from bot.admin.guard import Staffer
from handlers.slot_generation import CannotGenerate, close_day

DAYS_SHOWN = 366


class ClosurePages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        guard = self.admin.guard
        return [
            web.get("/admin/closures", guard.page("admin")(self.list)),
            web.post("/admin/closures", guard.action("admin")(self.add)),
        ]

    async def list(
        self,
        request: web.Request,
        staffer: Staffer,
        *,
        error: str | None = None,
        values: dict | None = None,
    ) -> web.Response:
        today = local_today(self.admin.clock(), self.admin.tz)
        async with self.admin.uow() as uow:
            closures = await uow.slots.closures_between(today, today + timedelta(days=DAYS_SHOWN))
            centres = await uow.admin_catalogue.centres()
        names = {centre.id: centre.name for centre in centres}
        return self.admin.render(
            request,
            staffer,
            "closures.html",
            status=400 if error else 200,
            closures=sorted(closures, key=lambda c: (c.day, c.centre_id or 0)),
            names=names,
            centres=[(str(c.id), f"{c.name} ({c.sido})") for c in centres],
            error=error,
            values=values or {},
        )

    async def add(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        try:
            day = forms.day(form, "day", "날짜", required=True)
            centre = forms.number(form, "centre", "센터", minimum=1, maximum=2**62)
            reason = forms.text(form, "reason", "사유", max_length=200)
            async with self.admin.uow() as uow:
                closed = await close_day(uow, day, centre, reason, self.admin.tz)
                if closed.added:
                    await self.admin.audit(
                        uow, staffer, "closure.add", day=day, centre=centre, reason=reason
                    )
                    await uow.commit()
        except (forms.FormError, CannotGenerate) as error:
            return await self.list(request, staffer, error=str(error), values=forms.values_of(form))
        place = "모든 센터" if centre is None else closed.place
        if not closed.added:
            return self.admin.redirect("/admin/closures", f"{day}은(는) 이미 {place} 휴무일이에요.")
        message = f"{day}을(를) {place} 휴무일로 정했어요."
        if closed.slots_that_day:
            count = closed.slots_that_day
            message += f" 그날 이미 만든 상담 시간 {count}개는 남아 있지만 새로 예약할 수 없어요."
        return self.admin.redirect("/admin/closures", message)
