"""A cohort's participants with quick buttons (수강, 수료, 중도 포기, 조기 취업), a form to add
one, and each participant's page: her path, her job and its evidence, the follow-ups at 3, 6
and 12 months, her self-report to confirm, and deleting her record (its counts stay, anonymous).
Another centre's cohort or participant is answered as one that is not there."""

from __future__ import annotations

from aiohttp import web

from bot.admin import forms
from bot.admin.formatting import local_today
from bot.admin.guard import Staffer
from bot.admin.outcomes_figures import AGE_NAMES, HEADINGS, SEX_NAMES, cells
from handlers.flows.outcomes.records import confirm_self_report, set_status
from storage.repositories.outcomes_records import (
    EVIDENCE,
    JOB_KINDS,
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
    def __init__(self, admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("staff"), self.admin.guard.action("staff")
        return [
            web.get(f"/admin/outcomes/cohorts/{ID}", page(self.cohort)),
            web.post(f"/admin/outcomes/cohorts/{ID}/participants", action(self.add)),
            web.get(f"/admin/outcomes/participants/{ID}", page(self.participant)),
            web.post(f"/admin/outcomes/participants/{ID}", action(self.save)),
            web.post(f"/admin/outcomes/participants/{ID}/status", action(self.status)),
            web.post(f"/admin/outcomes/participants/{ID}/confirm", action(self.confirm)),
            web.post(f"/admin/outcomes/participants/{ID}/dismiss", action(self.dismiss)),
            web.post(f"/admin/outcomes/participants/{ID}/delete", action(self.delete)),
            web.post(r"/admin/outcomes/reports/{user:[0-9]{1,18}}/link", action(self.link)),
            web.post(r"/admin/outcomes/reports/{user:[0-9]{1,18}}/drop", action(self.drop)),
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

    async def _mine(self, uow, request: web.Request, staffer: Staffer):
        person = await uow.outcomes.participant(int(request.match_info["id"]), staffer.scope)
        if person is None:
            raise web.HTTPNotFound(text="그런 참여자가 없어요.")
        return person

    async def participant(self, request, staffer, error=None, values=None) -> web.Response:
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            cohort = await uow.outcomes.cohort(person.cohort_id, staffer.scope)
        return self.admin.render(
            request,
            staffer,
            "outcomes_participant.html",
            status=400 if error else 200,
            person=person,
            cohort=cohort,
            values=values or _values(person),
            error=error,
            follow_ups=FOLLOW_UPS,
            **NAMES,
        )

    async def save(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        now, _today = self._now()
        try:
            values = _read(form)
        except forms.FormError as error:
            return await self.participant(request, staffer, str(error), forms.values_of(form))
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            await uow.outcomes.change(person.id, now, **values)
            await self.admin.audit(
                uow, staffer, "outcome.update", participant=person.id, fields=sorted(values)
            )
            await uow.commit()
        return self.admin.redirect(
            f"/admin/outcomes/cohorts/{person.cohort_id}#p{person.id}", "참여자 기록을 고쳤어요."
        )

    async def status(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        now, today = self._now()
        status = str(form.get("status", ""))
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            back = f"/admin/outcomes/cohorts/{person.cohort_id}"
            if status not in STATUSES:
                return self.admin.redirect(back, "상태를 골라 주세요.", "error")
            await set_status(uow, person, status, today, now)
            await self.admin.audit(
                uow, staffer, "outcome.status", participant=person.id, status=status
            )
            await uow.commit()
        message = f"참여자 {person.number}을(를) {STATUS_NAMES[status]}(으)로 표시했어요."
        return self.admin.redirect(f"{back}#p{person.id}", message)

    async def confirm(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        now, today = self._now()
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            if person.self_report_at is None:
                return self.admin.redirect("/admin/outcomes", "확인할 신고가 없어요.", "error")
            await confirm_self_report(uow, person, today, now)
            await self.admin.audit(uow, staffer, "outcome.confirm", participant=person.id)
            await uow.commit()
        return self.admin.redirect(
            f"/admin/outcomes/participants/{person.id}",
            f"참여자 {person.number}의 취업을 확인했어요. 직장 정보를 채워 주세요.",
        )

    async def dismiss(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        now, _today = self._now()
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            await uow.outcomes.clear_report(person.id, now)
            await self.admin.audit(uow, staffer, "outcome.dismiss", participant=person.id)
            await uow.commit()
        return self.admin.redirect("/admin/outcomes", "취업 신고를 확인하지 않고 닫았어요.")

    async def delete(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        async with self.admin.uow() as uow:
            person = await self._mine(uow, request, staffer)
            await uow.outcomes.delete([person.id])
            await self.admin.audit(
                uow, staffer, "outcome.delete", participant=person.id, cohort=person.cohort_id
            )
            await uow.commit()
        return self.admin.redirect(
            f"/admin/outcomes/cohorts/{person.cohort_id}",
            "참여자 기록을 지웠어요. 이미 낸 숫자는 익명으로 남아요.",
        )

    async def link(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        """Her self-report belongs to the participant record staff chose."""
        now, _today = self._now()
        user_id = int(request.match_info["user"])
        try:
            chosen = forms.number(form, "participant", "참여자", maximum=10**18) or 0
        except forms.FormError:
            chosen = 0  # answered as a participant that is not there
        async with self.admin.uow() as uow:
            report = await uow.outcomes.self_report_of(user_id, staffer.scope)
            person = await uow.outcomes.participant(chosen, staffer.scope)
            if report is None or person is None or person.user_id is not None:
                return self.admin.redirect(
                    "/admin/outcomes", "이 신고는 그 참여자와 이을 수 없어요.", "error"
                )
            await uow.outcomes.link(user_id, person.id, report.at, now)
            await self.admin.audit(uow, staffer, "outcome.link", participant=person.id)
            await uow.commit()
        return self.admin.redirect("/admin/outcomes", f"참여자 {person.number}와(과) 이었어요.")

    async def drop(self, request: web.Request, staffer: Staffer, form) -> web.Response:
        user_id = int(request.match_info["user"])
        async with self.admin.uow() as uow:
            if await uow.outcomes.self_report_of(user_id, staffer.scope) is not None:
                await uow.outcomes.drop_report(user_id)
                await self.admin.audit(uow, staffer, "outcome.report_drop")
                await uow.commit()
        return self.admin.redirect("/admin/outcomes", "취업 신고를 닫았어요.")


NAMES = dict(
    STATUS_NAMES=STATUS_NAMES,
    JOB_KIND_NAMES=JOB_KIND_NAMES,
    EVIDENCE_NAMES=EVIDENCE_NAMES,
    SOURCE_NAMES=SOURCE_NAMES,
    AGE_NAMES={key: value for key, value in AGE_NAMES.items() if key},
    SEX_NAMES={key: value for key, value in SEX_NAMES.items() if key},
    YES_NO=YES_NO,
)


def _flag(form, name: str, label: str) -> bool | None:
    value = forms.choice(form, name, label, YES_NO)
    return None if value is None else value == "yes"


def _read(form) -> dict:
    values = {
        "status": forms.choice(form, "status", "상태", STATUSES, required=True),
        "finished_on": forms.day(form, "finished_on", "끝난 날"),
        "age_band": forms.choice(form, "age_band", "나이대", NAMES["AGE_NAMES"]),
        "career_break": _flag(form, "career_break", "경력단절"),
        "sex": forms.choice(form, "sex", "성별", NAMES["SEX_NAMES"]),
        "job_start": forms.day(form, "job_start", "입사일"),
        "employer": forms.text(form, "employer", "회사"),
        "job_kind": forms.choice(form, "job_kind", "고용 형태", JOB_KINDS),
        "job_hours": forms.number(form, "job_hours", "주당 근무 시간", maximum=80),
        "insured": _flag(form, "insured", "고용보험"),
        "evidence": forms.choice(form, "evidence", "확인 자료", EVIDENCE),
    }
    for name, label in FOLLOW_UPS:
        values[name] = _flag(form, name, f"{label} 뒤 재직")
    has_job = values["job_start"] is not None
    if not has_job and any(values[n] for n in ("employer", "job_kind", "job_hours", "evidence")):
        raise forms.FormError("직장 정보를 쓰려면 입사일도 써 주세요.")
    if values["status"] == "early" and not has_job:
        raise forms.FormError("조기 취업이면 입사일을 써 주세요.")
    return values


def _values(person) -> dict[str, str]:
    shown = {}
    for name in (*_read_names(), *(n for n, _l in FOLLOW_UPS)):
        value = getattr(person, name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        shown[name] = "" if value is None else str(value)
    return shown


def _read_names() -> tuple[str, ...]:
    return (
        "status",
        "finished_on",
        "age_band",
        "career_break",
        "sex",
        "job_start",
        "employer",
        "job_kind",
        "job_hours",
        "insured",
        "evidence",
    )
