"""The outcome pages: 광명's published cohort as the dashboard shows it (79 %, 68 %, 54 %), small
cells suppressed, a counsellor of another centre sees none of it, and a deleted participant's
counts survive. SQLite and PostgreSQL (the `admin_site` fixture)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from storage.demo import PUBLISHED_KEY
from storage.tables import centres, cohorts, participants, users
from storage.uow import UnitOfWork
from tests.admin.client import AdminClient
from tests.admin.conftest import add_web_login
from tests.admin.seeding import booking_today

OTHER = ("counsellor.daejeon", "daejeon-password-1")


async def scalar(site, query):
    async with site.database.connect() as connection:
        return (await connection.execute(query)).scalar()


def kpi(page, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]+)<', page.text)
    assert found, name
    return found[1]


async def published(admin_site) -> int:
    return await scalar(admin_site, select(cohorts.c.id).where(cohorts.c.key == PUBLISHED_KEY))


async def test_the_dashboard_shows_gwangmyeongs_published_cohort(admin_site, counsellor):
    page = await counsellor.get("/admin/")

    assert page.status == 200
    assert kpi(page, "completion-rate") == "79%"
    assert kpi(page, "employment-completers") == "68%"
    assert kpi(page, "employment-participants") == "54%"
    assert "발표된 수치로 만든 기록" in page.shown

    outcomes = await counsellor.get("/admin/outcomes")
    assert outcomes.status == 200
    assert "발표된 수치(24명 참여, 19명 수료, 13명 채용)" in outcomes.shown
    assert "<svg" in outcomes.text and "<desc>" in outcomes.text and "숫자로 보기" in outcomes.shown
    row = re.search(r"기수 · .*?</tr>", outcomes.shown, re.S)[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    # participants, completed, rate, employed, of completers, of participants, within 3 and 6
    # months, regular, insured (not published: 0 %), 6-month retention (nobody followed up)
    assert cells == ["24", "19", "79%", "13", "68%", "54%", "54%", "54%", "100%", "0%", "—"]

    earlier = await counsellor.get("/admin/outcomes?from=2020-01-01&to=2020-12-31")
    assert "이 기간에 끝난 기수가 없어요" in earlier.shown
    assert "2020-01-01" in earlier.text


async def test_a_breakdown_cell_of_fewer_than_five_shows_5_under(admin_site, admin):
    cohort = await published(admin_site)
    first = await scalar(
        admin_site,
        select(participants.c.id).where(participants.c.number == "공개-01"),
    )
    page = await admin.get(f"/admin/outcomes/participants/{first}")
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    form.update(status="completed", age_band="40s", career_break="yes", sex="F", job_kind="regular")
    form.pop("csrf", None)
    saved = await admin.post(f"/admin/outcomes/participants/{first}", form)
    assert saved.status == 303, saved.shown

    shown = (await admin.get("/admin/outcomes")).shown
    ages = re.search(r"<caption>나이대별 성과</caption>.*?</table>", shown, re.S)[0]
    forties = re.search(r"40대</th>(.*?)</tr>", ages, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", forties)[:3] == ["5명 미만"] * 3
    unknown = re.search(r"미입력</th>(.*?)</tr>", ages, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", unknown)[:2] == ["23", "18"]
    assert (await admin.get(f"/admin/outcomes/cohorts/{cohort}")).status == 200


async def test_a_counsellor_of_another_centre_sees_no_participant_of_gwangmyeong(
    admin_site, database_url
):
    daejeon = await scalar(admin_site, select(centres.c.id).where(centres.c.sido == "대전광역시"))
    await add_web_login(database_url, *OTHER, "staff", [daejeon])
    other = AdminClient(admin_site.url)
    try:
        assert (await other.sign_in(*OTHER)).status == 303
        cohort = await published(admin_site)
        someone = await scalar(admin_site, select(participants.c.id).limit(1))

        assert kpi(await other.get("/admin/"), "completion-rate") == "—"
        listing = await other.get("/admin/outcomes")
        assert "광명" not in listing.shown and "공개-" not in listing.shown
        assert (await other.get(f"/admin/outcomes/cohorts/{cohort}")).status == 404
        assert (await other.get(f"/admin/outcomes/participants/{someone}")).status == 404
        changed = await other.post(
            f"/admin/outcomes/participants/{someone}/status", {"status": "dropped"}
        )
        assert changed.status == 404
        export = await other.get("/admin/outcomes/participants.csv")
        assert export.status == 200 and "공개-" not in export.text
    finally:
        await other.close()
    status = await scalar(
        admin_site, select(participants.c.status).where(participants.c.id == someone)
    )
    assert status == "completed"


async def test_a_deleted_participant_still_counts_anonymously(admin_site, admin):
    someone = await scalar(
        admin_site,
        select(participants.c.id).where(participants.c.number == "공개-02"),
    )
    await admin.get(f"/admin/outcomes/participants/{someone}")

    deleted = await admin.post(f"/admin/outcomes/participants/{someone}/delete")

    assert deleted.status == 303
    assert (
        await scalar(admin_site, select(participants.c.id).where(participants.c.id == someone))
        is None
    )
    page = await admin.get("/admin/")
    assert kpi(page, "completion-rate") == "79%"
    assert kpi(page, "employment-participants") == "54%"
    assert "지워진 참여자 기록 1명" in (await admin.get("/admin/outcomes")).shown
    audit = await admin.get("/admin/audit")
    assert "outcome.delete" in audit.shown


async def test_staff_link_a_self_report_to_her_record_and_confirm_it(admin_site, counsellor):
    await booking_today(admin_site.database, "job-seeker-1")  # one of 광명's people
    user = await scalar(admin_site, select(users.c.id).where(users.c.external_id == "job-seeker-1"))
    async with UnitOfWork(admin_site.database) as uow:
        assert await uow.outcomes.report_job(user, datetime.now(UTC)) is False  # not linked yet
        await uow.commit()
    record = await scalar(
        admin_site, select(participants.c.id).where(participants.c.number == "공개-14")
    )

    page = await counsellor.get("/admin/outcomes")
    assert "참여자 기록과 아직 이어지지 않은 신고" in page.shown
    linked = await counsellor.post(f"/admin/outcomes/reports/{user}/link", {"participant": record})
    assert linked.status == 303
    page = await counsellor.get("/admin/outcomes")
    assert f"/admin/outcomes/participants/{record}/confirm" in page.text
    assert kpi(await counsellor.get("/admin/"), "employment-participants") == "54%"  # not yet

    await counsellor.get("/admin/outcomes")
    confirmed = await counsellor.post(f"/admin/outcomes/participants/{record}/confirm")

    assert confirmed.status == 303
    dashboard = await counsellor.get("/admin/")
    assert kpi(dashboard, "employment-completers") == "74%"  # 14 of 19
    assert kpi(dashboard, "employment-participants") == "58%"  # 14 of 24
    evidence = await scalar(
        admin_site, select(participants.c.evidence).where(participants.c.id == record)
    )
    assert evidence == "self"


async def test_odd_input_gets_a_4xx_or_an_error_and_changes_nothing(admin_site, admin):
    someone = await scalar(
        admin_site, select(participants.c.id).where(participants.c.number == "공개-03")
    )
    cohort = await published(admin_site)
    await admin.get(f"/admin/outcomes/cohorts/{cohort}")

    odd = [
        (f"/admin/outcomes/participants/{someone}/status", {"status": "graduated"}),
        ("/admin/outcomes/reports/1/link", {"participant": "abc"}),
        ("/admin/outcomes/reports/1/link", {"participant": str(someone)}),  # no such report
        (
            f"/admin/outcomes/cohorts/{cohort}/participants",
            {"number": "x" * 41, "status": "enrolled"},
        ),
        (
            f"/admin/outcomes/cohorts/{cohort}/participants",
            {"number": "공개-03", "status": "enrolled"},
        ),
        (f"/admin/outcomes/participants/{someone}", {"status": "early"}),  # early without a job
        (f"/admin/outcomes/participants/{someone}", {"status": "completed", "job_hours": "500"}),
    ]
    for path, data in odd:
        answer = await admin.post(path, data)
        assert answer.status in (303, 400), (path, answer.status)
        if answer.status == 303:
            assert "error" in answer.headers.get("Set-Cookie", "") or answer.location
    assert (await admin.post("/admin/outcomes/participants/999999999999/status", {})).status == 404
    forged = await admin.post(
        f"/admin/outcomes/participants/{someone}/status", {"status": "dropped"}, csrf="forged"
    )
    assert forged.status == 403

    assert kpi(await admin.get("/admin/"), "completion-rate") == "79%"
    found = await scalar(
        admin_site, select(participants.c.status).where(participants.c.id == someone)
    )
    assert found == "completed"
