"""Broadcasts from the admin web, as an admin and a counsellor use them (a counsellor's reach is
tested in tests/security/test_staff_reach.py): the preview shows how many people
get it and how it reads in their languages, storing nothing; the confirmation queues one message
for exactly that audience (once, even when clicked twice) and leaves an audit row; bad input and
an empty audience are refused with a Korean sentence and change nothing; a broadcast can be
stopped; its counts are served as JSON; and every route checks the session, role and CSRF."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from bot.admin.pages.broadcast_audience import KIND_LABELS
from storage.repositories.broadcasts import AUDIENCE_KINDS
from storage.tables import audit_log, broadcasts, outbox, users
from tests.admin.seeding import first_programme, subscribers
from tests.cli import all_rows, scalar

TEXT = "광명시 콜센터 상담원 과정 9월 기수를 모집해요.\n설명회: 8월 20일 오후 2시"
GYEONGGI = {"text_ko": TEXT, "audience": "region", "sido": "경기도"}
DRAFT = re.compile(r'name="draft" value="([0-9a-f]{32})"')


async def count(site, table) -> int:
    return await scalar(site.settings.database_url, select(func.count()).select_from(table))


async def queued_for(site, broadcast_id: int) -> list[str]:
    query = (
        select(users.c.external_id)
        .join(outbox, outbox.c.user_id == users.c.id)
        .where(outbox.c.broadcast_id == broadcast_id, outbox.c.state == "pending")
    )
    return sorted(row[0] for row in await all_rows(site.settings.database_url, query))


async def audited(site) -> list[tuple[str, str, dict]]:
    query = select(audit_log.c.actor, audit_log.c.action, audit_log.c.detail).where(
        audit_log.c.action.like("broadcast.%")
    )
    return [tuple(row) for row in await all_rows(site.settings.database_url, query)]


async def previewed(client, form: dict):
    await client.get("/admin/broadcasts/new")
    page = await client.post("/admin/broadcasts/new", form)
    assert page.status == 200, page.shown
    return page


async def sent(client, form: dict) -> int:
    """Preview `form`, confirm it; the new broadcast's id."""
    page = await previewed(client, form)
    done = await client.post(
        "/admin/broadcasts/new", {**form, "draft": DRAFT.search(page.text)[1], "confirm": "1"}
    )
    assert done.status == 303, done.shown
    return int(done.location.rsplit("/", 1)[1])


def test_the_form_offers_every_audience_the_repository_knows():
    assert set(KIND_LABELS) == set(AUDIENCE_KINDS)


async def test_the_preview_counts_the_audience_and_the_confirmation_queues_exactly_it(
    admin_site, admin
):
    database = admin_site.database
    gyeonggi = await subscribers(database, "telegram", 5100, 4, "경기도 광명시")
    gyeonggi += await subscribers(database, "telegram", 5200, 2, "경기도", language="en")
    await subscribers(database, "telegram", 5300, 3, "서울특별시")

    page = await previewed(admin, {**GYEONGGI, "text_en": "A new call-centre cohort."})
    assert '<b id="audience-size">6</b>명이 이 공지를 받아요' in page.text
    assert "[일터 안내] " + TEXT in page.shown and "[Ilteo notice] A new call-centre" in page.shown
    assert "한국어 · 4명" in page.shown and "영어 (English) · 2명" in page.shown
    assert "6명에게 보내기" in page.shown
    assert await count(admin_site, broadcasts) == 0 and await count(admin_site, outbox) == 0

    token = DRAFT.search(page.text)[1]
    confirm = {**GYEONGGI, "text_en": "A new call-centre cohort.", "draft": token, "confirm": "1"}
    done = await admin.post("/admin/broadcasts/new", confirm)
    assert done.status == 303
    broadcast_id = int(done.location.rsplit("/", 1)[1])
    again = await admin.post("/admin/broadcasts/new", confirm)  # a double click
    assert again.status == 303 and again.location == done.location
    assert await count(admin_site, broadcasts) == 1
    assert await queued_for(admin_site, broadcast_id) == sorted(gyeonggi)
    [(actor, action, detail)] = await audited(admin_site)
    assert (actor, action) == ("web:boss.kim", "broadcast.send")
    assert detail["recipients"] == 6 and detail["audience"] == {
        "kind": "region",
        "target": "경기도",
    }

    shown = await admin.get(done.location)
    assert "6명에게 보내기 시작했어요" in shown.shown
    assert f'data-progress-url="/admin/broadcasts/{broadcast_id}/status"' in shown.text
    assert '<progress id="progress" max="100" value="0">' in shown.text
    assert "발송 중지" in shown.shown and "지역: 경기도" in shown.shown
    listed = await admin.get("/admin/broadcasts")
    assert f'href="/admin/broadcasts/{broadcast_id}"' in listed.text and "보내는 중" in listed.shown
    status = await admin.get(f"/admin/broadcasts/{broadcast_id}/status")
    assert json.loads(status.text) == {
        "id": broadcast_id,
        "state": "sending",
        "recipients": 6,
        "sent": 0,
        "failed": 0,
        "blocked": 0,
        "left": 6,
        "on_return": 0,
        "cancelled": 0,
        "missed": 0,
        "percent": 0,
    }


