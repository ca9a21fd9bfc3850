"""Sessions in a cookie signed with SECRET_KEY: a random id, the web login once signed in with
its login's session version, when it began and when it was last used. The role and the version
are read from the database on every request, so a changed, disabled or logged-out login takes
effect at once (logout, a new password and `ilteo staff disable` bump the version). A signed-in
session ends after IDLE_FOR without a request and SIGNED_IN_FOR after it began."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from aiohttp import web

COOKIE = "ilteo_admin"
FLASH_COOKIE = "ilteo_admin_flash"
PATH = "/admin"
SIGNED_IN_FOR = timedelta(hours=8)
IDLE_FOR = timedelta(minutes=30)
ANONYMOUS_FOR = timedelta(hours=2)  # long enough to fill in the login form


@dataclass(frozen=True, slots=True)
class Session:
    sid: str
    login: str | None  # None: not signed in (the login form's session)
    expires: int  # Unix seconds: the latest it may last (began + SIGNED_IN_FOR)
    version: int = 0  # the login's session version when it signed in
    seen: int = 0  # Unix seconds of its last request


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, so a signature made for one thing is never valid for another."""
    return hmac.new(secret.encode(), f"ilteo-admin:{purpose}".encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs small JSON values for cookies: `<payload>.<signature>`, both base64url."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def dumps(self, value: object) -> str:
        payload = _b64(json.dumps(value, separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}"

    def loads(self, token: str) -> object | None:
        payload, _dot, signature = token.partition(".")
        if not payload or not token.isascii():  # ours are base64url; others are never compared
            return None
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            return json.loads(_unb64(payload))
        except ValueError:
            return None

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())


class Sessions:
    def __init__(self, secret: str, secure: bool, clock: Callable[[], datetime]) -> None:
        self._signer = Signer(derive_key(secret, "session"))
        self._flash = Signer(derive_key(secret, "flash"))
        self._secure = secure
        self._clock = clock

    def read(self, request: web.Request) -> Session | None:
        """The request's session, if its cookie is signed by us and has not expired."""
        value = self._signer.loads(request.cookies.get(COOKIE, ""))
        if not isinstance(value, dict):
            return None
        try:
            session = Session(
                str(value["sid"]),
                value.get("login"),
                int(value["expires"]),
                int(value.get("version", 0)),
                int(value.get("seen", 0)),
            )
        except (KeyError, TypeError, ValueError):
            return None
        now = self._clock().timestamp()
        idle = session.login and session.seen + IDLE_FOR.total_seconds() <= now
        return session if session.expires > now and not idle else None

    def new(self, login: str | None = None, version: int = 0) -> Session:
        """A fresh session (a new id at every login, so an old id is worth nothing)."""
        lasts = SIGNED_IN_FOR if login else ANONYMOUS_FOR
        now = self._clock()
        return Session(
            secrets.token_urlsafe(18),
            login,
            int((now + lasts).timestamp()),
            version,
            int(now.timestamp()),
        )

    def touched(self, session: Session) -> Session:
        """The session used now (its idle time starts again)."""
        return replace(session, seen=int(self._clock().timestamp()))

    def write(self, response: web.StreamResponse, session: Session) -> None:
        value = {
            "sid": session.sid,
            "login": session.login,
            "expires": session.expires,
            "version": session.version,
            "seen": session.seen,
        }
        max_age = max(session.expires - int(self._clock().timestamp()), 0)
        response.set_cookie(COOKIE, self._signer.dumps(value), **self._cookie(max_age))

    def clear(self, response: web.StreamResponse) -> None:
        response.del_cookie(COOKIE, path=PATH)

    def set_flash(self, response: web.StreamResponse, kind: str, text: str) -> None:
        """A one-time message for the page after a redirect ("saved", "not saved: …")."""
        response.set_cookie(FLASH_COOKIE, self._flash.dumps([kind, text]), **self._cookie(120))

    def read_flash(self, request: web.Request) -> tuple[str, str] | None:
        value = self._flash.loads(request.cookies.get(FLASH_COOKIE, ""))
        return (
            (str(value[0]), str(value[1])) if isinstance(value, list) and len(value) == 2 else None
        )

    def clear_flash(self, request: web.Request, response: web.StreamResponse) -> None:
        if FLASH_COOKIE in request.cookies:
            response.del_cookie(FLASH_COOKIE, path=PATH)

    def _cookie(self, max_age: int) -> dict:
        return {
            "max_age": max_age,
            "path": PATH,
            "httponly": True,
            "samesite": "Lax",
            "secure": self._secure,
        }
