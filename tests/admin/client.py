"""A small admin-web client for tests: a cookie jar, the CSRF token read from the last page,
and `sign_in`, as a browser without JavaScript would do it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import aiohttp

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Page:
    status: int
    text: str
    headers: dict
    location: str | None

    @property
    def shown(self) -> str:
        """The text with HTML entities turned back into characters (as a reader sees it)."""
        return html.unescape(self.text)

    @property
    def csrf(self) -> str:
        found = CSRF.search(self.text)
        assert found, "the page has no form with a CSRF token"
        return found[1]


class AdminClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf: str | None = None

    async def close(self) -> None:
        await self.session.close()

    async def get(self, path: str, follow: bool = False) -> Page:
        async with self.session.get(self.base_url + path, allow_redirects=follow) as response:
            page = await _page(response)
        if page.status == 200 and CSRF.search(page.text):
            self.csrf = page.csrf
        return page

    async def post(self, path: str, data=None, *, csrf: str | None | bool = True) -> Page:
        """POST a form; `csrf=True` adds the token of the last page, a string sends that one,
        and False sends none."""
        data = aiohttp.FormData(data or {}) if not isinstance(data, aiohttp.FormData) else data
        if csrf is True:
            data.add_field("csrf", self.csrf or "")
        elif isinstance(csrf, str):
            data.add_field("csrf", csrf)
        async with self.session.post(self.base_url + path, data=data, allow_redirects=False) as r:
            return await _page(r)

    async def sign_in(self, login: str, password: str) -> Page:
        await self.get("/admin/login")
        return await self.post("/admin/login", {"login": login, "password": password})


async def _page(response: aiohttp.ClientResponse) -> Page:
    return Page(
        response.status,
        await response.text(),
        dict(response.headers),
        response.headers.get("Location"),
    )
