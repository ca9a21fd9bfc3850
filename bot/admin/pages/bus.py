"""The counselling bus: upcoming visits, a form to add or change one, and a printable poster
whose QR codes open booking for that visit in Telegram and in the web chat."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import segno
from aiohttp import web
from markupsafe import Markup

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import local_today, midnight
from bot.admin.guard import Staffer
from handlers.flows.booking.actions import BusVisit
from handlers.flows.bus import SERVICES
from storage.records import BusVisitListing


class BusPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        guard = self.admin.guard
        page, action = guard.page("admin"), guard.action("admin")
        return [
            web.get("/admin/bus", guard.page("staff")(self.list)),
            web.get("/admin/bus/new", page(self.new)),
            web.post("/admin/bus", action(self.create)),
            web.get(r"/admin/bus/{id:[0-9]{1,18}}", page(self.edit)),
            web.post(r"/admin/bus/{id:[0-9]{1,18}}", action(self.update)),
            web.get(r"/admin/bus/{id:[0-9]{1,18}}/poster", guard.page("staff")(self.poster)),
        ]

    def _services(self) -> list[tuple[str, str]]:
        return [(code, self.admin.korean(label)) for code, label in SERVICES.items()]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        today = midnight(local_today(self.admin.clock(), self.admin.tz), self.admin.tz)
        async with self.admin.uow() as uow:
            visits = await uow.admin_bus.visits_from(today)
        return self.admin.render(
            request, staffer, "bus.html", visits=visits, services=dict(self._services())
        )

    async def _form(self, request, staffer, visit_id, values, checked, error=None):
        async with self.admin.uow() as uow:
            sites = await uow.admin_bus.sites()
        return self.admin.render(
            request,
            staffer,
            "bus_form.html",
            status=400 if error else 200,
            visit_id=visit_id,
            values=values,
            checked=checked,
            error=error,
            services=self._services(),
            sites=[(str(s.id), f"{s.name} ({s.district})") for s in sites],
        )

    async def _visit(self, request: web.Request) -> BusVisitListing:
        async with self.admin.uow() as uow:
            found = await uow.bus.visit(int(request.match_info["id"]))
        if found is None:
            raise web.HTTPNotFound(text="그런 버스 방문이 없어요.")
        return found

    async def new(self, request: web.Request, staffer: Staffer) -> web.Response:
        values = {"start": "10:00", "end": "17:00", "phone": "1588-9142"}
        return await self._form(request, staffer, None, values, {"job"})

    async def edit(self, request: web.Request, staffer: Staffer) -> web.Response:
        found = await self._visit(request)
        visit, tz = found.visit, self.admin.tz
        values = {
            "site_id": str(visit.site_id),
            "day": visit.starts_at.astimezone(tz).date().isoformat(),
            "start": visit.starts_at.astimezone(tz).strftime("%H:%M"),
            "end": visit.ends_at.astimezone(tz).strftime("%H:%M"),
            "phone": visit.phone or "",
        }
        return await self._form(request, staffer, visit.id, values, set(visit.services))

    async def _save(self, request, staffer, form, visit_id: int | None) -> web.Response:
        try:
            values = self._read(form)
        except forms.FormError as error:
            return await self._form(
                request,
                staffer,
                visit_id,
                forms.values_of(form),
                set(form.getall("services", [])),
                str(error),
            )
        async with self.admin.uow() as uow:
            if visit_id is None:
                key = f"admin:visit:{uuid.uuid4().hex[:12]}"
                visit_id = await uow.admin_bus.add_visit(key=key, **values)
                await self.admin.audit(uow, staffer, "bus_visit.create", id=visit_id, **values)
            else:
                if not await uow.admin_bus.change_visit(visit_id, **values):
                    raise web.HTTPNotFound(text="그런 버스 방문이 없어요.")
                await self.admin.audit(uow, staffer, "bus_visit.update", id=visit_id, **values)
            await uow.commit()
        return self.admin.redirect("/admin/bus", f"버스 방문 {visit_id}번을 저장했어요.")

    async def create(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        return await self._save(request, staffer, form, None)

    async def update(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        return await self._save(request, staffer, form, int(request.match_info["id"]))

    def _read(self, form) -> dict:
        site_id = forms.number(form, "site_id", "장소", required=True, minimum=1, maximum=2**62)
        day = forms.day(form, "day", "날짜", required=True)
        start = forms.clock(form, "start", "시작 시간", required=True)
        end = forms.clock(form, "end", "끝 시간", required=True)
        if end <= start:
            raise forms.FormError("끝 시간이 시작 시간보다 늦어야 해요.")
        services = forms.choices(form, "services", "상담 내용", SERVICES)
        if not services:
            raise forms.FormError("상담 내용을 하나 이상 골라 주세요.")
        tz = self.admin.tz
        return {
            "site_id": site_id,
            "starts_at": datetime.combine(day, start, tz),
            "ends_at": datetime.combine(day, end, tz),
            "services": services,
            "phone": forms.text(form, "phone", "전화", max_length=40),
        }

    async def poster(self, request: web.Request, staffer: Staffer) -> web.Response:
        found = await self._visit(request)
        visit_id = found.visit.id
        username = self.admin.flows.telegram_username()
        telegram = f"https://t.me/{username}?start=v{visit_id}" if username else None
        web_chat = f"{self.admin.base_url}/?do={BusVisit(visit_id).encode()}"
        return self.admin.render(
            request,
            staffer,
            "poster.html",
            listing=found,
            telegram=telegram,
            web_chat=web_chat,
            telegram_qr=qr(telegram) if telegram else None,
            web_qr=qr(web_chat),
            services=[label for code, label in self._services() if code in found.visit.services],
            ended=found.visit.ends_at < self.admin.clock() - timedelta(hours=1),
        )


def qr(url: str) -> Markup:
    """A QR code as inline SVG that scales to its box (segno: no image files, no network)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=1, omitsize=True, border=2))
