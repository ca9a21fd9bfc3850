"""The Bot API HTTP transport for python-telegram-bot, on one shared aiohttp session.

PTB's default httpx transport keeps a pool of one connection, which serialises every call the
bot makes; this one keeps a large aiohttp connection pool instead and maps aiohttp's failures
onto PTB's errors (`TimedOut`, `NetworkError`) so PTB's own status handling still applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput, UploadFileDict

DEFAULT_CONNECTION_LIMIT = 256


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` that sends every call through one `ClientSession`.

    aiohttp has no write timeout of its own, so the write timeout bounds the whole request
    instead: `total` is the sum of the four timeouts (None when any of them is None).
    """

    __slots__ = ("_connection_limit", "_defaults", "_media_write_timeout", "_session")

    def __init__(
        self,
        *,
        connection_limit: int = DEFAULT_CONNECTION_LIMIT,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._connection_limit = connection_limit
        self._defaults = {
            "read": read_timeout,
            "write": write_timeout,
            "connect": connect_timeout,
            "pool": pool_timeout,
        }
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout, which PTB extends by the long-polling timeout."""
        return self._defaults["read"]

    async def initialize(self) -> None:
        """Open the session (and its connection pool) once; later calls are no-ops."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connection_limit)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the session; safe to call twice."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request and return (HTTP status, body); PTB turns the status into errors."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        has_files = bool(request_data and request_data.contains_files)
        timeout = self._client_timeout(
            read=self._pick(read_timeout, "read"),
            write=self._write_timeout(write_timeout, has_files),
            connect=self._pick(connect_timeout, "connect"),
            pool=self._pick(pool_timeout, "pool"),
        )
        try:
            async with self._session.request(
                method, url, data=_request_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeouts all derive from it
            raise TimedOut(f"aiohttp.{type(exc).__name__}: {exc}") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    def _pick(self, value: ODVInput[float], name: str) -> float | None:
        if value is BaseRequest.DEFAULT_NONE:
            return self._defaults[name]
        return cast(float | None, value)  # (PTB passes seconds, or None for no limit)

    def _write_timeout(self, value: ODVInput[float], has_files: bool) -> float | None:
        if value is not BaseRequest.DEFAULT_NONE:
            return cast(float | None, value)
        return self._media_write_timeout if has_files else self._defaults["write"]

    @staticmethod
    def _client_timeout(
        *, read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        parts = [part for part in (read, write, connect, pool) if part is not None]
        total = None if len(parts) < 4 else sum(parts)
        # aiohttp's `connect` covers waiting for a pooled connection and opening a new one.
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=acquire, sock_connect=connect, sock_read=read
        )


def _request_body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Files go as multipart/form-data, everything else as a urlencoded form (like PTB's httpx)."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    return _multipart(request_data.json_parameters, request_data.multipart_data)


def _multipart(fields: dict[str, str], files: UploadFileDict) -> aiohttp.FormData:
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
