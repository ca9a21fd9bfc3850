"""Cohorts of a programme: a form to add one or change one (dates, seats, days, hours)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import DAYS, PARTS_OF_DAY
from bot.admin.guard import Staffer
from storage.records import Cohort

SHOWN = ("number", "starts_on", "ends_on", "capacity", "seats_left", "days", "part_of_day")


class CohortPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("admin"), self.admin.guard.action("admin")
        return [
            web.get(r"/admin/programmes/{id:[0-9]{1,18}}/cohorts/new", page(self.new)),
            web.post(r"/admin/programmes/{id:[0-9]{1,18}}/cohorts", action(self.create)),
            web.get(r"/admin/cohorts/{id:[0-9]{1,18}}", page(self.edit)),
            web.post(r"/admin/cohorts/{id:[0-9]{1,18}}", action(self.update)),
        ]

    async def _form(self, request, staffer, programme_id, cohort_id, values, error=None):
        async with self.admin.uow() as uow:
            programme = await uow.admin_catalogue.programme(programme_id)
        if programme is None:
            raise web.HTTPNotFound(text="그런 프로그램이 없어요.")
        return self.admin.render(
            request,
            staffer,
            "cohort_form.html",
            status=400 if error else 200,
            programme=programme,
            cohort_id=cohort_id,
            values=values,
            error=error,
            days=list(DAYS.items()),
            parts=list(PARTS_OF_DAY.items()),
        )

    async def new(self, request: web.Request, staffer: Staffer) -> web.Response:
        return await self._form(request, staffer, int(request.match_info["id"]), None, {})

    async def edit(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            cohort = await uow.admin_catalogue.cohort(int(request.match_info["id"]))
        if cohort is None:
            raise web.HTTPNotFound(text="그런 기수가 없어요.")
        return await self._form(request, staffer, cohort.programme_id, cohort.id, _values(cohort))

    async def create(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        programme_id = int(request.match_info["id"])
        try:
            values = _read(form)
        except forms.FormError as error:
            return await self._form(
                request, staffer, programme_id, None, forms.values_of(form), str(error)
            )
        key = f"admin:cohort:{uuid.uuid4().hex[:12]}"
        async with self.admin.uow() as uow:
            if await uow.admin_catalogue.programme(programme_id) is None:
                raise web.HTTPNotFound(text="그런 프로그램이 없어요.")
            new_id = await uow.admin_catalogue.add(
                "cohorts", key=key, programme_id=programme_id, **values
            )
            await self.admin.audit(
                uow, staffer, "cohort.create", id=new_id, programme=programme_id, **values
            )
            await uow.commit()
        return self.admin.redirect(
            f"/admin/programmes/{programme_id}", f"{values['starts_on']} 시작 기수를 추가했어요."
        )

    async def update(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        cohort_id = int(request.match_info["id"])
        async with self.admin.uow() as uow:
            cohort = await uow.admin_catalogue.cohort(cohort_id)
        if cohort is None:
            raise web.HTTPNotFound(text="그런 기수가 없어요.")
        try:
            values = _read(form)
        except forms.FormError as error:
            return await self._form(
                request, staffer, cohort.programme_id, cohort_id, forms.values_of(form), str(error)
            )
        async with self.admin.uow() as uow:
            await uow.admin_catalogue.change("cohorts", cohort_id, **values)
            await self.admin.audit(uow, staffer, "cohort.update", id=cohort_id, **values)
            await uow.commit()
        return self.admin.redirect(f"/admin/programmes/{cohort.programme_id}", "기수를 고쳤어요.")


def _read(form) -> dict:
    values: dict[str, Any] = {
        "number": forms.number(form, "number", "기수", minimum=1, maximum=10_000),
        "starts_on": forms.day(form, "starts_on", "시작일", required=True),
        "ends_on": forms.day(form, "ends_on", "종료일"),
        "capacity": forms.number(form, "capacity", "정원", maximum=10_000),
        "seats_left": forms.number(form, "seats_left", "남은 자리", maximum=10_000),
        "days": forms.choice(form, "days", "요일", DAYS),
        "part_of_day": forms.choice(form, "part_of_day", "시간대", PARTS_OF_DAY),
    }
    if values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise forms.FormError("종료일이 시작일보다 빨라요.")
    capacity, left = values["capacity"], values["seats_left"]
    if capacity is not None and left is not None and left > capacity:
        raise forms.FormError("남은 자리가 정원보다 많아요.")
    return values


def _values(cohort: Cohort) -> dict[str, str]:
    shown = {name: getattr(cohort, name) for name in SHOWN}
    return {name: "" if value is None else str(value) for name, value in shown.items()}
