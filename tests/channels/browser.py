"""Launching Debian's headless Chromium for browser tests (never a downloaded Playwright build)."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tests.requirements import skip_or_fail

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def require_chromium() -> str:
    """The Chromium executable, with Playwright importable; otherwise skip (or fail)."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError as error:
        skip_or_fail(f"Playwright not installed: {error}")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        skip_or_fail(f"Chromium not installed ({CHROMIUM}): apt-get install chromium")
    return str(CHROMIUM)


BROWSER_PROXY = "127.0.0.1"  # the browser reaches the test app from here
_ADDRESSES = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium for the duration of the block."""
    from playwright.async_api import async_playwright

    executable = require_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def new_page(
    browser: Browser, viewport: dict[str, int] = PHONE, locale: str = "ko-KR"
) -> AsyncIterator[Page]:
    """A page in a fresh context (own cookies and storage), phone-sized unless told otherwise.
    Each context says it comes from an address of its own (`X-Forwarded-For`), which an app
    started with `trusted_proxies=BROWSER_PROXY` believes: many visitors in one test module are
    then not one address's newcomers, as they would not be in life."""
    is_phone = viewport["width"] < 600
    context = await browser.new_context(
        extra_http_headers={"X-Forwarded-For": next(_ADDRESSES)},
        viewport=viewport,
        locale=locale,
        timezone_id="Asia/Seoul",
        is_mobile=is_phone,
        has_touch=is_phone,
        device_scale_factor=2 if is_phone else 1,
    )
    try:
        yield await context.new_page()
    finally:
        await context.close()


def screenshot_path(name: str) -> Path:
    """Where a screenshot named `name` goes: artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
