"""Centres, programmes and cohorts from the admin web: created, edited, checked, audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.tables import audit_log, centres, cohorts, programmes
from tests.admin.conftest import ADMIN
from tests.cli import all_rows

ACTOR = f"web:{ADMIN[0]}"


async def audit_rows(site) -> list[tuple]:
    query = select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail)
    return await all_rows(site.settings.database_url, query.order_by(audit_log.c.id))


async def test_an_admin_adds_and_edits_a_centre_and_each_change_is_audited(admin_site, admin):
    await admin.get("/admin/centres/new")
    form = {
        "name": "시흥여성새로일하기센터",
        "kind": "saeil",
        "sido": "경기도",
        "sigungu": "시흥시",
        "phone": "031-000-0000",
        "opens_at": "09:00",
        "closes_at": "18:00",
    }
    page = await admin.post("/admin/centres", form)
    assert page.status == 303 and page.location == "/admin/centres"
    listing = await admin.get("/admin/centres")
    assert (
        "시흥여성새로일하기센터" in listing.text
        and "센터 '시흥여성새로일하기센터'을(를) 추가했어요" in listing.shown
    )
    [(centre_id, key, opens)] = await all_rows(
        admin_site.settings.database_url,
        select(centres.c.id, centres.c.key, centres.c.opens_at).where(
            centres.c.sigungu == "시흥시"
        ),
    )
    assert key.startswith("admin:centre:") and str(opens) == "09:00:00"
    await admin.get(f"/admin/centres/{centre_id}")
    assert (
        await admin.post(f"/admin/centres/{centre_id}", {**form, "closes_at": "17:00"})
    ).status == 303
    bad = await admin.post(f"/admin/centres/{centre_id}", {**form, "closes_at": "08:00"})
    assert bad.status == 400 and "닫는 시간이 여는 시간보다 늦어야" in bad.text
    assert 'value="시흥여성새로일하기센터"' in bad.text  # what was typed stays
    actions = [
        (actor, action, detail["id"], detail["closes_at"])
        for actor, action, detail in await audit_rows(admin_site)
        if action != "login"
    ]
    assert actions == [
        (ACTOR, "centre.create", centre_id, "18:00:00"),
        (ACTOR, "centre.update", centre_id, "17:00:00"),
    ]


async def test_an_admin_adds_a_programme_and_its_cohort(admin_site, admin):
    await admin.get("/admin/programmes/new")
    form = {
        "centre_id": "1",
        "title": "스마트스토어 창업 실무",
        "kind": "course",
        "audience": "job_seekers",
        "target_groups": "career_break",
        "hours": "60",
    }
    page = await admin.post("/admin/programmes", {**form, "fields": "startup"})
    assert page.status == 303
    programme_id = int(re.fullmatch(r"/admin/programmes/(\d+)", page.location)[1])
    shown = await admin.get(page.location)
    assert "기수가 없어요" in shown.text and "이제 기수를 추가해 보세요" in shown.text
    [(groups, fields)] = await all_rows(
        admin_site.settings.database_url,
        select(programmes.c.target_groups, programmes.c.fields).where(
            programmes.c.id == programme_id
        ),
    )
    assert groups == ["career_break"] and fields == ["startup"]

    await admin.get(f"/admin/programmes/{programme_id}/cohorts/new")
    cohort = {
        "number": "3",
        "starts_on": "2027-03-02",
        "ends_on": "2027-04-28",
        "capacity": "20",
        "seats_left": "20",
        "days": "weekday",
        "part_of_day": "morning",
    }
    wrong = await admin.post(
        f"/admin/programmes/{programme_id}/cohorts", {**cohort, "seats_left": "25"}
    )
    assert wrong.status == 400 and "남은 자리가 정원보다 많아요" in wrong.text
    page = await admin.post(f"/admin/programmes/{programme_id}/cohorts", cohort)
    assert page.status == 303
    shown = await admin.get(page.location)
    assert "3기" in shown.text and "2027-03-02 ~ 2027-04-28" in shown.text
    [(cohort_id, seats)] = await all_rows(
        admin_site.settings.database_url,
        select(cohorts.c.id, cohorts.c.seats_left).where(cohorts.c.programme_id == programme_id),
    )
    assert seats == 20
    await admin.get(f"/admin/cohorts/{cohort_id}")
    assert (
        await admin.post(f"/admin/cohorts/{cohort_id}", {**cohort, "seats_left": "7"})
    ).status == 303
    actions = [action for _actor, action, _detail in await audit_rows(admin_site)]
    assert actions == ["login", "programme.create", "cohort.create", "cohort.update"]
    *_, (_actor, _action, detail) = await audit_rows(admin_site)
    assert detail["seats_left"] == 7 and detail["starts_on"] == "2027-03-02"


async def test_unknown_choices_are_refused_with_a_sentence(admin):
    await admin.get("/admin/programmes/new")
    page = await admin.post(
        "/admin/programmes",
        {"centre_id": "1", "title": "x", "kind": "course", "audience": "everyone"},
    )
    assert page.status == 400 and "대상에서 목록에 있는 것을 골라 주세요" in page.text
    page = await admin.post(
        "/admin/programmes",
        {"centre_id": "999999", "title": "x", "kind": "course", "audience": "job_seekers"},
    )
    assert page.status == 400 and "센터를 목록에서 골라 주세요" in page.text
