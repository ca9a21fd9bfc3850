"""Centres: the list, and a form to add one or change one (opening hours make its slots)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import CENTRE_KINDS
from bot.admin.guard import Staffer
from storage.records import Centre

FIELDS = ("name", "kind", "sido", "sigungu", "address", "phone", "opens_at", "closes_at")


class CentrePages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("admin"), self.admin.guard.action("admin")
        return [
            web.get("/admin/centres", page(self.list)),
            web.get("/admin/centres/new", page(self.new)),
            web.post("/admin/centres", action(self.create)),
            web.get(r"/admin/centres/{id:[0-9]{1,18}}", page(self.edit)),
            web.post(r"/admin/centres/{id:[0-9]{1,18}}", action(self.update)),
        ]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            centres = await uow.admin_catalogue.centres()
        return self.admin.render(request, staffer, "centres.html", centres=centres)

    def _form(self, request, staffer, centre_id, values, error=None) -> web.Response:
        return self.admin.render(
            request,
            staffer,
            "centre_form.html",
            status=400 if error else 200,
            centre_id=centre_id,
            values=values,
            error=error,
            kinds=list(CENTRE_KINDS.items()),
        )

    async def new(self, request: web.Request, staffer: Staffer) -> web.Response:
        return self._form(request, staffer, None, {"kind": "saeil"})

    async def edit(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            centre = await uow.catalogue.centre(int(request.match_info["id"]))
        if centre is None:
            raise web.HTTPNotFound(text="그런 센터가 없어요.")
        return self._form(request, staffer, centre.id, _values(centre))

    async def create(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        try:
            values = _read(form)
        except forms.FormError as error:
            return self._form(request, staffer, None, forms.values_of(form), str(error))
        key = f"admin:centre:{uuid.uuid4().hex[:12]}"
        async with self.admin.uow() as uow:
            centre_id = await uow.admin_catalogue.add("centres", key=key, source="admin", **values)
            await self.admin.audit(uow, staffer, "centre.create", id=centre_id, **values)
            await uow.commit()
        return self.admin.redirect("/admin/centres", f"센터 '{values['name']}'을(를) 추가했어요.")

    async def update(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        centre_id = int(request.match_info["id"])
        try:
            values = _read(form)
        except forms.FormError as error:
            return self._form(request, staffer, centre_id, forms.values_of(form), str(error))
        async with self.admin.uow() as uow:
            if not await uow.admin_catalogue.change("centres", centre_id, **values):
                raise web.HTTPNotFound(text="그런 센터가 없어요.")
            await self.admin.audit(uow, staffer, "centre.update", id=centre_id, **values)
            await uow.commit()
        return self.admin.redirect("/admin/centres", f"센터 '{values['name']}'을(를) 고쳤어요.")


def _read(form) -> dict:
    values: dict[str, Any] = {
        "name": forms.text(form, "name", "이름", required=True),
        "kind": forms.choice(form, "kind", "종류", CENTRE_KINDS, required=True),
        "sido": forms.text(form, "sido", "시·도", required=True, max_length=40),
        "sigungu": forms.text(form, "sigungu", "시·군·구", max_length=40),
        "address": forms.text(form, "address", "주소", max_length=300),
        "phone": forms.text(form, "phone", "전화", max_length=40),
        "opens_at": forms.clock(form, "opens_at", "여는 시간"),
        "closes_at": forms.clock(form, "closes_at", "닫는 시간"),
    }
    if (values["opens_at"] is None) != (values["closes_at"] is None):
        raise forms.FormError(
            "여는 시간과 닫는 시간을 함께 써 주세요 (둘 다 비우면 상담 시간을 만들지 않아요)."
        )
    if values["opens_at"] and values["opens_at"] >= values["closes_at"]:
        raise forms.FormError("닫는 시간이 여는 시간보다 늦어야 해요.")
    return values


def _values(centre: Centre) -> dict[str, str]:
    shown = {name: getattr(centre, name) for name in FIELDS}
    for name in ("opens_at", "closes_at"):
        shown[name] = shown[name].strftime("%H:%M") if shown[name] else ""
    return {name: "" if value is None else str(value) for name, value in shown.items()}
