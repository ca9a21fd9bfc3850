"""GET /ics/<signed-token>.ics: a booking's calendar file, for channels that cannot send files
(the web chat, KakaoTalk). A forged token or a cancelled booking is a plain 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from handlers.booking.calendar_file import FILENAME, MIME_TYPE, booking_ics
from handlers.i18n import speaking
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork


class CalendarFiles:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], settings: FlowSettings,
                 clock: Callable[[], datetime]) -> None:  # fmt: skip
        self._uow_factory = uow_factory
        self._settings = settings
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/ics/{token}.ics", self.calendar_file, name="ics")

    async def calendar_file(self, request: web.Request) -> web.Response:
        booking_id = self._settings.links.ics_booking(request.match_info["token"])
        if booking_id is None:
            raise web.HTTPNotFound(text="No such booking.")
        async with self._uow_factory() as uow:
            found = await uow.bookings.get(booking_id)
            user = await uow.users.get(found[0].user_id) if found else None
            language = self._language(user.language if user else None)
            with speaking(self._settings.translator, language):
                content = await booking_ics(uow, booking_id, self._settings, self._clock())
        if content is None:
            raise web.HTTPNotFound(text="No such booking.")
        headers = {"Content-Disposition": f'attachment; filename="{FILENAME}"',
                   "Cache-Control": "private, no-store"}  # fmt: skip
        return web.Response(body=content, content_type=MIME_TYPE, charset="utf-8",
                            headers=headers)  # fmt: skip

    def _language(self, chosen: str | None) -> str:
        return chosen if chosen in self._settings.languages else self._settings.languages[0]
