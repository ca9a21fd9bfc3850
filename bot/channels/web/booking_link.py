"""GET /b/<signed-token>: the link in a reminder sent to her phone. It opens the web chat at her
bookings, where she can see, change or cancel them. The token names the booking and is signed
with SECRET_KEY and the booking's own secret; while the booking is active and ahead, a web-chat
booking's link also carries her web identity (her signed cookie, identity.py) to the phone's
browser, so the chat there is hers. A forged token, or a booking cancelled or past, opens the
chat as it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.channels.web.identity import WebIdentity, kept_until
from handlers.flows.booking.actions import MyBookings
from handlers.turn import FlowSettings
from storage.uow import UnitOfWork

BOOKINGS = f"/?do={MyBookings().encode()}"


class BookingLinks:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        settings: FlowSettings,
        identity: WebIdentity,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._identity = identity
        self._clock = clock

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get("/b/{token}", self.open_booking, name="booking_link")

    async def open_booking(self, request: web.Request) -> web.Response:
        token, now = request.match_info["token"], self._clock()
        owner = await self._web_owner(token, now) if token.isascii() else None
        redirect = web.HTTPFound(BOOKINGS if owner else "/")
        redirect.headers["Cache-Control"] = "private, no-store"
        if owner:
            visitor, starts_at = owner
            until = kept_until(now, starts_at, self._settings.timezone)
            self._identity.remember(redirect, visitor, until, now)
        raise redirect

    async def _web_owner(self, token: str, now: datetime) -> tuple[str, datetime] | None:
        """The web-chat id of the booking's owner, and its start, while it is active and
        ahead."""
        links = self._settings.links
        booking_id = links.named(token)
        if booking_id is None:
            return None
        async with self._uow_factory() as uow:
            found = await uow.bookings.get(booking_id)
            if found is None or not links.holds("booking", token, found[0].secret):
                return None
            booking, slot = found
            if booking.state != "active" or slot.starts_at <= now:
                return None
            user = await uow.users.get(booking.user_id)
        if user is None or user.channel != "web":
            return None
        return user.external_id, slot.starts_at
