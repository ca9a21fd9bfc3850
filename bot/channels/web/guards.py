"""What a request to the web chat's API must be before anything reads it: from our own page
(same origin), JSON, and within its address's limits (about 60 requests a minute, and 20 new
visitors an hour). A refusal says why: 403, 415, or 429 with a line in her language that the
page shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.addresses import AddressLimits, Network, client_address
from bot.channels.web.language import bcp47, browser_hint
from handlers.i18n import _, offered_language, speaking
from handlers.turn import FlowSettings

REQUESTS_PER_MINUTE = 60
NEW_VISITORS_PER_HOUR = 20


def _error(
    kind: type[web.HTTPException], reason: str, headers: dict[str, Any] | None = None, **more: str
) -> web.HTTPException:
    body = json.dumps({"error": reason, **more}, ensure_ascii=False)
    return kind(text=body, content_type="application/json", headers=headers)


class ChatGuards:
    def __init__(
        self,
        settings: FlowSettings,
        public_url: str,
        trusted: tuple[Network, ...],
        clock: Callable[[], datetime],
    ) -> None:
        self._settings = settings
        public = urlsplit(public_url)
        self._public_origin = f"{public.scheme}://{public.netloc}".lower()
        self._trusted = trusted
        seconds = lambda: clock().timestamp()  # noqa: E731 (the app's clock, so tests move it)
        self.requests = AddressLimits(REQUESTS_PER_MINUTE, 60, seconds)
        self.new_visitors = AddressLimits(NEW_VISITORS_PER_HOUR, 3600, seconds)

    def check(self, request: web.Request) -> str:
        """Refuse a request from another site, one that is not JSON, or one over its address's
        limit; returns the client's address."""
        if not self._same_origin(request):
            raise _error(web.HTTPForbidden, "requests must come from the chat page")
        if request.content_type != "application/json":
            raise _error(web.HTTPUnsupportedMediaType, "the body must be application/json")
        address = client_address(request, self._trusted)
        if not self.requests.allow(address):
            raise self._too_many(request, self.requests.retry_after(address))
        return address

    def new_visitor(self, request: web.Request, address: str) -> None:
        """A request with no cookie of ours makes a new visitor: at most 20 an hour an address."""
        if not self.new_visitors.allow(address):
            raise self._too_many(request, self.new_visitors.retry_after(address))

    def _same_origin(self, request: web.Request) -> bool:
        """A browser names the page's site in Origin (and Sec-Fetch-Site); ours or none."""
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser's cross-site request (those always send Origin)
        own = f"{request.scheme}://{request.host}".lower()
        return origin.lower() in (own, self._public_origin)

    def _too_many(self, request: web.Request, retry_after: int) -> web.HTTPException:
        hint = browser_hint(request.headers.get("Accept-Language", ""), self._settings.languages)
        language = offered_language(None, [hint] if hint else [], self._settings.languages)
        with speaking(self._settings.translator, language):
            message = _("Too many messages at once. Please wait a minute and try again.")
        headers = {"Retry-After": str(retry_after), "Content-Language": bcp47(language)}
        return _error(
            web.HTTPTooManyRequests, "too many requests", message=message, headers=headers
        )
