"""Writing a broadcast in the admin web: the form (the Korean text, translations if wanted, the
course or bus visit it is about, who gets it), a preview with the audience size and the message
as each reader's language shows it, and the confirmed send, which queues one outbox row per
recipient and leaves an audit row. Nothing is stored before the confirmation."""

from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime

from aiohttp import web
from babel import Locale

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.guard import Staffer
from bot.admin.pages.broadcast_audience import (
    KIND_LABELS,
    Choices,
    describe,
    load_choices,
    read_audience,
)
from handlers.broadcasts.notice import announcement, draft
from handlers.i18n import LANGUAGE_NAMES, speaking
from storage.admin_uow import AdminUnitOfWork
from storage.records import Broadcast
from storage.repositories.broadcasts import scoped

MAX_TEXT = 1000
KOREAN = Locale("ko")
SENT_KEPT = 200  # confirmations remembered, so a double click sends once
_DRAFT = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, slots=True)
class Draft:
    texts: dict[str, str]
    audience: dict
    programme_id: int | None
    visit_id: int | None

    def record(self, now: datetime) -> Broadcast:
        """As a broadcast not stored yet, for the preview."""
        return draft(self.texts, self.audience, self.programme_id, self.visit_id, now)


@dataclass(frozen=True, slots=True)
class Sample:
    """The message as readers of one language get it."""

    language: str
    readers: int
    translated: bool
    text: str
    buttons: list[str]


def korean_name(code: str) -> str:
    """A language's name in Korean, from CLDR: "vi" -> 베트남어, "zh_Hans" -> 중국어."""
    return KOREAN.languages.get(Locale.parse(code).language, code)


def language_label(code: str) -> str:
    korean, own = korean_name(code), LANGUAGE_NAMES.get(code, code)
    return own if korean == own else f"{korean} ({own})"


