"""CSRF tokens: every form carries one, derived from the session's random id with a key of its
own, so a page on another site can neither read it nor forge it. A POST without the token of
its own session is refused (403)."""

from __future__ import annotations

import hashlib
import hmac

from bot.admin.sessions import Session, derive_key

FIELD = "csrf"


class CsrfTokens:
    def __init__(self, secret: str) -> None:
        self._key = derive_key(secret, "csrf")

    def token(self, session: Session) -> str:
        return hmac.new(self._key, session.sid.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: Session | None, given: object) -> bool:
        if session is None or not isinstance(given, str) or not given or not given.isascii():
            return False
        return hmac.compare_digest(given, self.token(session))
