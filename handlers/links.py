"""Signed links for people who cannot be sent a file (the web chat, KakaoTalk): a booking's
calendar file at `/ics/<token>.ics`, where the token names the booking and is signed with
SECRET_KEY over its id and the booking's own random secret, so nobody can fetch another
person's booking by guessing a number, and a token dies with its booking (a later row with
the same id, were one ever made, has another secret). Keyed hashes of random secrets (link
codes, move links) are made here too."""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNATURE_BYTES = 12


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class LinkSigner:
    def __init__(self, secret: str, base_url: str) -> None:
        self._secret = secret.encode()
        self._base_url = base_url.rstrip("/")

    def _signature(self, purpose: str, value: str) -> str:
        message = f"{purpose}:{value}".encode()
        return _b64(hmac.new(self._secret, message, hashlib.sha256).digest()[:SIGNATURE_BYTES])

    def digest(self, purpose: str, value: str) -> str:
        """A keyed hash of `value`, to store a secret (a link code) without keeping it."""
        return self._signature(purpose, value)

    def token(self, purpose: str, value: int, row_secret: str) -> str:
        """`<value>_<signature>`, signed over the value and its row's own secret."""
        return f"{value}_{self._signature(purpose, f'{value}:{row_secret}')}"

    @staticmethod
    def named(token: str) -> int | None:
        """The id a token names, not yet checked (read the row, then `holds`)."""
        value, _sep, signature = token.partition("_")
        if not (value.isascii() and value.isdigit()) or len(value) > 18 or not signature:
            return None
        return int(value)

    def holds(self, purpose: str, token: str, row_secret: str) -> bool:
        """Whether `token` was signed for its id and this row's secret."""
        value = self.named(token)
        if value is None or not row_secret:
            return False
        return hmac.compare_digest(token.encode(), self.token(purpose, value, row_secret).encode())

    def ics_url(self, booking_id: int, booking_secret: str) -> str:
        return f"{self._base_url}/ics/{self.token('ics', booking_id, booking_secret)}.ics"

    def booking_url(self, booking_id: int, booking_secret: str) -> str:
        """Where a reminder by phone sends her: her booking in the web chat."""
        return f"{self._base_url}/b/{self.token('booking', booking_id, booking_secret)}"
