"""A cohort's outcome page: its figures, its participants with quick buttons (수강, 수료, 중도
포기, 조기 취업; `outcomes_participant.py` answers them) and a form to add one, and the Korean
names every outcome page shows. Another centre's cohort is answered as one that is not there."""

from __future__ import annotations

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import local_today
from bot.admin.guard import Staffer
from bot.admin.outcomes_figures import AGE_NAMES, HEADINGS, SEX_NAMES, cells
from storage.repositories.outcomes_records import (
    STATUSES,
    counts_of,
)

ID = "{id:[0-9]{1,18}}"
STATUS_NAMES = {
    "applied": "신청",
    "enrolled": "수강",
    "completed": "수료",
    "dropped": "중도 포기",
    "early": "조기 취업",
}
JOB_KIND_NAMES = {"regular": "상용", "temporary": "임시", "daily": "일용"}
EVIDENCE_NAMES = {
    "self": "본인 말",
    "insurance": "4대보험 가입 확인서",
    "certificate": "재직증명서",
}
SOURCE_NAMES = {"staff": "직원 입력", "import": "가져오기", "published": "발표 수치로 만든 예시"}
YES_NO = {"yes": "예", "no": "아니요"}
FOLLOW_UPS = (("follow_3m", "3개월"), ("follow_6m", "6개월"), ("follow_12m", "12개월"))


class OutcomeCohortPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("staff"), self.admin.guard.action("staff")
        return [
            web.get(f"/admin/outcomes/cohorts/{ID}", page(self.cohort)),
            web.post(f"/admin/outcomes/cohorts/{ID}/participants", action(self.add)),
        ]

    def _now(self):
        now = self.admin.clock()
        return now, local_today(now, self.admin.tz)

    async def cohort(self, request: web.Request, staffer: Staffer, error=None, values=None):
        cohort_id = int(request.match_info["id"])
        async with self.admin.uow() as uow:
            cohort = await uow.outcomes.cohort(cohort_id, staffer.scope)
            if cohort is None:
                raise web.HTTPNotFound(text="그런 기수가 없어요.")
            people = await uow.outcomes.participants_of([cohort_id])
            kept = (await uow.outcomes.anonymous_counts([cohort_id])).get(cohort_id)
        counts = counts_of(people, cohort.ends_on)
        return self.admin.render(
            request,
            staffer,
            "outcomes_cohort.html",
            status=400 if error else 200,
            cohort=cohort,
            people=people,
            headings=HEADINGS,
            figures=cells(counts + kept if kept else counts),
            kept=kept,
            published=any(person.source == "published" for person in people),
            error=error,
            values=values or {},
            **NAMES,
        )

    async def add(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        cohort_id = int(request.match_info["id"])
        now, _today = self._now()
        try:
            number = forms.text(form, "number", "참여자 번호", required=True, max_length=40)
            status = forms.choice(form, "status", "상태", STATUSES, required=True)
        except forms.FormError as error:
            return await self.cohort(request, staffer, str(error), forms.values_of(form))
        async with self.admin.uow() as uow:
            if await uow.outcomes.cohort(cohort_id, staffer.scope) is None:
                raise web.HTTPNotFound(text="그런 기수가 없어요.")
            new_id = None
            if not await uow.outcomes.number_taken(cohort_id, number):
                new_id = await uow.outcomes.add(cohort_id, number, now, status=status)
                await self.admin.audit(
                    uow, staffer, "outcome.add", participant=new_id, cohort=cohort_id, status=status
                )
                await uow.commit()
        if new_id is None:  # (the page is drawn after the unit of work: one at a time)
            taken = "이 기수에 같은 참여자 번호가 이미 있어요."
            return await self.cohort(request, staffer, taken, forms.values_of(form))
        return self.admin.redirect(
            f"/admin/outcomes/cohorts/{cohort_id}#p{new_id}", f"참여자 {number}을(를) 추가했어요."
        )


NAMES = dict(
    STATUS_NAMES=STATUS_NAMES,
    JOB_KIND_NAMES=JOB_KIND_NAMES,
    EVIDENCE_NAMES=EVIDENCE_NAMES,
    SOURCE_NAMES=SOURCE_NAMES,
    AGE_NAMES={key: value for key, value in AGE_NAMES.items() if key},
    SEX_NAMES={key: value for key, value in SEX_NAMES.items() if key},
    YES_NO=YES_NO,
)
