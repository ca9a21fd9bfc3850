"""The dashboard: today's numbers and charts drawn on the server (bookings made per day,
attendance, the most viewed programmes and their bookings and subscribers, users per region,
the year's 수료율 and 취업률, talks with counsellors per centre), of her centres for a
counsellor."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from aiohttp import web

from bot.admin import charts
from bot.admin.contract import Admin
from bot.admin.formatting import local_today, midnight
from bot.admin.guard import Staffer
from bot.admin.outcomes_figures import gather, period_of

DAYS_SHOWN = 14
ATTENDANCE_DAYS = 30
VIEW_DAYS = 30
HANDOFF_DAYS = 30


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}분"


def handoff_row(name: str | None, figure) -> tuple[str, int, int, str, str]:
    """(centre, requests, taken, mean wait, mean time to the first reply) for the table."""
    return (
        name or "공동 대기열",
        figure.requested,
        figure.handled,
        _minutes(figure.mean(figure.waits)),
        _minutes(figure.mean(figure.first_replies)),
    )


class DashboardPage:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin", self.to_dashboard),
            web.get("/admin/", self.admin.guard.page("staff")(self.show)),
        ]

    async def to_dashboard(self, _request: web.Request) -> web.Response:
        return self.admin.redirect("/admin/")

    async def show(self, request: web.Request, staffer: Staffer) -> web.Response:
        tz, now = self.admin.tz, self.admin.clock()
        today = local_today(now, tz)
        first_day = today - timedelta(days=DAYS_SHOWN - 1)
        tomorrow = midnight(today + timedelta(days=1), tz)
        scope = staffer.scope  # a counsellor's figures are her centres'
        async with self.admin.uow() as uow:
            made = await uow.admin_figures.bookings_made(midnight(first_day, tz), tomorrow, scope)
            states = await uow.bookings.counts(
                now - timedelta(days=ATTENDANCE_DAYS), tomorrow, scope
            )
            today_states = await uow.bookings.counts(midnight(today, tz), tomorrow, scope)
            interest = await uow.admin_figures.programme_interest(scope=scope)
            viewed = await uow.views.top(
                today - timedelta(days=VIEW_DAYS - 1), today, limit=8, scope=scope
            )
            regions = await uow.admin_figures.users_by_region(scope)
            handoffs = await uow.admin_figures.handoffs(
                now - timedelta(days=HANDOFF_DAYS), now, scope
            )
            _c, _p, outcomes = await gather(uow, scope, period_of({}, today))
        per_day = Counter(moment.astimezone(tz).date() for moment in made)
        days = [first_day + timedelta(days=n) for n in range(DAYS_SHOWN)]
        return self.admin.render(
            request,
            staffer,
            "dashboard.html",
            today_total=sum(today_states.get(s, 0) for s in ("active", "attended", "no_show")),
            today_states=today_states,
            first_day=first_day,
            today=today,
            made_chart=charts.columns(
                [(str(d.day), per_day[d]) for d in days],
                "최근 14일 하루 예약 건수",
                headers=("날짜 (일)", "예약 건수"),
            ),
            attendance_chart=charts.attendance(
                states.get("attended", 0),
                states.get("no_show", 0),
                states.get("active", 0),
                f"최근 {ATTENDANCE_DAYS}일 상담 출석률",
            ),
            views_chart=charts.rows(
                viewed, f"최근 {VIEW_DAYS}일 많이 본 프로그램", headers=("프로그램", "본 횟수")
            ),
            interest_chart=charts.rows(
                [(title, booked + subscribed) for title, booked, subscribed in interest],
                "프로그램별 관심 (예약 + 구독)",
                headers=("프로그램", "예약 + 구독"),
            ),
            interest=interest,
            handoffs=[handoff_row(name, figure) for name, figure in handoffs],
            outcomes=outcomes,
            regions_chart=charts.rows(
                [(sido or "미입력", n) for sido, n in regions[:10]],
                "지역별 사용자",
                colour=charts.GREEN,
                headers=("시·도", "사용자 수"),
            ),
        )
