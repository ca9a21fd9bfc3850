"""Staff (admins only): everyone with a role and their centres, adding a web login with a
password, a role and the centres whose people she may see, and disabling a login. Adding a
login that exists gives it the new password, role and centres, and ends its sessions."""

from __future__ import annotations

import re

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import ROLES
from bot.admin.guard import Staffer
from bot.passwords import MIN_LENGTH

LOGIN = re.compile(r"^[A-Za-z0-9._@-]{3,100}$")


class StaffPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin/staff", self.admin.guard.page("admin")(self.list)),
            web.post("/admin/staff", self.admin.guard.action("admin")(self.add)),
            web.post("/admin/staff/disable", self.admin.guard.action("admin")(self.disable)),
        ]

    async def list(
        self,
        request: web.Request,
        staffer: Staffer,
        *,
        error: str | None = None,
        values: dict | None = None,
    ) -> web.Response:
        async with self.admin.uow() as uow:
            everyone = await uow.admin_staff.everyone()
            centres = await uow.admin_catalogue.centres()
        return self.admin.render(
            request,
            staffer,
            "staff.html",
            status=400 if error else 200,
            everyone=everyone,
            error=error,
            values=values or {"role": "staff"},
            roles=list(ROLES.items()),
            centres=[(str(centre.id), centre.name) for centre in centres],
            checked=(values or {}).get("centres", []),
            min_length=MIN_LENGTH,
        )

    async def add(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        try:
            login = forms.text(form, "login", "아이디", required=True, max_length=100)
            if not LOGIN.match(login):
                raise forms.FormError("아이디는 영문, 숫자와 . _ @ - 로 3자 이상 써 주세요.")
            role = forms.choice(form, "role", "역할", ROLES, required=True)
            password = str(form.get("password", ""))
            if len(password) < MIN_LENGTH:
                raise forms.FormError(f"비밀번호는 {MIN_LENGTH}자 이상이어야 해요.")
            async with self.admin.uow() as uow:
                known = [str(centre.id) for centre in await uow.admin_catalogue.centres()]
            centres = [int(c) for c in forms.choices(form, "centres", "센터", known)]
            if role == "staff" and not centres:
                raise forms.FormError("상담 직원은 맡을 센터를 하나 이상 골라 주세요.")
        except forms.FormError as error:
            values = {**forms.values_of(form), "centres": form.getall("centres", [])}
            return await self.list(request, staffer, error=str(error), values=values)
        password_hash = await self.admin.passwords.hash(password)
        async with self.admin.uow() as uow:
            existed = await uow.staff.exists(login)
            await uow.staff.grant_web(login, password_hash, role, self.admin.clock(), centres)
            await self.admin.audit(
                uow,
                staffer,
                "staff.update" if existed else "staff.add",
                login=login,
                role=role,
                centres=centres,
            )
            await uow.commit()
        done = "비밀번호와 역할을 바꿨어요" if existed else "만들었어요"
        return self.admin.redirect(
            "/admin/staff", f"웹 로그인 '{login}'({ROLES[role]})을(를) {done}."
        )

    async def disable(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        login = str(form.get("login", ""))
        if login == staffer.login:
            return self.admin.redirect("/admin/staff", "자기 로그인은 막을 수 없어요.", "error")
        async with self.admin.uow() as uow:
            found = await uow.staff.disable(login, self.admin.clock())
            if found:
                await self.admin.audit(uow, staffer, "staff.disable", login=login)
                await uow.commit()
        if not found:
            return self.admin.redirect("/admin/staff", "그런 웹 로그인이 없어요.", "error")
        return self.admin.redirect("/admin/staff", f"웹 로그인 '{login}'을(를) 막았어요.")
