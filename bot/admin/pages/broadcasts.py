"""Broadcasts in the admin web (staff): the recent ones, writing a new one (`broadcast_compose`),
and each one's page: a progress bar whose figures static/progress.js asks for every two seconds
while it is being sent (a pause button beside them; the page shows the report once it is over),
a button to stop it, and the report. Its counts are served as JSON at `…/status`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from aiohttp import web

from bot.admin.contract import Admin
from bot.admin.guard import Staffer
from bot.admin.pages.broadcast_audience import Choices, describe, load_choices
from bot.admin.pages.broadcast_compose import ComposePages, language_label
from handlers.broadcasts.progress import Tally
from handlers.flows.linked_chats import APP_NAMES
from storage.records import Broadcast
from storage.repositories.broadcasts import reach_of

SHOWN = 20
STATES = {"draft": "작성 중", "sending": "보내는 중", "done": "다 보냄", "cancelled": "중지됨"}


def _ours(staffer: Staffer, broadcast: Broadcast) -> bool:
    """Whether she may see it: a counsellor sees the broadcasts to her centres' people only."""
    return staffer.scope.covers(reach_of(broadcast.audience))


def author_label(author: str, app_name: Callable[[str], str]) -> str:
    """`web:kim` → `kim` (a login of this site); a chat author → `텔레그램 7770001`."""
    channel, _sep, who = author.partition(":")
    if channel == "web":
        return who
    return f"{app_name(channel)} {who}".strip()


def duration(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    seconds = max(0, round((end - start) / timedelta(seconds=1)))
    hours, rest = divmod(seconds, 3600)
    parts = [(hours, "시간"), (rest // 60, "분"), (rest % 60, "초")]
    return " ".join(f"{n}{unit}" for n, unit in parts if n) or "1초 미만"


def about(broadcast: Broadcast, choices: Choices) -> str | None:
    """The course or bus visit the broadcast is about, if any."""
    if broadcast.programme_id is not None:
        found = dict(choices.programmes).get(str(broadcast.programme_id))
        return found or f"프로그램 {broadcast.programme_id}번"
    if broadcast.visit_id is not None:
        found = dict(choices.visits).get(str(broadcast.visit_id))
        return found or f"버스 방문 {broadcast.visit_id}번 (지난 방문)"
    return None


class BroadcastPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("staff"), self.admin.guard.action("staff")
        return [
            web.get("/admin/broadcasts", page(self.list)),
            *ComposePages(self.admin).routes(),
            web.get(r"/admin/broadcasts/{id:[0-9]{1,18}}", page(self.show)),
            web.get(r"/admin/broadcasts/{id:[0-9]{1,18}}/status", page(self.status)),
            web.post(r"/admin/broadcasts/{id:[0-9]{1,18}}/cancel", action(self.cancel)),
        ]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        async with self.admin.uow() as uow:
            recent = [b for b in await uow.broadcasts.recent(SHOWN) if _ours(staffer, b)]
            push = self.admin.flows.push_channels
            progress = await uow.broadcasts.progress_of([b.id for b in recent], push)
            rows = [(b, Tally.of(b, progress[b.id])) for b in recent]
            choices = await load_choices(uow, self.admin.clock(), self.admin)
        return self.admin.render(
            request,
            staffer,
            "broadcasts.html",
            rows=rows,
            states=STATES,
            audience=lambda b: describe(b.audience, choices),
            author=self._author,
        )

    def _author(self, author: str) -> str:
        korean = self.admin.korean
        return author_label(author, lambda channel: korean(APP_NAMES.get(channel, channel)))

    async def _progress(self, uow, broadcast_id: int) -> dict[str, int]:
        return await uow.broadcasts.progress(broadcast_id, self.admin.flows.push_channels)

    async def _found(self, request: web.Request, staffer: Staffer) -> tuple[Broadcast, Tally]:
        async with self.admin.uow() as uow:
            broadcast = await uow.broadcasts.get(int(request.match_info["id"]))
            if broadcast is None or not _ours(staffer, broadcast):
                raise web.HTTPNotFound(text="그런 공지가 없어요.")
            return broadcast, Tally.of(broadcast, await self._progress(uow, broadcast.id))

    async def show(self, request: web.Request, staffer: Staffer) -> web.Response:
        broadcast, tally = await self._found(request, staffer)
        async with self.admin.uow() as uow:
            choices = await load_choices(uow, self.admin.clock(), self.admin)
        return self.admin.render(
            request,
            staffer,
            "broadcast.html",
            broadcast=broadcast,
            tally=tally,
            states=STATES,
            sending=broadcast.state == "sending",
            audience=describe(broadcast.audience, choices),
            author=self._author(broadcast.author),
            about=about(broadcast, choices),
            duration=duration(broadcast.created_at, broadcast.finished_at),
            texts=[(language_label(code), text) for code, text in broadcast.texts.items()],
        )

    async def status(self, request: web.Request, staffer: Staffer) -> web.Response:
        broadcast, tally = await self._found(request, staffer)
        body = {
            "id": broadcast.id,
            "state": broadcast.state,
            **asdict(tally),
            "percent": tally.percent,
        }
        return web.json_response(body, headers={"Cache-Control": "no-store"})

    async def cancel(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        broadcast_id = int(request.match_info["id"])
        address = f"/admin/broadcasts/{broadcast_id}"
        async with self.admin.uow() as uow:
            broadcast = await uow.broadcasts.get(broadcast_id)
            if broadcast is None or not _ours(staffer, broadcast):
                raise web.HTTPNotFound(text="그런 공지가 없어요.")
            if broadcast.state != "sending":
                return self.admin.redirect(address, "이미 끝난 발송이에요.", "error")
            stopped = await uow.broadcasts.cancel(broadcast_id, self.admin.clock())
            await self.admin.audit(
                uow, staffer, "broadcast.cancel", id=broadcast_id, not_sent=stopped
            )
            await uow.commit()
        return self.admin.redirect(address, f"발송을 멈췄어요. {stopped}건은 보내지 않았어요.")
