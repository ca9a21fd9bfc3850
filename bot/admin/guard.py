"""The check in front of every admin page and action.

A page without a signed-in session redirects to the login; an action (POST) without one, or
without its session's CSRF token, gets 403; a session whose role is not enough gets 403.
The role, the centres and the session version are read from the database each time, never
from the cookie alone: a session of an older version (logged out, a new password, disabled)
is no session. Each answered request starts the session's idle time again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from aiohttp import web
from multidict import MultiDictProxy

from bot.admin.csrf import FIELD, CsrfTokens
from bot.admin.sessions import COOKIE, Session, Sessions
from storage.admin_uow import AdminUnitOfWorkFactory
from storage.records import EVERYTHING, Scope

RANKS = {"staff": 1, "admin": 2}
LOGIN_URL = "/admin/login"


@dataclass(frozen=True, slots=True)
class Staffer:
    """The signed-in person: web login, role, session and the CSRF token of the session."""

    login: str
    role: str
    session: Session
    csrf: str
    scope: Scope = EVERYTHING  # whose people she may see
    id: int | None = None  # her staff row

    @property
    def actor(self) -> str:
        return f"web:{self.login}"

    def may(self, role: str) -> bool:
        return RANKS.get(self.role, 0) >= RANKS[role]


Page = Callable[[web.Request, Staffer], Awaitable[web.StreamResponse]]
Action = Callable[[web.Request, Staffer, MultiDictProxy], Awaitable[web.StreamResponse]]


class Guard:
    def __init__(
        self,
        sessions: Sessions,
        csrf: CsrfTokens,
        uow: AdminUnitOfWorkFactory,
        refuse: Callable[[web.Request, Staffer | None, str], web.Response],
    ) -> None:
        self._sessions = sessions
        self._csrf = csrf
        self._uow = uow
        self._refuse = refuse  # draws the 403 page

    async def staffer(self, request: web.Request) -> Staffer | None:
        session = self._sessions.read(request)
        if session is None or not session.login:
            return None
        async with self._uow() as uow:
            found = await uow.staff.web_identity(session.login)
        if found is None or found.session_version != session.version:
            return None
        csrf = self._csrf.token(session)
        return Staffer(session.login, found.role, session, csrf, found.scope, found.id)

    def _touch(self, staffer: Staffer, response: web.StreamResponse) -> web.StreamResponse:
        if not response.prepared and COOKIE not in response.cookies:  # (logout clears it)
            self._sessions.write(response, self._sessions.touched(staffer.session))
        return response

    def page(self, role: str) -> Callable[[Page], Callable]:
        def decorate(handler: Page):
            @wraps(handler)
            async def guarded(request: web.Request) -> web.StreamResponse:
                staffer = await self.staffer(request)
                if staffer is None:
                    raise web.HTTPSeeOther(f"{LOGIN_URL}?next={quote(request.path_qs, safe='')}")
                if not staffer.may(role):
                    return self._refuse(request, staffer, "forbidden")
                return self._touch(staffer, await handler(request, staffer))

            return guarded

        return decorate

    def action(self, role: str) -> Callable[[Action], Callable]:
        def decorate(handler: Action):
            @wraps(handler)
            async def guarded(request: web.Request) -> web.StreamResponse:
                staffer = await self.staffer(request)
                if staffer is None:
                    return self._refuse(request, None, "no_session")
                form = await request.post()
                if not self._csrf.valid(staffer.session, form.get(FIELD)):
                    return self._refuse(request, staffer, "csrf")
                if not staffer.may(role):
                    return self._refuse(request, staffer, "forbidden")
                return self._touch(staffer, await handler(request, staffer, form))

            return guarded

        return decorate
