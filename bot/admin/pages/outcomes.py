"""Outcomes of her centres' cohorts over a chosen period: the figures per centre, programme and
cohort with charts and breakdowns, self-reports of a job waiting to be confirmed, and the
exports (XLSX, CSV). Every download is in the audit log: it holds personal data."""

from __future__ import annotations

from aiohttp import web

from bot.admin import charts
from bot.admin.contract import Admin
from bot.admin.formatting import local_today
from bot.admin.guard import Staffer
from bot.admin.outcomes_export import (
    FIGURE_COLUMNS,
    PARTICIPANT_COLUMNS,
    XLSX,
    as_csv,
    as_xlsx,
    figure_rows,
    participant_rows,
)
from bot.admin.outcomes_figures import (
    HEADINGS,
    SMALL,
    Figures,
    gather,
    percent,
    period_of,
)

CHART_COHORTS = 12


class OutcomePages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page = self.admin.guard.page("staff")
        return [
            web.get("/admin/outcomes", page(self.show)),
            web.get("/admin/outcomes/export.xlsx", page(self.xlsx)),
            web.get("/admin/outcomes/participants.csv", page(self.participants_csv)),
            web.get("/admin/outcomes/figures.csv", page(self.figures_csv)),
        ]

    def _period(self, request: web.Request):
        return period_of(request.query, local_today(self.admin.clock(), self.admin.tz))

    async def show(self, request: web.Request, staffer: Staffer) -> web.Response:
        period = self._period(request)
        async with self.admin.uow() as uow:
            cohorts, people, found = await gather(uow, staffer.scope, period)
            reports = await uow.outcomes.self_reports(staffer.scope)
        return self.admin.render(
            request,
            staffer,
            "outcomes.html",
            period=period,
            figures=found,
            headings=HEADINGS,
            cohorts=cohorts,
            reports=reports,
            unlinked=[person for person in people if person.user_id is None],
            labels={cohort.id: cohort.label for cohort in cohorts},
            query=request.query_string,
            **outcome_charts(found),
        )

    async def _export(self, request: web.Request, staffer: Staffer, kind: str):
        period = self._period(request)
        async with self.admin.uow() as uow:
            cohorts, people, found = await gather(uow, staffer.scope, period)
            await self.admin.audit(
                uow, staffer, "outcome.export", kind=kind, first=period.first, last=period.last
            )
            await uow.commit()
        return participant_rows(cohorts, people), figure_rows(found), period

    async def xlsx(self, request: web.Request, staffer: Staffer) -> web.Response:
        people, numbers, period = await self._export(request, staffer, "xlsx")
        name = f"ilteo-outcomes-{period.first}-{period.last}.xlsx"
        return _download(as_xlsx(people, numbers), XLSX, name)

    async def participants_csv(self, request: web.Request, staffer: Staffer) -> web.Response:
        people, _numbers, period = await self._export(request, staffer, "participants.csv")
        name = f"ilteo-participants-{period.first}-{period.last}.csv"
        return _download(as_csv(PARTICIPANT_COLUMNS, people), "text/csv", name)

    async def figures_csv(self, request: web.Request, staffer: Staffer) -> web.Response:
        _people, numbers, period = await self._export(request, staffer, "figures.csv")
        name = f"ilteo-figures-{period.first}-{period.last}.csv"
        return _download(as_csv(FIGURE_COLUMNS, numbers), "text/csv", name)


def _download(body: bytes, content_type: str, name: str) -> web.Response:
    return web.Response(
        body=body,
        content_type=content_type,
        charset="utf-8" if content_type == "text/csv" else None,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def outcome_charts(found: Figures) -> dict:
    """The path of everyone in the period, and each cohort's rates (cohorts under 5 left out)."""
    total = found.total
    path = [
        (label, value)
        for label, value in (
            ("참여자", total.participants),
            ("수료", total.completed),
            ("취업", total.employed),
            ("중도 포기", total.dropped),
        )
        if not 0 < value < SMALL
    ]
    big = [row for row in found.rows if row.level == "기수" and row.counts.participants >= SMALL]
    big = big[:CHART_COHORTS]
    return {
        "path_chart": charts.rows(
            path,
            "기간 안 참여자의 수료와 취업",
            headers=("단계", "사람 수"),
            desc="참여자 중 수료한 사람, 취업한 사람, 중도 포기한 사람의 수 (5명 미만은 빠져요)",
        ),
        "completion_chart": charts.rows(
            [
                (row.label, percent(row.counts.completed, row.counts.participants) or 0)
                for row in big
            ],
            "기수별 수료율 (%)",
            headers=("기수", "수료율 (%)"),
            desc="참여자 5명 이상인 기수마다 수료한 사람의 비율",
        ),
        "employment_chart": charts.rows(
            [
                (row.label, percent(row.counts.employed, row.counts.participants) or 0)
                for row in big
            ],
            "기수별 취업률, 참여자 중 (%)",
            colour=charts.GREEN,
            headers=("기수", "취업률 (%)"),
            desc="참여자 5명 이상인 기수마다 참여자 중 취업한 사람의 비율",
        ),
    }
