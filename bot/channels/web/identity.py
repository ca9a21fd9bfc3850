"""Who a web chat visitor is: a random id the server issues, signed with SECRET_KEY.

The cookie holds `<id>.<expires>.<signature>`; an id is believed only with our signature and
before its expiry, so no page, script or other site can choose someone's id for her (session
fixation), and a forged, altered or expired cookie makes a new visitor, never an error. On an
https PUBLIC_URL the cookie is `__Host-` prefixed and Secure; only when FRAME_ANCESTORS lets
other sites frame the chat is it SameSite=None (a framed page's cookie needs it), else Lax.

It lives 90 days after her last message, or until the end of the day after her last
appointment when that is later, so she can always come back and cancel.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

NAME = "ilteo_uid"
LIVES = timedelta(days=90)
_VALUE = re.compile(r"^([A-Za-z0-9_-]{32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class WebIdentity:
    def __init__(self, secret: str, https: bool, framed: bool) -> None:
        self._key = hmac.new(secret.encode(), b"ilteo-web-visitor", hashlib.sha256).digest()
        self._https = https
        self._framed = framed and https
        self.cookie = f"__Host-{NAME}" if https else NAME

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(24)  # 32 characters

    def visitor(self, request: web.Request, now: datetime) -> str | None:
        """The id our signed, unexpired cookie names; None for anything else."""
        found = _VALUE.match(request.cookies.get(self.cookie, ""))
        if found is None:
            return None
        visitor, expires, signature = found.groups()
        if not hmac.compare_digest(signature, self._sign(visitor, expires)):
            return None
        return visitor if int(expires) > now.timestamp() else None

    def remember(
        self, response: web.StreamResponse, visitor: str, until: datetime, now: datetime
    ) -> None:
        expires = str(int(until.timestamp()))
        value = f"{visitor}.{expires}.{self._sign(visitor, expires)}"
        max_age = max(int((until - now).total_seconds()), 0)
        response.set_cookie(self.cookie, value, max_age=max_age, **self._attributes())

    def forget(self, response: web.StreamResponse) -> None:
        response.set_cookie(
            self.cookie,
            "",
            max_age=0,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            **self._attributes(),
        )

    def _attributes(self) -> dict[str, Any]:
        return {
            "path": "/",
            "httponly": True,
            "secure": self._https,
            "samesite": "None" if self._framed else "Lax",
        }

    def _sign(self, visitor: str, expires: str) -> str:
        return _b64(hmac.new(self._key, f"{visitor}.{expires}".encode(), hashlib.sha256).digest())


def kept_until(now: datetime, last_appointment: datetime | None, tz: ZoneInfo) -> datetime:
    """90 days from now, or the end of the day after her last appointment if that is later."""
    until = now + LIVES
    if last_appointment is not None:
        day_after = last_appointment.astimezone(tz).date() + timedelta(days=2)
        until = max(until, datetime.combine(day_after, time(), tz))
    return until
