"""The audit log (admins only): the newest changes first, with who made them and when, a page
at a time; "older" pages back through every row there is."""

from __future__ import annotations

import json

from aiohttp import web

from bot.admin.contract import Admin
from bot.admin.guard import Staffer

SHOWN = 100


class AuditPage:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/audit", self.admin.guard.page("admin")(self.list))]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        before = request.query.get("before", "")
        before_id = int(before) if before.isdigit() else None
        async with self.admin.uow() as uow:
            rows = await uow.audit.page(before_id, SHOWN + 1)
        shown = [
            (actor, action, json.dumps(detail, ensure_ascii=False), at)
            for _id, actor, action, detail, at in rows[:SHOWN]
        ]
        older = rows[SHOWN - 1][0] if len(rows) > SHOWN else None
        return self.admin.render(
            request,
            staffer,
            "audit.html",
            rows=shown,
            limit=SHOWN,
            older=older,
            newest=before_id is None,
        )
