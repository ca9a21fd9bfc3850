"""Security headers on every response: `X-Content-Type-Options`, `Referrer-Policy`, HSTS when
PUBLIC_URL is https, and a Content-Security-Policy on every HTML page that allows no inline
script (pages keep their data in a JSON block and their code in static files).

The policy is composed from parts (`content_security_policy`), so a route that needs another
part (the web chat's `frame-ancestors`, say) sets its own header from the same parts, and the
middleware leaves a header a route has set alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

HSTS = "max-age=31536000"
BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def content_security_policy(**parts: str) -> str:
    """The policy, with `parts` replacing or adding directives (`frame_ancestors="'self'"`)."""
    policy = {**BASE_POLICY, **{name.replace("_", "-"): value for name, value in parts.items()}}
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def security_headers(https: bool, frame_ancestors: list[str] | None = None):
    """The middleware; with `https`, browsers are told to come back over https only. Pages
    other than the admin's may be framed by FRAME_ANCESTORS (`bot/http.py` adds the framing
    headers of the responses that are not HTML)."""
    framed = "'self' " + " ".join(frame_ancestors) if frame_ancestors else "'none'"
    policies = {
        True: content_security_policy(),
        False: content_security_policy(frame_ancestors=framed),
    }

    @web.middleware
    async def add_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        policy = policies[request.path.startswith("/admin")]
        try:
            response = await handler(request)
        except web.HTTPException as error:
            _add(error, policy, https)
            raise
        _add(response, policy, https)
        return response

    return add_headers


def _add(response: web.StreamResponse, policy: str, https: bool) -> None:
    if response.prepared:
        return
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if https:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if (response.content_type or "").startswith("text/html"):
        headers.setdefault("Content-Security-Policy", policy)
