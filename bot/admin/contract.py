"""What the admin pages use of the admin web (`AdminWeb` in site.py provides it): its parts
(units of work, sessions, CSRF tokens, guard, password checks), the flows' settings, and how a
page answers (render, redirect, refuse) and records a change (audit).

Pages depend on this, not on site.py, so site.py can list the pages without an import cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.addresses import Network
from bot.admin.csrf import CsrfTokens
from bot.admin.guard import Guard, Staffer
from bot.admin.password_checks import PasswordChecks
from bot.admin.sessions import Sessions
from handlers.turn import FlowSettings
from storage.admin_uow import AdminUnitOfWork, AdminUnitOfWorkFactory


class Admin(Protocol):
    uow: AdminUnitOfWorkFactory
    flows: FlowSettings
    tz: ZoneInfo
    base_url: str
    secret: str
    clock: Callable[[], datetime]
    trusted_proxies: tuple[Network, ...]
    sessions: Sessions
    csrf: CsrfTokens
    guard: Guard
    passwords: PasswordChecks

    def in_background(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `work` after the response; stopped when the server stops."""
        ...

    def korean(self, msgid: str) -> str: ...

    def render(
        self,
        request: web.Request,
        staffer: Staffer | None,
        template: str,
        status: int = 200,
        **context: Any,
    ) -> web.Response: ...

    def refuse(self, request: web.Request, staffer: Staffer | None, why: str) -> web.Response: ...

    def redirect(
        self, location: str, flash: str | None = None, kind: str = "ok"
    ) -> web.Response: ...

    async def audit(
        self, uow: AdminUnitOfWork, staffer: Staffer, action: str, **detail: Any
    ) -> None:
        """One audit row in the same unit of work as the change it records."""
        ...
