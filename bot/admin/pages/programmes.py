"""Programmes: the list, and a form to add or change one; its cohorts are listed on its page."""

from __future__ import annotations

import uuid

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import PROGRAMME_KINDS
from bot.admin.guard import Staffer
from bot.admin.pages.cohorts import CohortPages
from handlers.vocabulary import AUDIENCES, FIELDS, TARGET_GROUPS
from storage.records import Programme

TEXTS = ("title", "summary", "duration_text", "cost", "contact", "url")


class ProgrammePages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("admin"), self.admin.guard.action("admin")
        return [
            web.get("/admin/programmes", page(self.list)),
            web.get("/admin/programmes/new", page(self.new)),
            web.post("/admin/programmes", action(self.create)),
            web.get(r"/admin/programmes/{id:[0-9]{1,18}}", page(self.edit)),
            web.post(r"/admin/programmes/{id:[0-9]{1,18}}", action(self.update)),
            *CohortPages(self.admin).routes(),
        ]

    def _options(self, vocabulary: dict[str, str]) -> list[tuple[str, str]]:
        return [(code, self.admin.korean(label)) for code, label in vocabulary.items()]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            found = await uow.admin_catalogue.programmes()
        return self.admin.render(request, staffer, "programmes.html", programmes=found)

    async def _form(self, request, staffer, programme_id, values, checked, error=None):
        async with self.admin.uow() as uow:
            centres = await uow.admin_catalogue.centres()
            cohorts = await uow.admin_catalogue.cohorts_of(programme_id) if programme_id else []
        return self.admin.render(
            request,
            staffer,
            "programme_form.html",
            status=400 if error else 200,
            programme_id=programme_id,
            values=values,
            checked=checked,
            error=error,
            cohorts=cohorts,
            centres=[(str(c.id), f"{c.name} ({c.sido})") for c in centres],
            kinds=list(PROGRAMME_KINDS.items()),
            audiences=self._options(AUDIENCES),
            groups=self._options(TARGET_GROUPS),
            fields=self._options(FIELDS),
        )

    async def new(self, request: web.Request, staffer: Staffer) -> web.Response:
        values = {"kind": "course", "audience": "job_seekers"}
        return await self._form(request, staffer, None, values, set())

    async def edit(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            programme = await uow.admin_catalogue.programme(int(request.match_info["id"]))
        if programme is None:
            raise web.HTTPNotFound(text="그런 프로그램이 없어요.")
        checked = {*programme.target_groups, *programme.fields}
        return await self._form(request, staffer, programme.id, _values(programme), checked)

    async def _invalid(self, request, staffer, programme_id, form, error):
        checked = {*form.getall("target_groups", []), *form.getall("fields", [])}
        return await self._form(
            request, staffer, programme_id, forms.values_of(form), checked, str(error)
        )

    async def create(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        key = f"admin:programme:{uuid.uuid4().hex[:12]}"
        try:
            values = _read(form)
            async with self.admin.uow() as uow:
                await _check_centre(uow, values["centre_id"])
                new_id = await uow.admin_catalogue.add(
                    "programmes", key=key, source="admin", **values
                )
                await self.admin.audit(uow, staffer, "programme.create", id=new_id, **values)
                await uow.commit()
        except forms.FormError as error:  # (after the unit of work, which must not nest)
            return await self._invalid(request, staffer, None, form, error)
        message = f"프로그램 '{values['title']}'을(를) 추가했어요. 이제 기수를 추가해 보세요."
        return self.admin.redirect(f"/admin/programmes/{new_id}", message)

    async def update(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        programme_id = int(request.match_info["id"])
        try:
            values = _read(form)
            async with self.admin.uow() as uow:
                await _check_centre(uow, values["centre_id"])
                if not await uow.admin_catalogue.change("programmes", programme_id, **values):
                    raise web.HTTPNotFound(text="그런 프로그램이 없어요.")
                await self.admin.audit(uow, staffer, "programme.update", id=programme_id, **values)
                await uow.commit()
        except forms.FormError as error:
            return await self._invalid(request, staffer, programme_id, form, error)
        message = f"프로그램 '{values['title']}'을(를) 고쳤어요."
        return self.admin.redirect(f"/admin/programmes/{programme_id}", message)


async def _check_centre(uow, centre_id: int) -> None:
    if await uow.catalogue.centre(centre_id) is None:
        raise forms.FormError("센터를 목록에서 골라 주세요.")


def _read(form) -> dict:
    return {
        "centre_id": forms.number(
            form, "centre_id", "센터", required=True, minimum=1, maximum=2**62
        ),
        "title": forms.text(form, "title", "이름", required=True),
        "summary": forms.text(form, "summary", "소개", max_length=2000) or "",
        "kind": forms.choice(form, "kind", "종류", PROGRAMME_KINDS, required=True),
        "audience": forms.choice(form, "audience", "대상", AUDIENCES, required=True),
        "target_groups": forms.choices(form, "target_groups", "우선 대상", TARGET_GROUPS),
        "fields": forms.choices(form, "fields", "분야", FIELDS),
        "hours": forms.number(form, "hours", "교육 시간", maximum=10_000),
        "duration_text": forms.text(form, "duration_text", "기간", max_length=100),
        "cost": forms.text(form, "cost", "비용", max_length=100),
        "contact": forms.text(form, "contact", "문의", max_length=100),
        "url": forms.text(form, "url", "누리집", max_length=300),
    }


def _values(programme: Programme) -> dict[str, str]:
    shown = {name: getattr(programme, name) for name in TEXTS}
    shown.update(
        centre_id=programme.centre_id,
        kind=programme.kind,
        audience=programme.audience,
        hours=programme.hours,
    )
    return {name: "" if value is None else str(value) for name, value in shown.items()}
