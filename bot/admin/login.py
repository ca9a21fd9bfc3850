"""Signing in and out.

Each password check is counted before it runs (`storage/repositories/login_throttle.py`, shared
by every process on the database): per login 5 and per address 20 pass at once within 15
minutes, then each further check waits a doubling pause (15 s, 30 s, … at most 5 minutes)
after the previous one; attempts made while waiting are refused (429) and not counted, so
nobody can keep the real admin out for longer than that. At most two checks run at once, in
their own threads (`password_checks.py`); a third gets 429 at once. The address is the
client's, read through TRUSTED_PROXIES (`bot/addresses.py`). Failed logins go to the audit log
under the login only when it exists (a typed login that does not exist may be a password)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import cached_property

import structlog
from aiohttp import web
from multidict import MultiDictProxy

from bot.addresses import client_address
from bot.admin.contract import Admin
from bot.admin.guard import Staffer
from bot.admin.sessions import derive_key
from bot.passwords import hash_password, needs_rehash
from storage.repositories.audit import LOGIN_FAILED

WINDOW = timedelta(minutes=15)
PER_LOGIN = 5
PER_ADDRESS = 20
LONGEST_WAIT = timedelta(minutes=5)
MAX_LOGIN = 100
UNKNOWN_LOGIN = "-"
WRONG = "아이디 또는 비밀번호가 맞지 않아요."
TOO_MANY = "로그인 시도가 너무 많아요. 몇 분 뒤에 다시 해 주세요."
BUSY = "지금 로그인하는 사람이 많아요. 잠시 뒤에 다시 해 주세요."
log = structlog.get_logger(__name__)


class LoginPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin
        self._key = derive_key(admin.secret, "login-throttle")

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
        refused = None
        async with self.admin.passwords.turn() as free:
            if not free:
                refused = BUSY
            elif not await self._take_turn(login, address):
                refused = TOO_MANY
            elif login and await self._check(login, password):
                return await self._signed_in(login, address, form)
        if refused:
            log.warning("admin_login_refused", reason="busy" if refused == BUSY else "throttled")
            return self._form(request, session, next_url, error=refused, login=login, status=429)
        await self._record_failure(login, address)
        return self._form(request, session, next_url, error=WRONG, login=login, status=401)

    def _throttle_key(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    async def _take_turn(self, login: str, address: str) -> bool:
        """Count this check for the address and the login, before it runs (one transaction:
        when either must wait, neither is counted)."""
        now = self.admin.clock()
        async with self.admin.uow() as uow:
            counted = (
                (self._throttle_key("address", address), PER_ADDRESS),
                (self._throttle_key("login", login.casefold()), PER_LOGIN),
            )
            for key, free in counted:
                taken = await uow.login_throttle.take(
                    key, now, free=free, window=WINDOW, longest=LONGEST_WAIT
                )
                if not taken:
                    return False
            await uow.commit()
        return True

    async def _check(self, login: str, password: str) -> bool:
        async with self.admin.uow() as uow:
            found = await uow.staff.web_identity(login)
        stored = found.password_hash if found and found.password_hash else self._decoy_hash
        matches = await self.admin.passwords.matches(password, stored)
        if matches and found and needs_rehash(stored):
            new_hash = await self.admin.passwords.hash(password)
            async with self.admin.uow() as uow:
                await uow.admin_staff.set_password(login, new_hash)
                await uow.commit()
        return matches and found is not None

    async def _record_failure(self, login: str, address: str) -> None:
        async with self.admin.uow() as uow:
            known = login and await uow.staff.exists(login)
            actor = login if known else UNKNOWN_LOGIN
            await uow.audit.record(actor, LOGIN_FAILED, {"ip": address}, self.admin.clock())
            await uow.commit()

    async def _signed_in(self, login: str, address: str, form: MultiDictProxy) -> web.Response:
        async with self.admin.uow() as uow:
            await uow.login_throttle.forget(self._throttle_key("login", login.casefold()))
            await uow.login_throttle.forgive(
                self._throttle_key("address", address), self.admin.clock(), free=PER_ADDRESS
            )
            found = await uow.staff.web_identity(login)
            await uow.audit.record(f"web:{login}", "login", {"ip": address}, self.admin.clock())
            await uow.commit()
        response = self.admin.redirect(safe_next(str(form.get("next", ""))))
        version = found.session_version if found else -1  # disabled meanwhile: worth nothing
        self.admin.sessions.write(response, self.admin.sessions.new(login, version))
        return response

    async def sign_out(self, request: web.Request, staffer: Staffer, _form) -> web.Response:
        """Ends every session of this login (a copied cookie is worth nothing afterwards)."""
        async with self.admin.uow() as uow:
            await uow.staff.end_sessions(staffer.login)
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
