"""Signing in and out. Failed attempts are written to the audit log and counted from there
(so every process shares the count): 5 for one login, or 20 from one address, within 10
minutes, and further attempts are refused until the window has passed."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from functools import cached_property

import structlog
from aiohttp import web
from multidict import MultiDictProxy

from bot.addresses import client_address
from bot.admin.guard import Staffer
from bot.admin.site import AdminWeb
from bot.passwords import hash_password, needs_rehash, password_matches
from storage.repositories.audit import LOGIN_FAILED

WINDOW = timedelta(minutes=10)
PER_LOGIN = 5
PER_ADDRESS = 20
MAX_LOGIN = 100
WRONG = "아이디 또는 비밀번호가 맞지 않아요."
TOO_MANY = "로그인 시도가 너무 많아요. 10분 뒤에 다시 해 주세요."
log = structlog.get_logger(__name__)


class LoginPages:
    def __init__(self, admin: AdminWeb) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin/login", self.form),
            web.post("/admin/login", self.sign_in),
            web.post("/admin/logout", self.admin.guard.action("staff")(self.sign_out)),
        ]

    @cached_property
    def _decoy_hash(self) -> str:
        """Checked against for unknown logins, so they take as long as known ones."""
        return hash_password(secrets.token_urlsafe(16))

    async def form(self, request: web.Request) -> web.StreamResponse:
        if await self.admin.guard.staffer(request) is not None:
            return self.admin.redirect(safe_next(request.query.get("next")))
        return self._form(request, self.admin.sessions.read(request), request.query.get("next"))

    def _form(self, request, session, next_url, *, error=None, login="", status=200):
        session = session if session is not None and not session.login else None
        session = session or self.admin.sessions.new()
        response = self.admin.render(
            request,
            None,
            "login.html",
            status=status,
            error=error,
            login=login,
            csrf_token=self.admin.csrf.token(session),
            next=safe_next(next_url),
        )
        self.admin.sessions.write(response, session)
        return response

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        session = self.admin.sessions.read(request)
        form = await request.post()
        if not self.admin.csrf.valid(session, form.get("csrf")):
            return self.admin.refuse(request, None, "csrf")
        login = str(form.get("login", "")).strip()[:MAX_LOGIN]
        password = str(form.get("password", ""))
        next_url = str(form.get("next", ""))
        # Behind a reverse proxy every request comes from the proxy: without the client's own
        # address, 20 wrong passwords from anyone would lock every staff member out.
        address = client_address(request, self.admin.trusted_proxies)
        if await self._too_many(login, address):
            log.warning("admin_login_refused", reason="rate_limited")
            return self._form(request, session, next_url, error=TOO_MANY, login=login, status=429)
        if not login or not await self._check(login, password):
            await self._record_failure(login, address)
            return self._form(request, session, next_url, error=WRONG, login=login, status=401)
        return await self._signed_in(login, address, form)

    async def _too_many(self, login: str, address: str) -> bool:
        since = self.admin.clock() - WINDOW
        async with self.admin.uow() as uow:
            by_login, by_address = await uow.audit.failed_logins(since, login=login, ip=address)
        return by_login >= PER_LOGIN or by_address >= PER_ADDRESS

    async def _check(self, login: str, password: str) -> bool:
        async with self.admin.uow() as uow:
            found = await uow.staff.web_login(login)
        stored = found[0] if found and found[0] else self._decoy_hash
        # argon2 takes a fifth of a second of CPU: off the event loop.
        matches = await asyncio.to_thread(password_matches, password, stored)
        if matches and found and needs_rehash(stored):
            new_hash = await asyncio.to_thread(hash_password, password)
            async with self.admin.uow() as uow:
                await uow.admin_staff.set_password(login, new_hash)
                await uow.commit()
        return matches and found is not None

    async def _record_failure(self, login: str, address: str) -> None:
        async with self.admin.uow() as uow:
            await uow.audit.record(login or "-", LOGIN_FAILED, {"ip": address}, self.admin.clock())
            await uow.commit()

    async def _signed_in(self, login: str, address: str, form: MultiDictProxy) -> web.Response:
        async with self.admin.uow() as uow:
            await uow.audit.record(f"web:{login}", "login", {"ip": address}, self.admin.clock())
            await uow.commit()
        response = self.admin.redirect(safe_next(str(form.get("next", ""))))
        self.admin.sessions.write(response, self.admin.sessions.new(login))
        return response

    async def sign_out(self, request: web.Request, staffer: Staffer, _form) -> web.Response:
        async with self.admin.uow() as uow:
            await self.admin.audit(uow, staffer, "logout")
            await uow.commit()
        response = self.admin.redirect("/admin/login", "로그아웃했어요.")
        self.admin.sessions.clear(response)
        return response


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a page of this admin web, never another site."""
    if value and value.startswith("/admin/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin/"