class ComposePages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin
        self._sent: OrderedDict[str, int | None] = OrderedDict()  # draft token -> broadcast

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("staff"), self.admin.guard.action("staff")
        return [
            web.get("/admin/broadcasts/new", page(self.new)),
            web.post("/admin/broadcasts/new", action(self.submit)),
        ]

    @property
    def translations(self) -> list[str]:
        """The other offered languages a text can be written in."""
        return [code for code in self.admin.flows.languages if code != "ko"]

    async def new(self, request: web.Request, staffer: Staffer) -> web.Response:
        return await self._page(request, staffer, {})

    async def _page(self, request, staffer, values, *, error=None, preview=None, choices=None):
        if choices is None:
            async with self.admin.uow() as uow:
                choices = await load_choices(uow, self.admin.clock(), self.admin)
        return self.admin.render(
            request,
            staffer,
            "broadcast_form.html",
            status=400 if error else 200,
            values=values,
            error=error,
            preview=preview,
            choices=choices,
            kinds=KIND_LABELS,
            translations=[(code, language_label(code)) for code in self.translations],
            max_text=MAX_TEXT,
        )

    async def submit(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        """Without `confirm`: the preview. With it: send what was previewed."""
        values = {k: v for k, v in forms.values_of(form).items() if k not in ("confirm", "draft")}
        async with self.admin.uow() as uow:
            choices = await load_choices(uow, self.admin.clock(), self.admin)
            try:
                draft = self._read(form, choices)
                # A counsellor's audience stops at her centres' people.
                draft = replace(draft, audience=scoped(draft.audience, staffer.scope))
            except forms.FormError as error:
                return await self._page(request, staffer, values, error=str(error), choices=choices)
            token = str(form.get("draft", ""))
            if form.get("confirm") and _DRAFT.match(token):
                return await self._send(request, staffer, uow, draft, token, values, choices)
            preview = await self._preview(uow, draft, choices)
        return await self._page(request, staffer, values, preview=preview, choices=choices)

    def _read(self, form, choices: Choices) -> Draft:
        texts = {
            "ko": forms.text(form, "text_ko", "한국어 공지", required=True, max_length=MAX_TEXT)
        }
        for code in self.translations:
            label = f"{korean_name(code)} 공지"
            if written := forms.text(form, f"text_{code}", label, max_length=MAX_TEXT):
                texts[code] = written
        programme = forms.choice(form, "programme", "프로그램", dict(choices.programmes))
        visit = forms.choice(form, "visit", "버스 방문", dict(choices.visits))
        if programme and visit:
            raise forms.FormError("프로그램과 버스 방문 중 하나만 골라 주세요.")
        audience = read_audience(form, choices, programme)
        return Draft(
            texts, audience, int(programme) if programme else None, int(visit) if visit else None
        )

    async def _preview(self, uow: AdminUnitOfWork, draft: Draft, choices: Choices) -> dict:
        count = await uow.broadcasts.count_audience(draft.audience)
        readers = self._readers(await uow.broadcasts.audience_languages(draft.audience))
        now = self.admin.clock()
        record, today = draft.record(now), now.astimezone(self.admin.tz).date()
        samples = []
        for code in [code for code in readers if readers[code]] or ["ko"]:
            with speaking(self.admin.flows.translator, code):
                message = await announcement(uow, record, today)
            buttons = [button.label for row in message.buttons for button in row]
            samples.append(
                Sample(
                    language_label(code),
                    readers.get(code, 0),
                    code in draft.texts,
                    message.text,
                    buttons,
                )
            )
        audience = describe(draft.audience, choices)
        return {"count": count, "audience": audience, "samples": samples, "draft": uuid.uuid4().hex}

    def _readers(self, languages: dict[str | None, int]) -> dict[str, int]:
        """Readers per offered language; one with none chosen reads the first (as sending does)."""
        offered = self.admin.flows.languages
        readers = dict.fromkeys(offered, 0)
        for code, count in languages.items():
            readers[code if code in offered else offered[0]] += count
        return readers

    async def _send(self, request, staffer, uow, draft, token, values, choices) -> web.Response:
        if token in self._sent:  # the same confirmation again (a double click)
            sent = self._sent[token]
            return self.admin.redirect(f"/admin/broadcasts/{sent}" if sent else "/admin/broadcasts")
        self._remember(token, None)  # before any await: a second click finds it
        try:
            if not await uow.broadcasts.count_audience(draft.audience):
                self._sent.pop(token, None)
                error = "받을 사람이 없어서 보내지 않았어요. 받는 사람을 바꿔 주세요."
                return await self._page(request, staffer, values, error=error, choices=choices)
            broadcast_id, count = await self._create(uow, staffer, draft)
        except BaseException:
            self._sent.pop(token, None)
            raise
        self._remember(token, broadcast_id)
        message = f"공지 {broadcast_id}번을 {count}명에게 보내기 시작했어요."
        return self.admin.redirect(f"/admin/broadcasts/{broadcast_id}", message)

    async def _create(
        self, uow: AdminUnitOfWork, staffer: Staffer, draft: Draft
    ) -> tuple[int, int]:
        now = self.admin.clock()
        broadcast_id = await uow.broadcasts.create(
            author=staffer.actor,
            texts=draft.texts,
            audience=draft.audience,
            now=now,
            programme_id=draft.programme_id,
            visit_id=draft.visit_id,
        )
        count = await uow.broadcasts.queue(broadcast_id, now)
        await self.admin.audit(
            uow,
            staffer,
            "broadcast.send",
            id=broadcast_id,
            audience=draft.audience,
            recipients=count,
            languages=sorted(draft.texts),
            programme_id=draft.programme_id,
            visit_id=draft.visit_id,
        )
        await uow.commit()
        return broadcast_id, count

    def _remember(self, token: str, broadcast_id: int | None) -> None:
        self._sent[token] = broadcast_id
        while len(self._sent) > SENT_KEPT:
            self._sent.popitem(last=False)
