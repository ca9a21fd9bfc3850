"""Signed links for people who cannot be sent a file (the web chat, KakaoTalk): a booking's
calendar file at `/ics/<token>.ics`, where the token names the booking and is signed with
SECRET_KEY, so nobody can fetch another person's booking by guessing a number."""

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

    def token(self, purpose: str, value: int) -> str:
        return f"{value}_{self._signature(purpose, str(value))}"

    def read(self, purpose: str, token: str) -> int | None:
        """The value a token was signed for, or None when it is forged or malformed."""
        value, _sep, signature = token.partition("_")
        if not value.isdigit() or not signature:
            return None
        expected = self._signature(purpose, value)
        return int(value) if hmac.compare_digest(signature, expected) else None

    def ics_url(self, booking_id: int) -> str:
        return f"{self._base_url}/ics/{self.token('ics', booking_id)}.ics"

    def ics_booking(self, token: str) -> int | None:
        return self.read("ics", token)

    def booking_url(self, booking_id: int) -> str:
        """Where a reminder by phone sends her: her booking in the web chat."""
        return f"{self._base_url}/b/{self.token('booking', booking_id)}"

    def booking_of(self, token: str) -> int | None:
        return self.read("booking", token)
