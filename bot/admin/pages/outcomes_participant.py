"""A participant's page: her path, her job and its evidence, the follow-ups at 3, 6 and 12
months, her self-report to confirm (or to link to her record first), quick status changes from
the cohort's list, and deleting her record (its counts stay, anonymous). Another centre's
participant is answered as one that is not there."""

from __future__ import annotations

from aiohttp import web

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import local_today
from bot.admin.guard import Staffer
from bot.admin.pages.outcomes_cohort import FOLLOW_UPS, ID, NAMES, STATUS_NAMES, YES_NO
from handlers.flows.outcomes.records import confirm_self_report, set_status
from storage.repositories.outcomes_records import EVIDENCE, JOB_KINDS, RECORDED, STATUSES


class OutcomeParticipantPages:
    def __init__(self, admin: Admin) -> None:
        self.admin = admin

    def routes(self) -> list[web.RouteDef]:
        page, action = self.admin.guard.page("staff"), self.admin.guard.action("staff")
        return [
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
    for name in RECORDED:
        value = getattr(person, name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        shown[name] = "" if value is None else str(value)
    return shown
