"""`AdminWeb`: the admin web's parts (sessions, CSRF, guard, templates) and its routes.

`bot/app.py` builds one and calls `register_routes`; every page module adds its own routes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.addresses import Network
from bot.admin import formatting
from bot.admin.csrf import CsrfTokens
from bot.admin.guard import Guard, Staffer
from bot.admin.pages import all_routes
from bot.admin.password_checks import PasswordChecks
from bot.admin.sessions import Sessions
from bot.events import LiveEvents
from bot.security_headers import content_security_policy
from handlers.turn import FlowSettings
from storage.admin_uow import AdminUnitOfWork, AdminUnitOfWorkFactory

HERE = Path(__file__).parent
# (label, address, role).
NAV = (
    ("대시보드", "/admin/", "staff"),
    ("예약", "/admin/bookings", "staff"),
    ("버스 상담", "/admin/bus", "staff"),
    ("교육 성과", "/admin/outcomes", "staff"),
    ("상담 시간", "/admin/slots", "admin"),
    ("휴무일", "/admin/closures", "admin"),
    ("센터", "/admin/centres", "admin"),
    ("프로그램·기수", "/admin/programmes", "admin"),
    ("가져오기", "/admin/import", "admin"),
    ("직원", "/admin/staff", "admin"),
    ("변경 기록", "/admin/audit", "admin"),
    ("공지 발송", "/admin/broadcasts", "staff"),
    ("상담 요청", "/admin/inbox", "staff"),
)
REFUSALS = {
    "no_session": "로그인이 필요해요. 다시 로그인해 주세요.",
    "csrf": "보안 확인에 실패했어요. 페이지를 새로 고친 뒤 다시 해 주세요.",
    "forbidden": "이 일을 할 권한이 없어요. 관리자에게 문의해 주세요.",
}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class AdminWeb:
    def __init__(
        self,
        uow: AdminUnitOfWorkFactory,
        flows: FlowSettings,
        secret: str,
        base_url: str,
        clock: Callable[[], datetime],
        secure_cookie: bool,
        trusted_proxies: tuple[Network, ...] = (),
        *,
        live: LiveEvents,
    ) -> None:
        self.uow = uow
        self.live = live  # the inbox's live stream (`bot/events`)
        self.secret = secret
        self.trusted_proxies = trusted_proxies  # whose X-Forwarded-For names the client
        self.passwords = PasswordChecks()
        self.flows = flows
        self.tz = flows.timezone
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.sessions = Sessions(secret, secure_cookie, clock)
        self.csrf = CsrfTokens(secret)
        self.guard = Guard(self.sessions, self.csrf, uow, self.refuse)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        formatting.install(self.templates, self.tz)
        self._background: set[asyncio.Task] = set()

    def register_routes(self, app: web.Application) -> None:
        app.router.add_static("/admin/static/", HERE / "static", name="admin_static")
        app.router.add_routes(all_routes(self))
        app.on_cleanup.append(self._stop_background)

    def in_background(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `work` after the response (an import); stopped when the server stops."""
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def _stop_background(self, _app: web.Application) -> None:
        self.passwords.close()
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    def korean(self, msgid: str) -> str:
        translate = self.flows.translator.gettext  # (a plain name: pybabel extracts gettext())
        return translate("ko", msgid)

    def render(
        self,
        request: web.Request,
        staffer: Staffer | None,
        template: str,
        status: int = 200,
        **context: Any,
    ) -> web.Response:
        flash = self.sessions.read_flash(request)
        html = self.templates.get_template(template).render(
            staffer=staffer,
            nav=self._nav(staffer),
            path=request.path,
            flash=flash,
            now=self.clock(),
            **context,
        )
        response = web.Response(
            text=html, content_type="text/html", status=status, headers=SECURITY_HEADERS
        )
        self.sessions.clear_flash(request, response)
        return response

    def refuse(self, request: web.Request, staffer: Staffer | None, why: str) -> web.Response:
        return self.render(request, staffer, "refused.html", status=403, message=REFUSALS[why])

    def redirect(self, location: str, flash: str | None = None, kind: str = "ok") -> web.Response:
        """See Other to `location`, with a one-time message for the page it shows."""
        response = web.Response(status=303, headers={"Location": location})
        if flash:
            self.sessions.set_flash(response, kind, flash)
        return response

    async def audit(
        self, uow: AdminUnitOfWork, staffer: Staffer, action: str, **detail: Any
    ) -> None:
        """One audit row in the same unit of work as the change it records."""
        await uow.audit.record(staffer.actor, action, _plain(detail), self.clock())

    def _nav(self, staffer: Staffer | None) -> list[tuple[str, str | None]]:
        if staffer is None:
            return []
        return [(label, url) for label, url, role in NAV if staffer.may(role)]


def _plain(detail: dict) -> dict:
    """JSON-ready values: dates and times as ISO text."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in detail.items()
    }
