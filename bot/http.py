"""The HTTP server's own routes and guards: /healthz, /metrics (behind METRICS_TOKEN when it
is set), body limit, request log."""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import structlog
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.metrics import Metrics
from storage.uow import UnitOfWork

MAX_BODY = 64 * 1024
SLOW_REQUEST_S = 1.0
log = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def limit_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse bodies over 64 KiB before reading them (chunked ones hit client_max_size)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=request.content_length)
    return await handler(request)


@web.middleware
async def refuse_malformed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A body aiohttp cannot parse (a broken multipart form, a bad header in it) is the
    client's fault: 400, not 500."""
    try:
        return await handler(request)
    except HttpProcessingError as error:
        raise web.HTTPBadRequest(text="malformed request") from error


@web.middleware
async def log_request(request: web.Request, handler: Handler) -> web.StreamResponse:
    """One line a request; the route's name, never its path (a path may hold a secret)."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status
        raise
    finally:
        route = request.match_info.route.resource
        name = route.canonical if route is not None and "{" not in route.canonical else None
        elapsed = time.perf_counter() - started
        # Every update is logged once by its channel; here only errors and slow requests.
        level = log.info if status >= 400 or elapsed > SLOW_REQUEST_S else log.debug
        level(
            "http",
            method=request.method,
            route=name or (route.name if route is not None else None),
            status=status,
            ms=round(elapsed * 1000, 1),
        )


def frame_headers(ancestors: list[str]) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Who may show our pages inside theirs: nobody, or for the web chat the sites of
    FRAME_ANCESTORS (CSP frame-ancestors; X-Frame-Options cannot name sites, so it is sent
    only to forbid). The admin pages are never framed."""
    allowed = "frame-ancestors 'self' " + " ".join(ancestors) if ancestors else None

    @web.middleware
    async def add_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            _forbid_framing(error.headers, allowed, request.path)
            raise
        _forbid_framing(response.headers, allowed, request.path)
        return response

    return add_headers


def _forbid_framing(headers, allowed: str | None, path: str) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if allowed and not path.startswith("/admin"):
        headers.setdefault("Content-Security-Policy", allowed)
    else:
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")


def bearer_matches(request: web.Request, token: SecretStr | None) -> bool:
    """Whether the request carries `Authorization: Bearer <token>` (always, without a token)."""
    if token is None or not token.get_secret_value():
        return True
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {token.get_secret_value()}"
    return hmac.compare_digest(given.encode(), expected.encode())


def register(
    app: web.Application, engine: AsyncEngine, metrics: Metrics, token: SecretStr | None = None
) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with engine.connect() as connection:
                await asyncio.wait_for(connection.execute(text("SELECT 1")), timeout=2)
        except Exception as error:  # any failure means: not healthy
            log.warning("healthz_failed", error=type(error).__name__)
            return web.json_response({"status": "unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    async def prometheus(request: web.Request) -> web.Response:
        if not bearer_matches(request, token):
            return web.Response(status=403, text="forbidden")
        async with UnitOfWork(engine) as uow:
            depth, oldest = await uow.outbox.depth(datetime.now(UTC))
        metrics.outbox_depth.set(depth)
        lag = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0
        metrics.outbox_lag.set(max(lag, 0))
        for refresh in metrics.before_scrape:
            await refresh()
        return web.Response(body=metrics.render(), content_type="text/plain", charset="utf-8")

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", prometheus)
