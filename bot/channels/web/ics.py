"""GET /ics/<signed-token>.ics: a booking's calendar file, for channels that cannot send files
(the web chat, KakaoTalk). A forged token or a cancelled booking is a plain 404, said in the
person's language (the booking's owner's, else her browser's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from aiohttp import web

from bot.channels.web.language import bcp47, visitor_language
from handlers.booking.calendar_file import FILENAME, MIME_TYPE, booking_ics, calendar_filename
from handlers.i18n import _, speaking
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork


class CalendarFiles:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/ics/{token}.ics", self.calendar_file, name="ics")

    async def calendar_file(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        booking_id = self._settings.links.named(token) if _plain(token) else None
        if booking_id is None:
            raise self._not_found(request, None)
        async with self._uow_factory() as uow:
            found = await uow.bookings.get(booking_id)
            if found is None or not self._settings.links.holds("ics", token, found[0].secret):
                raise self._not_found(request, None)
            user = await uow.users.get(found[0].user_id) if found else None
            chosen = user.language if user else None
            with speaking(self._settings.translator, self._language(request, chosen)):
                content = await booking_ics(uow, booking_id, self._settings, self._clock())
                filename = calendar_filename()
        if content is None:
            raise self._not_found(request, chosen)
        headers = {
            "Content-Disposition": content_disposition(filename),
            "Cache-Control": "private, no-store",
        }
        return web.Response(body=content, content_type=MIME_TYPE, charset="utf-8", headers=headers)

    def _language(self, request: web.Request, chosen: str | None) -> str:
        accept = request.headers.get("Accept-Language", "")
        return visitor_language(chosen, accept, self._settings.languages)

    def _not_found(self, request: web.Request, chosen: str | None) -> web.HTTPNotFound:
        language = self._language(request, chosen)
        with speaking(self._settings.translator, language):
            text = _("We can't find this booking. It may have been cancelled.")
        return web.HTTPNotFound(
            text=text, headers={"Content-Language": bcp47(language), "Vary": "Accept-Language"}
        )


def content_disposition(filename: str) -> str:
    """An attachment named `filename` ("예약.ics"): RFC 6266 `filename*` in UTF-8, with the
    ASCII name for clients that read only `filename`."""
    ascii_name = filename if filename.isascii() else FILENAME
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _plain(token: str) -> bool:
    """Our tokens are short and ASCII; anything else is not one (and is never compared)."""
    return (
        len(token) <= 200 and token.isascii() and token.replace("_", "").replace("-", "").isalnum()
    )