async def test_a_course_broadcast_goes_to_its_subscribers_with_its_buttons(admin_site, counsellor):
    programme, title = await first_programme(admin_site.database)
    fans = await subscribers(
        admin_site.database, "kakao", 6100, 3, "부산광역시", programme=str(programme)
    )
    await subscribers(admin_site.database, "kakao", 6200, 2, "부산광역시")
    form = {"text_ko": "새 기수 모집", "programme": str(programme), "audience": "programme"}
    page = await previewed(counsellor, form)
    assert '<b id="audience-size">3</b>' in page.text
    assert "자세히" in page.shown and "상담 예약" in page.shown and "알림 그만 받기" in page.shown
    broadcast_id = await sent(counsellor, form)
    assert await queued_for(admin_site, broadcast_id) == sorted(fans)
    shown = await counsellor.get(f"/admin/broadcasts/{broadcast_id}")
    assert f"프로그램 알림 구독자: {title}" in shown.shown


async def test_bad_input_is_refused_in_korean_and_stores_nothing(admin_site, counsellor):
    await subscribers(admin_site.database, "telegram", 7100, 2, "경기도")
    long_text = "가" * 1001
    cases = [
        ({**GYEONGGI, "text_ko": "  "}, "한국어 공지을(를) 입력해 주세요"),
        ({**GYEONGGI, "text_ko": long_text}, "1000자 이하로"),
        ({**GYEONGGI, "text_en": long_text}, "영어 공지은(는) 1000자 이하로"),
        ({**GYEONGGI, "audience": ""}, "받는 사람을 골라 주세요"),
        ({**GYEONGGI, "audience": "everyone"}, "받는 사람을 목록에서 골라 주세요"),
        ({**GYEONGGI, "sido": ""}, "시·도를 골라 주세요"),
        ({**GYEONGGI, "sigungu": "해운대구"}, "경기도에 '해운대구'라는 시·군·구가 없어요"),
        ({**GYEONGGI, "audience": "field"}, "관심 분야를 목록에서 골라 주세요"),
        ({**GYEONGGI, "audience": "zone", "zone": "nowhere"}, "버스 권역을 목록에서"),
        ({**GYEONGGI, "audience": "programme"}, "어떤 프로그램에 관한 공지인지 골라 주세요"),
        ({**GYEONGGI, "programme": "999999"}, "프로그램에서 목록에 있는 것을 골라 주세요"),
        ({**GYEONGGI, "programme": "1", "visit": "1"}, "하나만 골라 주세요"),
    ]
    await counsellor.get("/admin/broadcasts/new")
    for form, message in cases:
        for confirm in ({}, {"confirm": "1", "draft": "0" * 32}):
            page = await counsellor.post("/admin/broadcasts/new", {**form, **confirm})
            assert page.status == 400 and message in page.shown, (form, page.shown[-3000:])
    assert (
        "받을 사람이 없어요"
        in (await previewed(counsellor, {**GYEONGGI, "sido": "제주특별자치도"})).shown
    )
    nobody = {**GYEONGGI, "sido": "제주특별자치도", "confirm": "1", "draft": "1" * 32}
    refused = await counsellor.post("/admin/broadcasts/new", nobody)
    assert refused.status == 400 and "받을 사람이 없어서 보내지 않았어요" in refused.shown
    assert await count(admin_site, broadcasts) == 0 and await count(admin_site, outbox) == 0
    assert await audited(admin_site) == []


