"""Fixtures of the security tests: conversations with the real engine (a clock, the demo
catalogue) as the handler tests have them, and the running admin web as its tests have it."""

from __future__ import annotations

from tests.admin.conftest import admin, admin_site, browser, client  # noqa: F401 (fixtures)
from tests.handlers.conftest import clock, database  # noqa: F401 (fixtures)
