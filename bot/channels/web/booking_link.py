"""GET /b/<signed-token>: the link in a reminder sent to her phone. It opens the web chat at her
bookings, where she can see, change or cancel them. The token names the booking and is signed
with SECRET_KEY; while the booking is active and ahead, a web-chat booking's link also carries
her web identity to the phone's browser (her cookie), so the chat there is hers. A forged
token, or a booking cancelled or past, opens the chat as it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.channels.web.routes import COOKIE, COOKIE_AGE
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork

BOOKINGS = "/?do=bk:list"


class BookingLinks:
    def __init__(self, uow_factory: Callable[[], UnitOfWork], settings: FlowSettings,
                 clock: Callable[[], datetime], secure_cookie: bool) -> None:  # fmt: skip
        self._uow_factory = uow_factory
        self._settings = settings
        self._clock = clock
        self._secure = secure_cookie

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/b/{token}", self.open_booking, name="booking_link")

    async def open_booking(self, request: web.Request) -> web.Response:
        booking_id = self._settings.links.booking_of(request.match_info["token"])
        web_id = await self._web_owner(booking_id) if booking_id is not None else None
        redirect = web.HTTPFound(BOOKINGS if web_id else "/")
        redirect.headers["Cache-Control"] = "private, no-store"
        if web_id:
            redirect.set_cookie(COOKIE, web_id, max_age=COOKIE_AGE, httponly=True,
                                samesite="Lax", secure=self._secure)  # fmt: skip
        raise redirect

    async def _web_owner(self, booking_id: int) -> str | None:
        """The web-chat id of the booking's owner while it is active and ahead."""
        async with self._uow_factory() as uow:
            found = await uow.bookings.get(booking_id)
            if found is None or found[0].state != "active" or found[1].starts_at <= self._clock():
                return None
            user = await uow.users.get(found[0].user_id)
        return user.external_id if user is not None and user.channel == "web" else None