async def test_a_region_can_be_narrowed_to_a_typed_city(admin_site, admin):
    gwangmyeong = await subscribers(admin_site.database, "telegram", 8100, 2, "경기도 광명시")
    whole = await subscribers(admin_site.database, "telegram", 8200, 1, "경기도")
    await subscribers(admin_site.database, "telegram", 8300, 2, "경기도 수원시")
    broadcast_id = await sent(admin, {**GYEONGGI, "sigungu": "광명"})
    assert await queued_for(admin_site, broadcast_id) == sorted(gwangmyeong + whole)
    shown = await admin.get(f"/admin/broadcasts/{broadcast_id}")
    assert "지역: 경기도 광명시" in shown.shown


async def test_stopping_a_broadcast_cancels_what_was_not_sent(admin_site, admin):
    await subscribers(admin_site.database, "telegram", 9100, 3, "경기도")
    broadcast_id = await sent(admin, GYEONGGI)
    await admin.get(f"/admin/broadcasts/{broadcast_id}")
    stopped = await admin.post(f"/admin/broadcasts/{broadcast_id}/cancel")
    assert stopped.status == 303 and stopped.location == f"/admin/broadcasts/{broadcast_id}"
    page = await admin.get(stopped.location)
    assert "발송을 멈췄어요. 3건은 보내지 않았어요" in page.shown
    assert "중지했어요 · 100%" in page.shown and "발송 결과" in page.shown
    assert "http-equiv" not in page.text and "발송 중지" not in page.shown
    status = json.loads((await admin.get(f"/admin/broadcasts/{broadcast_id}/status")).text)
    assert (status["state"], status["cancelled"], status["left"]) == ("cancelled", 3, 0)
    again = await admin.post(f"/admin/broadcasts/{broadcast_id}/cancel")
    assert "이미 끝난 발송이에요" in (await admin.get(again.location)).shown
    assert [action for _actor, action, _detail in await audited(admin_site)] == [
        "broadcast.send",
        "broadcast.cancel",
    ]


async def test_without_a_session_pages_go_to_the_login_and_actions_are_refused(admin_site, client):
    await subscribers(admin_site.database, "telegram", 9500, 1, "경기도")
    for path in (
        "/admin/broadcasts",
        "/admin/broadcasts/new",
        "/admin/broadcasts/1",
        "/admin/broadcasts/1/status",
    ):
        page = await client.get(path)
        assert page.status == 303 and page.location.startswith("/admin/login?next="), path
    for path in ("/admin/broadcasts/new", "/admin/broadcasts/1/cancel"):
        page = await client.post(path, {**GYEONGGI, "confirm": "1", "draft": "2" * 32})
        assert page.status == 403 and "로그인이 필요해요" in page.shown
    assert await count(admin_site, broadcasts) == 0


async def test_a_form_without_its_csrf_token_is_refused(admin_site, admin):
    await subscribers(admin_site.database, "telegram", 9600, 1, "경기도")
    page = await previewed(admin, GYEONGGI)
    confirm = {**GYEONGGI, "confirm": "1", "draft": DRAFT.search(page.text)[1]}
    for csrf in (False, "forged"):
        refused = await admin.post("/admin/broadcasts/new", confirm, csrf=csrf)
        assert refused.status == 403 and "보안 확인에 실패했어요" in refused.shown
    assert await count(admin_site, broadcasts) == 0
    broadcast_id = await sent(admin, GYEONGGI)
    refused = await admin.post(f"/admin/broadcasts/{broadcast_id}/cancel", csrf=False)
    assert refused.status == 403
    status = json.loads((await admin.get(f"/admin/broadcasts/{broadcast_id}/status")).text)
    assert status["state"] == "sending"


async def test_an_unknown_broadcast_is_not_found(counsellor):
    assert (await counsellor.get("/admin/broadcasts/424242")).status == 404
    assert (await counsellor.get("/admin/broadcasts/424242/status")).status == 404
    assert (await counsellor.post("/admin/broadcasts/424242/cancel")).status == 404
