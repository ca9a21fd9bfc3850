"""The counsellors' inbox (`/admin/inbox`, staff): requests waiting for a counsellor, the
conversations she holds and every open one of her centres (an admin: all of them and the shared
queue of people whose region has no centre), with the time waited and her unread messages; and
one conversation with its transcript (her last lines with the bot before asking, from her
conversation log, and what she did then; then the handoff). Opening the inbox marks the
counsellor present (on duty for her centres).

The pages work as plain forms and links; static/inbox.js keeps them up to date from the
live stream (`/admin/inbox/events`, `inbox_stream.py`) by asking the page again and putting
in what changed. The actions are in `inbox_actions.py`."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bot.admin.guard import Staffer
from bot.admin.inbox_actions import SAVED_ANSWERS, InboxActions, colleagues, identity_of
from bot.admin.inbox_stream import InboxStream
from bot.admin.pages.broadcasts import duration
from handlers.flows.linked_chats import APP_NAMES
from handlers.i18n import N_
from storage.handoff_records import Handoff

TABS = {"waiting": "기다리는 요청", "mine": "내 상담", "all": "전체"}
HANDOFF_STATES = {
    "waiting": "기다리는 중",
    "human": "상담 중",
    "closed": "끝남",
    "bot": "챗봇",
}
AUTHORS = {"person": "구직자", "staff": "상담사", "bot": "챗봇", "system": "안내"}
SPEAKERS = {"her": AUTHORS["person"], "bot": AUTHORS["bot"]}  # of her log with the bot
WITH_THE_BOT = N_("with the bot")  # the mark of each line of her log with the bot
EARLIER_LINES = 20  # of her log with the bot, shown before the request


def waited(handoff: Handoff, now: datetime) -> str:
    """How long she waited (is waiting) for a counsellor: "3분 20초"."""
    return duration(handoff.requested_at, handoff.requested_at + handoff.waited(now))


class InboxPages:
    def __init__(self, admin) -> None:
        self.admin = admin
        self.actions = InboxActions(admin)
        self.stream = InboxStream(admin, admin.live)

    def routes(self) -> list[web.RouteDef]:
        page = self.admin.guard.page("staff")
        return [
            web.get("/admin/inbox", page(self.list)),
            web.get("/admin/inbox/events", page(self.stream.serve)),
            web.get(r"/admin/inbox/{id:[0-9]{1,18}}", page(self.show)),
            *self.actions.routes(),
        ]

    async def list(self, request: web.Request, staffer: Staffer) -> web.Response:
        tab = request.query.get("tab", "waiting")
        if tab not in TABS:
            tab = "waiting"
        who, now = identity_of(staffer), self.admin.clock()
        async with self.admin.uow() as uow:
            await uow.handoffs.mark_present(who.id, now)
            tabs = {
                "waiting": await uow.handoffs.waiting(who),
                "mine": await uow.handoffs.mine(who),
                "all": await uow.handoffs.all_open(who),
            }
            centres = await self._centre_names(uow)
            latest = await uow.handoffs.latest_event_id()
            await uow.commit()
        return self.admin.render(
            request,
            staffer,
            "inbox.html",
            tab=tab,
            tabs=TABS,
            rows=tabs[tab],
            counts={key: len(rows) for key, rows in tabs.items()},
            centres=centres,
            waited=lambda handoff: waited(handoff, now),
            states=HANDOFF_STATES,
            channel=self._channel,
            latest_event=latest,
        )

    async def show(self, request: web.Request, staffer: Staffer) -> web.Response:
        handoff_id = int(request.match_info["id"])
        who, now = identity_of(staffer), self.admin.clock()
        async with self.admin.uow() as uow:
            transcript = await uow.handoffs.transcript(handoff_id, who)
            if transcript is None:
                raise web.HTTPNotFound(text="그런 상담이 없어요.")
            handoff = transcript.handoff
            if handoff.state == "human" and handoff.staff_id == who.id:
                await uow.handoffs.mark_read(handoff_id, who, now)
            await uow.handoffs.mark_present(who.id, now)
            logins = await colleagues(uow)
            centres = await self._centre_names(uow)
            person = await uow.users.get(handoff.chat_id)
            earlier = await uow.chat_log.recent(
                handoff.user_id, EARLIER_LINES, until=handoff.requested_at
            )
            latest = await uow.handoffs.latest_event_id()
            await uow.commit()
        before = [m for m in transcript.messages if m.created_at <= handoff.requested_at]
        after = [m for m in transcript.messages if m.created_at > handoff.requested_at]
        return self.admin.render(
            request,
            staffer,
            "inbox_conversation.html",
            handoff=handoff,
            earlier=earlier,
            with_bot=self.admin.korean(WITH_THE_BOT),
            speakers=SPEAKERS,
            before=before,
            after=after,
            authors=AUTHORS,
            states=HANDOFF_STATES,
            centre=centres.get(handoff.centre_id, "공동 대기열 (센터 없음)"),
            channel=self._channel(person.channel if person else ""),
            language=person.language if person else None,
            holder=dict(logins + [(who.id, staffer.login)]).get(handoff.staff_id),
            mine=handoff.state == "human" and handoff.staff_id == who.id,
            may_transfer=handoff.state == "human"
            and (handoff.staff_id == who.id or staffer.may("admin")),
            colleagues=[(sid, login) for sid, login in logins if sid != handoff.staff_id],
            saved=[(key, label) for key, (label, _msgid) in SAVED_ANSWERS.items()],
            waited=waited(handoff, now),
            latest_event=latest,
        )

    def _channel(self, channel: str) -> str:
        return self.admin.korean(APP_NAMES.get(channel, channel)) if channel else ""

    @staticmethod
    async def _centre_names(uow) -> dict[int | None, str]:
        return {centre.id: centre.name for centre in await uow.admin_catalogue.centres()}
