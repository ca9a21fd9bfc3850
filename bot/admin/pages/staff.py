"""Staff (admins only): everyone with a role, and adding a web login with a password and a
role. Adding a login that exists gives it the new password and role."""

from __future__ import annotations

import asyncio
import re

from aiohttp import web

from bot.admin import forms
from bot.admin.formatting import ROLES
from bot.admin.guard import Staffer
from bot.passwords import MIN_LENGTH, hash_password

LOGIN = re.compile(r"^[A-Za-z0-9._@-]{3,100}$")


class StaffPages:
    def __init__(self, admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin/staff", self.admin.guard.page("admin")(self.list)),
            web.post("/admin/staff", self.admin.guard.action("admin")(self.add)),
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
        return self.admin.render(
            request,
            staffer,
            "staff.html",
            status=400 if error else 200,
            everyone=everyone,
            error=error,
            values=values or {"role": "staff"},
            roles=list(ROLES.items()),
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
        except forms.FormError as error:
            return await self.list(request, staffer, error=str(error), values=forms.values_of(form))
        password_hash = await asyncio.to_thread(hash_password, password)
        async with self.admin.uow() as uow:
            existed = await uow.staff.web_login(login) is not None
            await uow.staff.grant_web(login, password_hash, role, self.admin.clock())
            await self.admin.audit(
                uow, staffer, "staff.update" if existed else "staff.add", login=login, role=role
            )
            await uow.commit()
        done = "비밀번호와 역할을 바꿨어요" if existed else "만들었어요"
        return self.admin.redirect(
            "/admin/staff", f"웹 로그인 '{login}'({ROLES[role]})을(를) {done}."
        )
