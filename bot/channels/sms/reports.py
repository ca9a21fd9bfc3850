"""POST /sms/report/<secret>: the provider's delivery reports. A wrong secret gets 403 and
changes nothing; each report moves its message (found by the outbox key) to delivered or
failed, and a failed one goes out again after a pause until it has had MAX_TRIES, then stays
failed for staff to see on the booking page."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from aiohttp import web

from bot.channels.sms.provider import PhoneProvider, Report
from storage.uow import UnitOfWork

MAX_TRIES = 3
RETRY_AFTER = timedelta(minutes=5)
log = structlog.get_logger(__name__)


class DeliveryReports:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        provider: PhoneProvider,
        secret: str,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow_factory = uow_factory
        self._provider = provider
        self._secret = secret
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        app.router.add_post("/sms/report/{secret}", self.receive, name="sms_report")

    async def receive(self, request: web.Request) -> web.Response:
        if not secrets.compare_digest(request.match_info["secret"].encode(), self._secret.encode()):
            raise web.HTTPForbidden(text="wrong secret")
        try:
            reports = self._provider.reports(await request.json())
        except ValueError:
            raise web.HTTPBadRequest(
                text=json.dumps({"error": "not a delivery report"}), content_type="application/json"
            ) from None
        changed = await self.record(reports)
        log.info("phone_reports", received=len(reports), changed=changed)
        return web.json_response({"changed": changed})

    async def record(self, reports: list[Report]) -> int:
        changed, now = 0, self._clock()
        async with self._uow_factory() as uow:
            for report in reports:
                message = await uow.phone_notices.get(report.custom_id)
                if message is None or not await uow.phone_notices.report(
                    report.custom_id, report.state, report.sent_as, report.error
                ):
                    continue
                changed += 1
                settled = message.state in ("sent", "unknown", "failed")  # not still being sent
                if report.state == "failed" and settled and message.attempts < MAX_TRIES:
                    await uow.phone_notices.retry(report.custom_id, now + RETRY_AFTER)
            await uow.commit()
        return changed
