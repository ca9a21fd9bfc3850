"""Counselling slots: a place's slots over a week, and generating them from a centre's opening
hours or a bus visit's hours (weekends, public holidays and closure days are skipped)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import day as day_text
from bot.admin.formatting import local_today, midnight
from bot.admin.guard import Staffer
from handlers.booking.places import parse_place
from handlers.slot_generation import CannotGenerate, generate_slots

DAYS_SHOWN = 7
LONGEST_RANGE = 92
EVERY = (("20", "20분"), ("30", "30분"), ("40", "40분"), ("60", "1시간"), ("90", "1시간 30분"))
CENTRE_MODES = (("visit", "센터 방문"), ("phone", "전화"))


class SlotPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        guard = self.admin.guard
        return [
            web.get("/admin/slots", guard.page("admin")(self.list)),
            web.post("/admin/slots/generate", guard.action("admin")(self.generate)),
        ]

    async def _places(self, uow) -> list[tuple[str, str]]:
        centres = [
            (f"c{c.id}", f"{c.name} ({c.sido})")
            for c in await uow.admin_catalogue.centres()
            if c.opens_at and c.closes_at
        ]
        visits = [
            (
                f"v{v.visit.id}",
                f"버스 · {v.site.name} · {day_text(v.visit.starts_at, self.admin.tz)}",
            )
            for v in await uow.admin_bus.visits_from(self.admin.clock())
        ]
        return centres + visits

    async def list(
        self,
        request: web.Request,
        staffer: Staffer,
        *,
        error: str | None = None,
        values: dict | None = None,
    ) -> web.Response:
        tz = self.admin.tz
        today = local_today(self.admin.clock(), tz)
        place = request.query.get("place", "")
        try:
            first = date.fromisoformat(request.query.get("day", ""))
        except ValueError:
            first = today
        parsed = parse_place(place)
        async with self.admin.uow() as uow:
            places = await self._places(uow)
            shown = []
            if parsed is not None:
                centre_id, visit_id = parsed
                shown = await uow.slots.between(
                    midnight(first, tz),
                    midnight(first + timedelta(days=DAYS_SHOWN), tz),
                    centre_id=centre_id,
                    visit_id=visit_id,
                )
        defaults = {
            "place": place,
            "first": first.isoformat(),
            "every": "30",
            "capacity": "1",
            "last": (first + timedelta(days=13)).isoformat(),
            "mode": "visit",
        }
        return self.admin.render(
            request,
            staffer,
            "slots.html",
            status=400 if error else 200,
            places=places,
            place=place,
            first=first,
            slots=shown,
            days_shown=DAYS_SHOWN,
            error=error,
            values=values or defaults,
            every_options=EVERY,
            modes=CENTRE_MODES,
        )

    async def generate(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        try:
            place, centre_id, visit_id, first, last, every, capacity, mode = _read(form)
            async with self.admin.uow() as uow:
                made = await generate_slots(
                    uow,
                    centre_id=centre_id,
                    visit_id=visit_id,
                    first=first,
                    last=last,
                    every=every,
                    capacity=capacity,
                    mode=mode,
                    tz=self.admin.tz,
                )
                await self.admin.audit(
                    uow,
                    staffer,
                    "slots.generate",
                    place=place,
                    first=first,
                    last=last,
                    every_minutes=every.seconds // 60,
                    capacity=capacity,
                    mode=mode,
                    added=made.added,
                )
                await uow.commit()
        except (forms.FormError, CannotGenerate) as error:
            return await self.list(request, staffer, error=str(error), values=forms.values_of(form))
        message = f"{made.place}: 상담 시간 {made.added}개를 만들었어요."
        if made.already_there:
            message += f" 이미 있던 {made.already_there}개는 그대로 두었어요."
        if made.skipped:
            message += f" 쉬는 날 {len(made.skipped)}일(주말·공휴일·휴무일)은 건너뛰었어요."
        if visit_id is not None and made.added == 0 and not made.already_there:
            message = f"{made.place}: 버스 방문일({made.visit_day})이 고른 기간 밖이에요."
        shown_from = made.visit_day if visit_id is not None and made.visit_day else first
        query = urlencode({"place": place, "day": shown_from.isoformat()})
        return self.admin.redirect(f"/admin/slots?{query}", message)


def _read(form):
    place = forms.text(form, "place", "장소", required=True, max_length=12)
    parsed = parse_place(place)
    if parsed is None:
        raise forms.FormError("장소를 목록에서 골라 주세요.")
    first = forms.day(form, "first", "시작일", required=True)
    last = forms.day(form, "last", "종료일", required=True)
    if last < first:
        raise forms.FormError("종료일이 시작일보다 빨라요.")
    if (last - first).days >= LONGEST_RANGE:
        raise forms.FormError(f"한 번에 {LONGEST_RANGE}일까지만 만들 수 있어요.")
    every = forms.choice(form, "every", "상담 길이", dict(EVERY), required=True)
    capacity = forms.number(form, "capacity", "정원", required=True, minimum=1, maximum=50)
    centre_id, visit_id = parsed
    mode = (
        "bus"
        if visit_id is not None
        else forms.choice(form, "mode", "방식", dict(CENTRE_MODES), required=True)
    )
    return place, centre_id, visit_id, first, last, timedelta(minutes=int(every)), capacity, mode
