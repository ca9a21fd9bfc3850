"""The audit log (admins only): the newest changes first, with who made them and when."""

from __future__ import annotations

import json

from aiohttp import web

from bot.admin.guard import Staffer

SHOWN = 200


class AuditPage:
    def __init__(self, admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/audit", self.admin.guard.page("admin")(self.list))]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            rows = await uow.audit.recent(SHOWN)
        shown = [
            (actor, action, json.dumps(detail, ensure_ascii=False), at)
            for actor, action, detail, at in rows
        ]
        return self.admin.render(request, staffer, "audit.html", rows=shown, limit=SHOWN)
