"""The talks with counsellors in the figures: a web chat user asks for a person (nobody of her
area: the shared queue), an admin takes it; the dashboard's table and `/metrics` count it, and
a counsellor of another centre does not see it."""

from __future__ import annotations

import aiohttp

from bot.clock import utc_now
from storage.database import create_engine
from storage.records import EVERYTHING, StaffIdentity
from storage.uow import UnitOfWork


async def _asks_for_a_person(url: str) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(base_url=url, cookie_jar=jar) as chat:
        for body in (
            {"text": "/start"},
            {"data": "lang:ko"},
            {"data": "consent:yes"},
            {"data": "in:cancel"},
            {"text": "사람이랑 얘기하고 싶어요"},
        ):
            async with chat.post("/api/chat", json=body) as response:
                assert response.status == 200


async def _admin_takes_it(app) -> None:
    engine = create_engine(app.settings.database_url)
    try:
        async with UnitOfWork(engine) as uow:
            staff_id = await uow.staff.grant("web", "someone", "admin", utc_now())
            admin = StaffIdentity(staff_id, "admin", EVERYTHING, 0)
            [row] = await uow.handoffs.waiting(admin)
            assert await uow.handoffs.claim(row.handoff.id, admin, utc_now())
            await uow.commit()
    finally:
        await engine.dispose()


async def test_a_taken_request_is_in_the_dashboard_and_the_metrics(admin_site, admin, counsellor):
    await _asks_for_a_person(admin_site.url)
    await _admin_takes_it(admin_site)
    page = await admin.get("/admin/")
    assert "상담사 연결" in page.text and "<td>공동 대기열</td><td>1</td><td>1</td>" in page.text
    theirs = await counsellor.get("/admin/")
    assert "아직 상담사 연결 요청이 없어요" in theirs.text  # not her centre's
    async with aiohttp.ClientSession(base_url=admin_site.url) as session:
        async with session.get("/metrics") as response:
            body = await response.text()
    assert 'ilteo_handoffs{centre="shared",state="requested"} 1.0' in body
    assert 'ilteo_handoffs{centre="shared",state="handled"} 1.0' in body
    assert 'ilteo_handoff_wait_seconds{centre="shared"}' in body
